import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { signIdentity, IDENTITY_HEADER } from "../../lib/auth/internal.js";
import { SalesChannel } from "../../lib/channel.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import * as catalog from "../../subgraphs/catalog/index.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { countingStore, postGraphQL, startGraph, type GraphQLAnswer, type TestGraph } from "../helpers/graph.js";

// The limits every deployment starts with: the tests read them rather than repeat them.
const defaults = loadConfig({ OMNIGRAPH_ENV: "test" });

let graph: TestGraph;
/** HTTP requests the four subgraphs have received since the test began. */
let subgraphRequests = 0;
beforeAll(async () => {
  graph = await startGraph();
  for (const name of SUBGRAPH_NAMES) graph.subgraphs[name].server.on("request", () => subgraphRequests++);
});
afterAll(() => graph?.close());

const partnerUrl = () => `${graph.gateway.origin}/partner/graphql`;
const withCost = { "x-omnigraph-cost": "true" };
/** What the gateway says an answered or refused operation cost, when asked with `x-omnigraph-cost: true`. */
const costOf = (answer: GraphQLAnswer) =>
  (answer.body as { extensions?: { cost?: { estimated: number; limit: number } } }).extensions?.cost;

/** Sends `query` and expects it refused with `code` as a 400, and no subgraph asked anything. */
async function expectRefused(query: string, code: string, headers: Record<string, string> = {}, url = graph.gateway.url) {
  const before = subgraphRequests;
  const answer = await postGraphQL(url, query, undefined, headers);
  expect(answer.status, answer.text).toBe(400);
  expect(answer.body.errors?.[0].extensions?.code, answer.text).toBe(code);
  expect(answer.body.data).toBeUndefined();
  expect(subgraphRequests - before, "subgraph requests").toBe(0);
  return answer;
}

const nested = (levels: number, leaf = "title") => {
  let selection = leaf;
  for (let i = 0; i < levels; i++) selection = `variants { product { ${selection} } }`;
  return selection;
};

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

