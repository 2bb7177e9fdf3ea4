import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { postGraphQL } from "../helpers/graph.js";
import { costOf, defaults, expectRefused, graph, nested, partnerUrl, useLimitsGraph, withCost } from "../helpers/operation-limits.js";

// An operation is refused by its shape (depth, aliases, root fields, directives, tokens) or its estimated cost before the
// gateway plans it: nothing reaches a subgraph.

useLimitsGraph();

describe("an operation's shape is limited before it is planned", () => {
  it("refuses one nested deeper than any client needs, with MAX_DEPTH_EXCEEDED", async () => {
    const answer = await expectRefused(`{ product(id: "prod-0001") { ${nested(10)} } }`, "MAX_DEPTH_EXCEEDED");
    expect(answer.body.errors?.[0].message).toContain(`${defaults.limits.maxDepth}`);
  });

  it("counts depth through fragments and inline fragments, which are not levels of their own", async () => {
    await expectRefused(`query { product(id: "prod-0001") { ...A } } fragment A on Product { ${nested(8)} }`, "MAX_DEPTH_EXCEEDED");
    await expectRefused(`query { product(id: "prod-0001") { ... on Product { ${nested(8)} } } }`, "MAX_DEPTH_EXCEEDED");
    // Thirteen levels, reached through a fragment and an inline fragment, are within the limit.
    const parents = `category { ... on Category { ${"parent { ".repeat(10)}name${" }".repeat(10)} } }`;
    const within = await graph.query(`query { product(id: "prod-0001") { ...A } } fragment A on Product { ${parents} }`);
    expect(within.body.errors).toBeUndefined();
  });

  it("refuses more aliases than LIMIT_MAX_ALIASES, counting a fragment's aliases at every spread", async () => {
    const many = Array.from({ length: defaults.limits.maxAliases + 1 }, (_, i) => `t${i}: title`).join(" ");
    await expectRefused(`{ product(id: "prod-0001") { ${many} } }`, "MAX_ALIASES_EXCEEDED");
    // Ten aliases in a fragment spread four times are forty.
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}: title`).join(" ");
    await expectRefused(
      `{ a: product(id: "prod-0001") { ...T } b: product(id: "prod-0002") { ...T } } fragment T on Product { ${ten} v: variants { ...S } } fragment S on Variant { product { ...U } } fragment U on Product { ${ten} }`,
      "MAX_ALIASES_EXCEEDED",
    );
  });

  it("refuses more top-level fields than LIMIT_MAX_ROOT_FIELDS, even unaliased ones that merge", async () => {
    const fields = Array.from({ length: defaults.limits.maxRootFields + 1 }, () => `categories { id }`).join(" ");
    await expectRefused(`{ ${fields} }`, "MAX_ROOT_FIELDS_EXCEEDED");
    const throughFragment = `{ ...Q } fragment Q on Query { ${fields} }`;
    await expectRefused(throughFragment, "MAX_ROOT_FIELDS_EXCEEDED");
  });

  it("refuses more directives than LIMIT_MAX_DIRECTIVES", async () => {
    const included = Array.from({ length: defaults.limits.maxDirectives + 1 }, () => `title @include(if: true)`).join(" ");
    await expectRefused(`{ product(id: "prod-0001") { ${included} } }`, "MAX_DIRECTIVES_EXCEEDED");
  });

  it("stops parsing a document past LIMIT_MAX_TOKENS and says so with MAX_TOKENS_EXCEEDED", async () => {
    // Each `id` is a token, and an unaliased repeat is valid GraphQL: only the token count is wrong with it.
    const answer = await expectRefused(`{ categories { ${"id ".repeat(defaults.limits.maxTokens)} } }`, "MAX_TOKENS_EXCEEDED");
    expect(answer.text).not.toMatch(/Syntax Error|more that/);
  });

  it("measures only the operation that runs: a shallow one passes, a deep one in the same document is refused every time", async () => {
    const document = `query Shallow { product(id: "prod-0001") { title } } query Deep { product(id: "prod-0001") { ${nested(10)} } }`;
    const ask = async (operationName: string) => {
      const response = await fetch(graph.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: document, operationName }),
      });
      return { status: response.status, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } };
    };
    for (let round = 0; round < 2; round++) {
      expect((await ask("Shallow")).body.errors).toBeUndefined();
      const deep = await ask("Deep");
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0].extensions?.code).toBe("MAX_DEPTH_EXCEEDED");
    }
  });

  it("suggests no field names in errors, on the main endpoint too", async () => {
    const typo = await graph.query(`{ prodcts(first: 1) { nodes { id } } }`);
    expect(typo.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(typo.text).not.toMatch(/Did you mean|"products"/);
  });
});

describe("a document that doubles a fragment at each of 30 levels", () => {
  // F0 spreads F1 twice, F1 spreads F2 twice, … : 2^30 paths through 31 small fragments.
  const doubling = (leaf: string, extra = "") => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Product { ${extra} ...F${i + 1} ...F${i + 1} }`);
    return `{ product(id: "prod-0001") { ...F0 } } ${fragments.join(" ")} fragment F30 on Product { ${leaf} }`;
  };

  it("is refused by its cost in well under a second, while /health keeps answering", async () => {
    const started = performance.now();
    const [answer, health] = await Promise.all([
      expectRefused(doubling("category { name }"), "COST_LIMIT_EXCEEDED"),
      fetch(`${graph.gateway.origin}/health`),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(health.status).toBe(200);
    expect(answer.body.errors?.[0].message).toMatch(/estimated cost is \d+/);
  });

  it("is refused by its aliases when it doubles aliased fields", async () => {
    const started = performance.now();
    await expectRefused(doubling("title", "t: title"), "MAX_ALIASES_EXCEEDED");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("is answered in well under a second when all it doubles is one scalar: the paths merge into one field", async () => {
    const started = performance.now();
    const answer = await graph.query(doubling("title"));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.product.title).toEqual(expect.any(String));
  });
});

describe("an operation's cost is limited", () => {
  // The query that took a catalog subgraph to 4.3 GB: a page of 100 products, fanned out five times.
  const fanOut = `{ products(first: 100) { nodes { ${nested(5, "variants { sku }")} } } }`;

  it("refuses the fan-out query anonymously, naming its estimate and the limit", async () => {
    const answer = await expectRefused(fanOut, "COST_LIMIT_EXCEEDED");
    expect(answer.body.errors?.[0].message).toContain(`at most ${defaults.cost.limit}`);
  });

  it("holds partners to a lower limit than first-party clients, and shows the cost to a client that asks", async () => {
    // 100 products × variants × one nearby store each: fine for the app, too much for a partner.
    const query = `{ products(first: 100) { nodes { variants { sku storeAvailability(near: { lat: 41.88, lng: -87.63 }, first: 1) { distanceKm } } } } }`;
    const app = await graph.query(query, undefined, withCost);
    expect(app.body.errors).toBeUndefined();
    const estimated = costOf(app)?.estimated as number;
    expect(costOf(app)).toEqual({ estimated, limit: defaults.cost.limit });
    expect(estimated).toBeGreaterThan(defaults.cost.partnerLimit);
    for (const [url, headers] of [
      [graph.gateway.url, graph.key("partner")],
      [partnerUrl(), graph.key("partner")],
    ] as const) {
      const partner = await expectRefused(query, "COST_LIMIT_EXCEEDED", { ...headers, ...withCost }, url);
      // The refusal carries the same estimate, against the partner limit.
      expect(costOf(partner)).toEqual({ estimated, limit: defaults.cost.partnerLimit });
    }
  });

  it("refuses a partner's page of products with fifty stores per variant", async () => {
    const query = `{ products(first: 100) { nodes { variants { storeAvailability(near: { lat: 41.88, lng: -87.63 }, first: 50) { distanceKm location { name } } } } } }`;
    await expectRefused(query, "COST_LIMIT_EXCEEDED", graph.key("partner"));
  });

  it("sizes lists from paging variables, request by request", async () => {
    const query = `query($n: Int) { products(first: $n) { nodes { variants { sku storeAvailability(near: { lat: 41.88, lng: -87.63 }, first: 1) { distanceKm } } } } }`;
    const small = await postGraphQL(graph.gateway.url, query, { n: 2 }, { ...graph.key("partner"), ...withCost });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.products.nodes).toHaveLength(2);
    const large = await postGraphQL(graph.gateway.url, query, { n: 100 }, { ...graph.key("partner"), ...withCost });
    expect(large.status).toBe(400);
    expect(large.body.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
    // The same document with the small page again: nothing was remembered from the large one.
    const again = await postGraphQL(graph.gateway.url, query, { n: 2 }, { ...graph.key("partner"), ...withCost });
    expect(costOf(again)).toEqual(costOf(small));
    expect(costOf(large)!.estimated).toBeGreaterThan(10 * costOf(small)!.estimated);
  });

  it("lets every operation in the README through the limits", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(3);
    const limitCodes = /^(MAX_\w+_EXCEEDED|COST_LIMIT_EXCEEDED)$/;
    for (const block of blocks) {
      // As a signed-in agent, so that only a limit, not access, could refuse it; variables are not needed to measure.
      const answer = await graph.query(block, undefined, { ...(await graph.as("agent", "assoc-040")), ...withCost });
      for (const error of answer.body.errors ?? []) expect(String(error.extensions?.code), block).not.toMatch(limitCodes);
    }
  });
});
