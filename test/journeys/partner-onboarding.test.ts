import { randomUUID } from "node:crypto";
import { buildClientSchema, getIntrospectionQuery, isObjectType, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

// A partner's first day: a key, the partner endpoint, its documentation by introspection, its prices, the
// availability it may promise, and the feed it syncs its catalog by.

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const partnerUrl = () => `${graph.gateway.origin}/partner/graphql`;

describe("the partner endpoint needs a partner key", () => {
  it("is a 401 UNAUTHENTICATED without a key, with a bad one, with a kiosk key or a person's token", async () => {
    const query = "{ categories { id } }";
    const callers: [string, Record<string, string>][] = [
      ["no key", {}],
      ["a bad key", { "x-api-key": "og_not_a_real_key" }],
      ["a kiosk key", graph.key("kiosk")],
      ["an associate's token", await graph.as("associate", "assoc-001", "store-01")],
    ];
    for (const [who, headers] of callers) {
      const answer = await postGraphQL(partnerUrl(), query, undefined, headers);
      expect(answer.status, who).toBe(401);
      expect(answer.body.errors![0].extensions!.code, who).toBe("UNAUTHENTICATED");
      expect(answer.body.data, who).toBeUndefined();
    }
    const withKey = await postGraphQL(partnerUrl(), query, undefined, graph.key("partner"));
    expect(withKey.status).toBe(200);
    expect(withKey.body.data.categories.length).toBeGreaterThan(5);
  });
});

describe("what a partner's introspection shows", () => {
  it("no customer, order, cart or associate, no personal field, no mutation, no raw stock count", async () => {
    const answer = await postGraphQL(partnerUrl(), getIntrospectionQuery(), undefined, graph.key("partner"));
    expect(answer.body.errors).toBeUndefined();
    const schema = buildClientSchema(answer.body.data);
    for (const hidden of ["Customer", "Order", "Cart", "Associate", "Fulfillment", "ServiceCase"])
      expect(schema.getType(hidden), hidden).toBeUndefined();
    expect(schema.getMutationType() ?? null).toBeNull();
    expect(schema.getSubscriptionType() ?? null).toBeNull();
    const fields = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
    for (const hidden of ["email", "phone", "onHand", "reserved", "safetyStock"]) {
      expect(
        fields.filter((coordinate) => coordinate.endsWith(`.${hidden}`)),
        hidden,
      ).toEqual([]);
    }
    // What they may promise instead.
    expect(fields).toEqual(
      expect.arrayContaining([
        "StockLevel.availableToPromise",
        "StoreAvailability.availableToPromise",
        "OnlineAvailability.availableToPromise",
      ]),
    );
    expect(printSchema(schema)).toContain("updatedSince: DateTime");
  });

  it("refuses a partner asking for on-hand, reserved or safety stock, on either endpoint", async () => {
    for (const url of [partnerUrl(), graph.gateway.url]) {
      const answer = await postGraphQL(
        url,
        `{ variant(sku: "SKU-0001-01") { stockAt(locationId: "store-01") { onHand reserved safetyStock } } }`,
        undefined,
        graph.key("partner"),
      );
      expect(answer.status, url).toBe(400);
      expect(answer.body.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(answer.text).not.toMatch(/"onHand":\s*\d/);
    }
    // Staff still see the counts.
    const staff = await graph.query(
      `{ variant(sku: "SKU-0001-01") { stockAt(locationId: "store-01") { onHand availableToPromise } } }`,
      undefined,
      await graph.as("associate", "assoc-001", "store-01"),
    );
    expect(staff.body.data.variant.stockAt.onHand).toEqual(expect.any(Number));
  });

  it("stays on where introspection is off: partners read their contract, everyone else on /graphql is refused, staff in the sandbox are not", async () => {
    const closed = await startGraph({}, { env: { INTROSPECTION: "false" } });
    try {
      const partner = await postGraphQL(
        `${closed.gateway.origin}/partner/graphql`,
        `{ __schema { queryType { fields { name } } } }`,
        undefined,
        closed.key("partner"),
      );
      expect(partner.body.errors).toBeUndefined();
      expect(partner.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name)).toContain("products");
      const anonymous = await closed.query(`{ __schema { types { name } } }`);
      expect(anonymous.status).toBe(400);
      expect(anonymous.body.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const hidden = await closed.query(`{ categories { id ... on Query { __type(name: "Customer") { name } } } }`);
      expect(hidden.status).toBe(400);
      const staff = await closed.query(`{ __type(name: "Customer") { name } }`, undefined, {
        ...(await closed.as("agent", "assoc-037")),
        "apollographql-client-name": "omnigraph-sandbox",
      });
      expect(staff.body.data.__type).toEqual({ name: "Customer" });
      // Data still flows for everyone.
      expect((await closed.query(`{ categories { id } }`)).body.data.categories.length).toBeGreaterThan(5);
    } finally {
      await closed.close();
    }
  });
});

describe("a partner's session", () => {
  it("says who the key is and which channel its prices follow", async () => {
    const answer = await postGraphQL(partnerUrl(), `{ session { kind channel store { id } } }`, undefined, graph.key("partner"));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.session).toEqual({ kind: "PARTNER", channel: "PARTNER", store: null });
  });
});

describe("a partner's prices", () => {
  it("are the PARTNER price list by default, never another channel's", async () => {
    const query = `{ products(first: 30) { nodes { variants { sku price { amount } } } } }`;
    const partner = await postGraphQL(partnerUrl(), query, undefined, graph.key("partner"));
    const staff = await graph.query(
      `{ products(first: 30) { nodes { variants { sku partner: price(channel: PARTNER) { amount } web: price(channel: WEB) { amount } } } } }`,
      undefined,
      await graph.as("agent", "assoc-037"),
    );
    const partnerPrices = partner.body.data.products.nodes.flatMap((p: any) => p.variants.map((v: any) => [v.sku, v.price.amount]));
    const staffVariants = staff.body.data.products.nodes.flatMap((p: any) => p.variants);
    expect(partnerPrices).toEqual(staffVariants.map((v: any) => [v.sku, v.partner.amount]));
    // The lists differ, so the comparison above could tell them apart.
    expect(staffVariants.some((v: any) => v.partner.amount !== v.web.amount)).toBe(true);
    for (const channel of ["WEB", "MOBILE_APP", "STORE", "KIOSK"]) {
      const other = await postGraphQL(
        partnerUrl(),
        `{ variant(sku: "SKU-0001-01") { price(channel: ${channel}) { amount } } }`,
        undefined,
        graph.key("partner"),
      );
      expect(other.body.errors![0].extensions!.code, channel).toBe("FORBIDDEN");
      expect(other.body.data?.variant ?? null, channel).toBeNull();
    }
  });
});

describe("the catalog feed", () => {
  for (const backend of ["memory", "redis"] as const) {
    it(`pages every product changed since a time, oldest change first, and resumes from the last one seen (${backend})`, async () => {
      const own = backend === "redis" ? await startGraph({}, { redisPrefix: `test:${randomUUID()}:` }) : graph;
      try {
        const all = await postGraphQL(
          `${own.gateway.origin}/partner/graphql`,
          `{ products(first: 100, updatedSince: "2000-01-01T00:00:00Z") { totalCount } }`,
          undefined,
          own.key("partner"),
        );
        const total = all.body.data.products.totalCount as number;
        const listed = (await own.query(`{ products(first: 1) { totalCount } }`)).body.data.products.totalCount;
        expect(total).toBe(listed);
        const seen: { id: string; updatedAt: string }[] = [];
        let after: string | null = null;
        do {
          const page: any = await postGraphQL(
            `${own.gateway.origin}/partner/graphql`,
            `query Feed($after: String) { products(updatedSince: "2000-01-01T00:00:00Z", first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }`,
            { after },
            own.key("partner"),
          );
          expect(page.body.errors).toBeUndefined();
          seen.push(...page.body.data.products.nodes);
          after = page.body.data.products.pageInfo.hasNextPage ? page.body.data.products.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((p) => p.id)).size).toBe(total);
        const times = seen.map((p) => Date.parse(p.updatedAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        // Resuming from a product's change time gives it and everything after it, nothing before.
        const middle = seen[Math.floor(total / 2)];
        const resumed = await postGraphQL(
          `${own.gateway.origin}/partner/graphql`,
          `query Feed($since: DateTime!) { products(updatedSince: $since, first: 100) { totalCount nodes { id updatedAt } } }`,
          { since: middle.updatedAt },
          own.key("partner"),
        );
        const expected = seen.filter((p) => Date.parse(p.updatedAt) >= Date.parse(middle.updatedAt));
        expect(resumed.body.data.products.totalCount).toBe(expected.length);
        expect(resumed.body.data.products.nodes.map((p: any) => p.id)).toEqual(expected.slice(0, 100).map((p) => p.id));
        const future = await postGraphQL(
          `${own.gateway.origin}/partner/graphql`,
          `{ products(updatedSince: "2999-01-01T00:00:00Z") { totalCount nodes { id } } }`,
          undefined,
          own.key("partner"),
        );
        expect(future.body.data.products).toEqual({ totalCount: 0, nodes: [] });
      } finally {
        if (own !== graph) await own.close();
      }
    });
  }

  it("refuses a time that is not a DateTime and a feed within a category, with codes", async () => {
    const bad = await postGraphQL(partnerUrl(), `{ products(updatedSince: "yesterday") { totalCount } }`, undefined, graph.key("partner"));
    expect(bad.body.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(bad.body.errors![0].message).toContain("yesterday");
    expect(bad.body.data ?? null).toBeNull();
    const both = await postGraphQL(
      partnerUrl(),
      `{ products(updatedSince: "2020-01-01T00:00:00Z", categoryId: "cat-01") { totalCount } }`,
      undefined,
      graph.key("partner"),
    );
    expect(both.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  });
});