describe("a subgraph protects itself", () => {
  const anonymous = () => graph.identity({ kind: "anonymous" });

  it("refuses the fan-out query sent straight to the catalog with a valid identity", async () => {
    const fanOut = `{ products(first: 100) { nodes { ${nested(5, "variants { sku }")} } } }`;
    const answer = await postGraphQL(graph.subgraphs.catalog.url, fanOut, undefined, anonymous());
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
    expect(answer.body.data).toBeUndefined();
    // An ordinary page is served as before.
    const page = await postGraphQL(
      graph.subgraphs.catalog.url,
      `{ products(first: 100) { nodes { variants { sku } } } }`,
      undefined,
      anonymous(),
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.products.nodes).toHaveLength(100);
  });

  it("counts the entities the gateway sends: a huge batch is refused", async () => {
    const representations = Array.from({ length: 20_000 }, (_, i) => ({
      __typename: "Product",
      id: `prod-${String((i % 200) + 1).padStart(4, "0")}`,
    }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { variants { sku } } } }`;
    const answer = await postGraphQL(graph.subgraphs.catalog.url, query, { r: representations }, anonymous());
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
    const few = await postGraphQL(graph.subgraphs.catalog.url, query, { r: representations.slice(0, 3) }, anonymous());
    expect(few.body.errors).toBeUndefined();
    expect(few.body.data._entities).toHaveLength(3);
  });

  it("caps every page size it is asked for with BAD_USER_INPUT", async () => {
    for (const [subgraph, query] of [
      ["catalog", `{ products(first: 101) { totalCount } }`],
      ["catalog", `{ searchProducts(query: "a", first: 101) { totalCount } }`],
      ["inventory", `{ locations(first: 101) { totalCount } }`],
    ] as const) {
      const answer = await postGraphQL(graph.subgraphs[subgraph].url, query, undefined, anonymous());
      expect(answer.body.errors?.[0].extensions?.code, query).toBe("BAD_USER_INPUT");
    }
    const availability = await graph.query(
      `{ variant(sku: "SKU-0001-01") { storeAvailability(near: { lat: 41.88, lng: -87.63 }, first: 51) { distanceKm } } }`,
    );
    expect(availability.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("a subgraph stops work nobody waits for", () => {
  const config = loadConfig({ OMNIGRAPH_ENV: "test" });
  const logger = createLogger({ level: "silent" });
  const query = `{ products(first: 5) { nodes { id variants { sku } } } }`;

  /** A catalog whose product listing waits until `release` is called; counts every store call. */
  async function slowCatalog(subgraphTimeoutMs: number) {
    const counted = countingStore(new MemoryCatalogStore(catalogSeed()));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let listed!: () => void;
    const listing = new Promise<void>((resolve) => (listed = resolve));
    const store = new Proxy(counted.store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "listProducts") return value;
        return async (...args: unknown[]) => {
          listed();
          await released;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const running: RunningSubgraph = await serveSubgraph(await catalog.createSubgraph({ store }), {
      serviceSecret: graph.auth.serviceSecret,
      port: 0,
      host: "127.0.0.1",
      logger,
      maxBodyBytes: config.maxBodyBytes,
      limits: config,
      work: { ...config, subgraphTimeoutMs },
      introspection: false,
    });
    const headers = {
      "content-type": "application/json",
      [IDENTITY_HEADER]: signIdentity(graph.auth.serviceSecret, {
        requestId: "direct-call",
        viewer: { kind: "anonymous" },
        channel: SalesChannel.WEB,
        storeId: null,
        client: { name: null, version: null },
      }),
    };
    return { running, calls: counted.calls, release, listing, headers };
  }

  it("stops resolving when the caller has gone away", async () => {
    const catalogService = await slowCatalog(10_000);
    try {
      const closed = new Promise<void>((resolve) =>
        catalogService.running.server.once("request", (_req, res) => res.once("close", () => resolve())),
      );
      const caller = new AbortController();
      const request = fetch(catalogService.running.url, {
        method: "POST",
        headers: catalogService.headers,
        body: JSON.stringify({ query }),
        signal: caller.signal,
      }).catch((error: Error) => error);
      await catalogService.listing;
      caller.abort();
      expect(await request).toBeInstanceOf(Error);
      await closed;
      catalogService.release();
      // Let the listing's promise chain run out: whatever it would still resolve, it resolves now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(catalogService.calls.get("variantsBySku") ?? [], "variant loads after the caller left").toEqual([]);
    } finally {
      await catalogService.running.close();
    }
  });

  it("stops resolving once its deadline has passed, and says so", async () => {
    const catalogService = await slowCatalog(50);
    try {
      const answer = postGraphQL(catalogService.running.url, query, undefined, catalogService.headers);
      await catalogService.listing;
      setTimeout(catalogService.release, 100);
      const { body } = await answer;
      expect(body.errors?.[0].extensions?.code).toBe("SUBGRAPH_TIMEOUT");
      expect(catalogService.calls.get("variantsBySku") ?? []).toEqual([]);
    } finally {
      await catalogService.running.close();
    }
  });

  it("answers in full when the caller waits and the deadline holds", async () => {
    const catalogService = await slowCatalog(10_000);
    try {
      const answer = postGraphQL(catalogService.running.url, query, undefined, catalogService.headers);
      await catalogService.listing;
      catalogService.release();
      const { body } = await answer;
      expect(body.errors).toBeUndefined();
      expect(body.data.products.nodes).toHaveLength(5);
      expect(catalogService.calls.get("variantsBySku")?.length).toBeGreaterThan(0);
    } finally {
      await catalogService.running.close();
    }
  });
});

describe("an operator sets the limits", () => {
  it("reads each limit from the environment and refuses values out of range, naming every bad one", () => {
    const config = loadConfig({
      LIMIT_MAX_DEPTH: "4",
      LIMIT_MAX_ALIASES: "2",
      LIMIT_MAX_TOKENS: "300",
      LIMIT_MAX_ROOT_FIELDS: "3",
      LIMIT_MAX_DIRECTIVES: "1",
      COST_LIMIT: "900",
      PARTNER_COST_LIMIT: "90",
      COST_DEFAULT_LIST_SIZE: "7",
      SUBGRAPH_COST_LIMIT: "9000",
    });
    expect(config.limits).toEqual({ maxDepth: 4, maxAliases: 2, maxTokens: 300, maxRootFields: 3, maxDirectives: 1 });
    expect(config.cost).toEqual({ limit: 900, partnerLimit: 90, defaultListSize: 7, subgraphLimit: 9000 });
    const bad = () => loadConfig({ LIMIT_MAX_DEPTH: "0", COST_LIMIT: "lots", COST_DEFAULT_LIST_SIZE: "-1" });
    expect(bad).toThrow(/LIMIT_MAX_DEPTH[\s\S]*COST_LIMIT[\s\S]*COST_DEFAULT_LIST_SIZE/);
  });

  it("holds requests to the configured limits, not the defaults", async () => {
    const config = loadConfig({ OMNIGRAPH_ENV: "test", LIMIT_MAX_DEPTH: "3", COST_LIMIT: "30" });
    const gateway = await createGateway(config, {
      auth: graph.auth,
      logger: createLogger({ level: "silent" }),
      supergraphSdl: await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"),
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])),
    }).listen(0, "127.0.0.1");
    try {
      const deep = await postGraphQL(gateway.url, `{ product(id: "prod-0001") { category { parent { name } } } }`);
      expect(deep.body.errors?.[0].extensions?.code).toBe("MAX_DEPTH_EXCEEDED");
      const costly = await postGraphQL(gateway.url, `{ products(first: 31) { nodes { id } } }`, undefined, withCost);
      expect(costly.body.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
      expect(costOf(costly)?.limit).toBe(30);
      const cheap = await postGraphQL(gateway.url, `{ products(first: 3) { nodes { id } } }`);
      expect(cheap.body.data.products.nodes).toHaveLength(3);
    } finally {
      await gateway.close();
    }
  });
});
