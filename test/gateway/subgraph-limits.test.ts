import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { signIdentity, IDENTITY_HEADER } from "../../lib/auth/internal.js";
import { SalesChannel } from "../../lib/channel.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import * as catalog from "../../subgraphs/catalog/index.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { countingStore, postGraphQL } from "../helpers/graph.js";
import { costOf, graph, nested, useLimitsGraph, withCost } from "../helpers/operation-limits.js";

// A subgraph holds its own limits (cost, entity batches, page sizes) against a caller with a valid identity, stops work
// nobody waits for, and the operator sets every limit from the environment.

useLimitsGraph();

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
