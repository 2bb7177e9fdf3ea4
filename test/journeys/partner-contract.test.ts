import { buildClientSchema, getIntrospectionQuery, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const partnerUrl = () => `${graph.gateway.origin}/partner/graphql`;
const post = (url: string, query: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as any }),
  );

describe("partners see only the partner contract", () => {
  it("introspects a schema with catalog, locations and availability and nothing personal", async () => {
    const answer = await post(partnerUrl(), getIntrospectionQuery(), graph.key("partner"));
    expect(answer.body.errors).toBeUndefined();
    const schema = buildClientSchema(answer.body.data);
    const sdl = printSchema(schema);
    for (const visible of [
      "type Product",
      "type Variant",
      "storeAvailability",
      "onlineAvailability",
      "type Location",
      "searchProducts",
      "type Money",
    ]) {
      expect(sdl).toContain(visible);
    }
    // Session is theirs (who the key is, which channel its prices follow); nothing in it is personal.
    expect(sdl).toContain("type Session");
    for (const hidden of ["Customer", "Order", "Cart", "Associate", "Interaction", "ServiceCase", "Fulfillment", "Mutation"]) {
      expect(schema.getType(hidden), hidden).toBeUndefined();
    }
    for (const field of ["email", "pickupQueue", "findCustomers", "attributedSales", "me"])
      expect(sdl).not.toMatch(new RegExp(`\\b${field}[(:]`));
    expect(schema.getMutationType() ?? null).toBeNull();
  });

  it("answers contract queries and refuses everything else as a validation error", async () => {
    const ok = await post(
      partnerUrl(),
      `{ products(first: 2) { nodes { title variants { sku price(channel: PARTNER) { amount } } } } }`,
      graph.key("partner"),
    );
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.products.nodes).toHaveLength(2);
    const refused = await post(partnerUrl(), `{ me { email } }`, graph.key("partner"));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(refused.body.data).toBeUndefined();
  });

  it("holds a partner key to the contract on the main endpoint too", async () => {
    const introspection = await post(graph.gateway.url, `{ __type(name: "Customer") { name } }`, graph.key("partner"));
    expect(introspection.body.data.__type).toBeNull();
    const refused = await post(graph.gateway.url, `{ order(number: "OG-100001") { id } }`, graph.key("partner"));
    expect(refused.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // Without a partner key the main endpoint still shows the whole graph.
    const full = await post(graph.gateway.url, `{ __type(name: "Customer") { name } }`);
    expect(full.body.data.__type).toEqual({ name: "Customer" });
  });
});

describe("the partner contract is read-only", () => {
  it("refuses every mutation for a partner key, before any subgraph sees it", async () => {
    const answer = await post(
      graph.gateway.url,
      `mutation { adjustStock(input: { locationId: "store-01", sku: "SKU-0001-01", delta: 5, reason: RECEIPT }) { userErrors { code } } }`,
      graph.key("partner"),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("the contract cannot be side-stepped", () => {
  it("refuses introspection mixed with data, which would be answered from the full graph", async () => {
    const mixed = await post(graph.gateway.url, `{ __type(name: "Customer") { fields { name } } categories { id } }`, graph.key("partner"));
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(mixed.body)).not.toContain("email");
  });

  it("suggests no field names in errors, which could name what the contract hides", async () => {
    const typo = await post(partnerUrl(), `{ ordr(id: "x") { id } }`, graph.key("partner"));
    expect(typo.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean|"order"/);
  });
});

describe("the contract holds on the whole document", () => {
  const schemaFields = `types { name fields(includeDeprecated: true) { name } } mutationType { name }`;
  const wrappedIntrospection: [string, string][] = [
    ["a named fragment", `query { ...F } fragment F on Query { __schema { ${schemaFields} } }`],
    ["fragments within fragments", `query { ...A } fragment A on Query { ...B } fragment B on Query { __schema { ${schemaFields} } }`],
    ["an inline fragment", `query { ... on Query { __schema { ${schemaFields} } } }`],
    ["an alias inside an inline fragment", `query { ... { s: __schema { ${schemaFields} } } }`],
  ];
  const callers = () =>
    [
      ["a partner key on /graphql", graph.gateway.url, graph.key("partner")],
      ["a partner key on /partner/graphql", partnerUrl(), graph.key("partner")],
    ] as const;

  it("answers introspection wrapped in fragments, inline fragments and aliases from the contract only", async () => {
    for (const [caller, url, headers] of callers()) {
      for (const [wrapping, query] of wrappedIntrospection) {
        const answer = await post(url, query, headers);
        const label = `${caller}, ${wrapping}`;
        expect(answer.body.errors, label).toBeUndefined();
        const schema = answer.body.data.__schema ?? answer.body.data.s;
        const types = new Map<string, string[]>(schema.types.map((t: any) => [t.name, (t.fields ?? []).map((f: any) => f.name)]));
        expect(types.has("Product"), label).toBe(true);
        for (const hidden of ["Customer", "Order", "Cart", "Mutation"]) expect(types.has(hidden), `${label}: ${hidden}`).toBe(false);
        expect([...types.values()].flat(), label).not.toContain("email");
        expect(schema.mutationType, label).toBeNull();
      }
    }
  });

  it("finds no type outside the contract through a fragment-wrapped __type", async () => {
    for (const [caller, url, headers] of callers()) {
      const answer = await post(
        url,
        `{ ...T } fragment T on Query { customer: __type(name: "Customer") { name fields { name } } }`,
        headers,
      );
      expect(answer.body.errors, caller).toBeUndefined();
      expect(answer.body.data.customer, caller).toBeNull();
    }
    // Outside a contract, the same document sees the whole graph.
    const full = await post(graph.gateway.url, `{ ...T } fragment T on Query { customer: __type(name: "Customer") { name } }`);
    expect(full.body.data.customer).toEqual({ name: "Customer" });
  });

  it("refuses fields outside the contract reached through fragments, inline fragments and aliases", async () => {
    const outside = [
      `{ ...F } fragment F on Query { me { email } }`,
      `{ ... on Query { c: customer(id: "cust-001") { email } } }`,
      `{ locations(first: 1) { nodes { ...L } } } fragment L on Location { queue: pickupQueue { id } }`,
      `{ locations(first: 1) { nodes { ... on Location { q: pickupQueue { id } } } } }`,
    ];
    for (const [caller, url, headers] of callers()) {
      for (const query of outside) {
        const answer = await post(url, query, headers);
        expect(answer.status, `${caller}: ${query}`).toBe(400);
        expect(answer.body.errors[0].extensions.code, `${caller}: ${query}`).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(answer.body.data).toBeUndefined();
        expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
      }
    }
  });

  it("refuses introspection mixed with data when a fragment hides either", async () => {
    for (const [caller, url, headers] of callers()) {
      const mixed = await post(url, `{ categories { id } ...F } fragment F on Query { __schema { types { name } } }`, headers);
      expect(mixed.status, caller).toBe(400);
      expect(mixed.body.errors[0].extensions.code, caller).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(JSON.stringify(mixed.body)).not.toContain("Customer");
    }
  });
});
