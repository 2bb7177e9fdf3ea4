import { buildClientSchema, getIntrospectionQuery, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "./helpers/graph.js";

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
    const answer = await post(partnerUrl(), getIntrospectionQuery());
    expect(answer.body.errors).toBeUndefined();
    const schema = buildClientSchema(answer.body.data);
    const sdl = printSchema(schema);
    for (const visible of ["type Product", "type Variant", "storeAvailability", "onlineAvailability", "type Location", "searchProducts", "type Money"]) {
      expect(sdl).toContain(visible);
    }
    for (const hidden of ["Customer", "Order", "Cart", "Associate", "Interaction", "ServiceCase", "Fulfillment", "Session", "Mutation"]) {
      expect(schema.getType(hidden), hidden).toBeUndefined();
    }
    for (const field of ["email", "pickupQueue", "findCustomers", "attributedSales", "me"]) expect(sdl).not.toMatch(new RegExp(`\\b${field}[(:]`));
    expect(schema.getMutationType() ?? null).toBeNull();
  });

  it("answers contract queries and refuses everything else as a validation error", async () => {
    const ok = await post(partnerUrl(), `{ products(first: 2) { nodes { title variants { sku price(channel: PARTNER) { amount } } } } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.products.nodes).toHaveLength(2);
    const refused = await post(partnerUrl(), `{ me { email } }`);
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
    const answer = await post(graph.gateway.url, `mutation { adjustStock(input: { locationId: "store-01", sku: "SKU-0001-01", delta: 5, reason: RECEIPT }) { userErrors { code } } }`, graph.key("partner"));
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
    const typo = await post(partnerUrl(), `{ ordr(id: "x") { id } }`);
    expect(typo.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean|"order"/);
  });
});
