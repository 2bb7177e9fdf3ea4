import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../lib/config.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";
import { gatewayInFront, startSubgraphProxy, type GatewayInFront, type SubgraphProxy } from "../helpers/subgraph-proxy.js";

/**
 * The gateway serves what is public from its response cache and never what is personal. Each story runs a gateway of
 * its own in front of the test graph's real subgraphs, each behind a proxy that counts what reaches it, and reads the
 * answers a client gets: their data, `x-cache` and `Cache-Control`.
 */

const world = demoWorld();
const associateOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
/** A product whose kiosk price differs from the web's, so that an answer served on the wrong channel shows. */
const pricedApart = world.variants.find((v) => v.prices[SalesChannel.KIOSK].price !== v.prices[SalesChannel.WEB].price)!;

const PRODUCT_PAGE = `query ProductPage($id: ID!) {
  product(id: $id) { id title variants { sku price { amount } onlineAvailability { availableToPromise } } }
}`;
const STOCK = `query Stock($sku: ID!, $at: ID!) { variant(sku: $sku) { sku stockAt(locationId: $at) { onHand availableToPromise } } }`;
const ADJUST = `mutation Adjust($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { onHand } userErrors { code } } }`;
const ME = `query Me { me { id firstName } }`;

let graph: TestGraph;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  graph = await startGraph();
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => graph?.close());

interface CachingGateway extends GatewayInFront {
  /** Subgraph fetches so far, every subgraph counted. */
  fetches(): number;
  proxies: Record<SubgraphName, SubgraphProxy>;
}

/** A gateway of its own, configured by `env`, in front of the graph's subgraphs, each behind a counting proxy. */
async function cachingGateway(env: Record<string, string> = {}, on: TestGraph = graph): Promise<CachingGateway> {
  const proxies = {} as Record<SubgraphName, SubgraphProxy>;
  for (const name of SUBGRAPH_NAMES) {
    const proxy = await startSubgraphProxy(on.subgraphs[name].url);
    cleanups.push(() => proxy.close());
    proxies[name] = proxy;
  }
  const front = await gatewayInFront(on, { env, proxies, bus: on.bus });
  cleanups.push(() => front.gateway.close());
  return { ...front, proxies, fetches: () => SUBGRAPH_NAMES.reduce((sum, name) => sum + proxies[name].requests.length, 0) };
}

/** A GET as a browser or CDN sends it; Apollo wants the preflight header on GETs (CSRF prevention). */
async function getGraphQL(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const response = await fetch(`${url}?${search}`, { headers: { "apollo-require-preflight": "true", ...headers } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

describe("a shopper browsing the catalog", () => {
  const productId = world.products[3].id;

  it("gets the second identical product page from the cache, with no subgraph asked", async () => {
    const cached = await cachingGateway();
    const first = await cached.query(PRODUCT_PAGE, { id: productId });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get("x-cache")).toBe("MISS");
    const fetched = cached.fetches();
    expect(fetched).toBeGreaterThanOrEqual(2);

    const second = await cached.query(PRODUCT_PAGE, { id: productId });
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.body).toEqual(first.body);
    expect(cached.fetches()).toBe(fetched);
    // A POST is not for shared caches, whatever the gateway keeps.
    expect(second.headers.get("cache-control")).toBe("no-store");

    // Other variables are another answer.
    const other = await cached.query(PRODUCT_PAGE, { id: world.products[4].id });
    expect(other.headers.get("x-cache")).toBe("MISS");
    expect(other.body.data.product.id).toBe(world.products[4].id);
  });

  it("lets a CDN keep a GET for at most the availability's max-age, keyed by who asks and through which channel", async () => {
    const cached = await cachingGateway();
    const first = await getGraphQL(cached.gateway.url, PRODUCT_PAGE, { id: productId });
    expect(first.status).toBe(200);
    const maxAge = Number(/^public, max-age=(\d+)$/.exec(first.headers.get("cache-control") ?? "")?.[1]);
    // The page holds availability (15 s) next to catalog data (300 s): the shortest wins.
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(15);
    expect(first.headers.get("vary")).toMatch(/authorization/);
    expect(first.headers.get("vary")).toMatch(/x-channel/);
    const again = await getGraphQL(cached.gateway.url, PRODUCT_PAGE, { id: productId });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(again.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);

    // A signed-in shopper shares the answer, but no shared cache is told it may keep a person's request.
    const customer = await getGraphQL(cached.gateway.url, PRODUCT_PAGE, { id: productId }, await graph.as("customer", "cust-002"));
    expect(customer.headers.get("x-cache")).toBe("HIT");
    expect(customer.body).toEqual(again.body);
    expect(customer.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps the kiosk's prices and the website's apart", async () => {
    const cached = await cachingGateway();
    const query = `query Price($sku: ID!) { variant(sku: $sku) { sku price { amount } } }`;
    const amount = (cents: number) => (cents / 100).toFixed(2);
    const web = await cached.query(query, { sku: pricedApart.sku });
    expect(web.body.data.variant.price.amount).toBe(amount(pricedApart.prices[SalesChannel.WEB].price));
    expect((await cached.query(query, { sku: pricedApart.sku })).headers.get("x-cache")).toBe("HIT");

    const kiosk = await cached.query(query, { sku: pricedApart.sku }, graph.key("kiosk"));
    expect(kiosk.headers.get("x-cache")).toBe("MISS");
    expect(kiosk.body.data.variant.price.amount).toBe(amount(pricedApart.prices[SalesChannel.KIOSK].price));
    const kioskAgain = await cached.query(query, { sku: pricedApart.sku }, graph.key("kiosk"));
    expect(kioskAgain.headers.get("x-cache")).toBe("HIT");
    expect(kioskAgain.body.data.variant.price.amount).toBe(amount(pricedApart.prices[SalesChannel.KIOSK].price));
    // The website still gets its own.
    expect((await cached.query(query, { sku: pricedApart.sku })).body.data.variant.price.amount).toBe(
      amount(pricedApart.prices[SalesChannel.WEB].price),
    );
  });

  it("never hands a shopper what staff may read: an associate's store price list stays the associate's", async () => {
    const cached = await cachingGateway();
    const query = `query StorePrice($sku: ID!) { variant(sku: $sku) { price(channel: STORE) { amount } } }`;
    const staff = { ...(await graph.as("associate", associateOf("store-01").id, "store-01")), "x-channel": "WEB" };
    const forStaff = await cached.query(query, { sku: pricedApart.sku }, staff);
    expect(forStaff.body.errors).toBeUndefined();
    expect((await cached.query(query, { sku: pricedApart.sku }, staff)).headers.get("x-cache")).toBe("HIT");

    // Same operation, variables and channel, but a shopper: refused, as without a cache.
    const shopper = await cached.query(query, { sku: pricedApart.sku });
    expect(shopper.headers.get("x-cache")).toBe("MISS");
    expect(shopper.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(shopper.text).not.toContain(forStaff.body.data.variant.price.amount);
  });
});

describe("what is personal", () => {
  it("a customer's `me` is never stored, so never served to another customer", async () => {
    const cached = await cachingGateway();
    const alice = await graph.as("customer", "cust-001");
    const bob = await graph.as("customer", "cust-002");
    const first = await cached.query(ME, undefined, alice);
    expect(first.body.data.me.id).toBe("cust-001");
    const before = cached.fetches();
    const again = await cached.query(ME, undefined, alice);
    expect(again.headers.get("x-cache")).toBe("MISS");
    expect(cached.fetches()).toBeGreaterThan(before);

    const other = await cached.query(ME, undefined, bob);
    expect(other.headers.get("x-cache")).toBe("MISS");
    expect(other.body.data.me.id).toBe("cust-002");
    expect(other.text).not.toContain(first.body.data.me.firstName);
  });

  it("one personal field keeps a whole answer out of the cache, however public the rest", async () => {
    const cached = await cachingGateway();
    const alice = await graph.as("customer", "cust-001");
    const mixed = `query Mixed($id: ID!) { me { id } product(id: $id) { title } }`;
    await cached.query(mixed, { id: world.products[5].id }, alice);
    const before = cached.fetches();
    const again = await cached.query(mixed, { id: world.products[5].id }, alice);
    expect(again.headers.get("x-cache")).toBe("MISS");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(cached.fetches()).toBeGreaterThan(before);
  });

  it("a mutation is never answered from the cache", async () => {
    const cached = await cachingGateway();
    const store = "store-02";
    const headers = await graph.as("associate", associateOf(store).id, store);
    const input = { locationId: store, sku: world.variants[11].sku, delta: 1, reason: "RECEIPT" };
    const first = await cached.query(ADJUST, { input }, headers);
    const second = await cached.query(ADJUST, { input }, headers);
    expect(second.headers.get("x-cache")).toBe("MISS");
    expect(second.body.data.adjustStock.stockLevel.onHand).toBe(first.body.data.adjustStock.stockLevel.onHand + 1);
  });
});

describe("stock moves", () => {
  const store = "store-05";

  it("after an associate adjusts stock, shoppers see the new count at once, not after the max-age", async () => {
    const cached = await cachingGateway();
    const sku = world.variants[21].sku;
    const untouched = world.variants[400].sku;
    const before = await cached.query(STOCK, { sku, at: store });
    expect((await cached.query(STOCK, { sku, at: store })).headers.get("x-cache")).toBe("HIT");
    expect((await cached.query(STOCK, { sku: untouched, at: store })).headers.get("x-cache")).toBe("MISS");
    expect((await cached.query(STOCK, { sku: untouched, at: store })).headers.get("x-cache")).toBe("HIT");

    const adjusted = await graph.query(
      ADJUST,
      { input: { locationId: store, sku, delta: 5, reason: "RECEIPT" } },
      await graph.as("associate", associateOf(store).id, store),
    );
    expect(adjusted.body.data.adjustStock.userErrors).toEqual([]);

    const after = await cached.query(STOCK, { sku, at: store });
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.data.variant.stockAt.onHand).toBe((before.body.data.variant.stockAt?.onHand ?? 0) + 5);
    // Only the answers that read that SKU went.
    expect((await cached.query(STOCK, { sku: untouched, at: store })).headers.get("x-cache")).toBe("HIT");

    // The operator sees it all on /metrics.
    const metrics = await (await fetch(`${cached.gateway.origin}/metrics`)).text();
    const count = (event: string) =>
      Number(new RegExp(`omnigraph_response_cache_events_total\\{event="${event}"\\} (\\d+)`).exec(metrics)?.[1]);
    expect(count("hit")).toBe(3);
    expect(count("miss")).toBe(3);
    expect(count("store")).toBe(3);
    expect(count("eviction")).toBe(1);
  });

  it("a reservation the order service makes evicts the availability it changes", async () => {
    const cached = await cachingGateway();
    const sku = world.variants[33].sku;
    const before = await cached.query(STOCK, { sku, at: store });
    expect((await cached.query(STOCK, { sku, at: store })).headers.get("x-cache")).toBe("HIT");
    const free = before.body.data.variant.stockAt.availableToPromise as number;
    expect(free).toBeGreaterThan(0);
    const reserved = await postGraphQL(
      graph.subgraphs.inventory.url,
      `mutation($key: String!, $lines: [ReservationLineInput!]!) { reserveStock(key: $key, lines: $lines) { status } }`,
      { key: randomUUID(), lines: [{ lineKey: "1", sku, quantity: 1, method: "PICKUP_IN_STORE", locationId: store }] },
      graph.identity({ kind: "service", id: "order" }),
    );
    expect(reserved.body.data.reserveStock.status).toBe("HELD");
    const after = await cached.query(STOCK, { sku, at: store });
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.data.variant.stockAt.availableToPromise).toBe(free - 1);
  });
  it("an answer read before a change but finished after its eviction is not kept", async () => {
    const cached = await cachingGateway();
    const sku = world.variants[55].sku;
    const associate = await graph.as("associate", associateOf(store).id, store);
    // Inventory has read the stock; before its answer reaches the gateway, the stock changes and the event evicts.
    cached.proxies.inventory.beforeAnswer = async () => {
      cached.proxies.inventory.beforeAnswer = undefined;
      await graph.query(ADJUST, { input: { locationId: store, sku, delta: 3, reason: "RECEIPT" } }, associate);
      await graph.bus.drain();
    };
    const stale = await cached.query(STOCK, { sku, at: store });
    expect(stale.headers.get("x-cache")).toBe("MISS");
    const fresh = await cached.query(STOCK, { sku, at: store });
    expect(fresh.headers.get("x-cache")).toBe("MISS");
    expect(fresh.body.data.variant.stockAt.onHand).toBe(stale.body.data.variant.stockAt.onHand + 3);
  });
});

describe("RESPONSE_CACHE=off", () => {
  it("answers without x-cache, and every query reaches the subgraphs", async () => {
    const uncached = await cachingGateway({ RESPONSE_CACHE: "off" });
    const productId = world.products[6].id;
    const first = await uncached.query(PRODUCT_PAGE, { id: productId });
    const fetched = uncached.fetches();
    const second = await uncached.query(PRODUCT_PAGE, { id: productId });
    expect(first.headers.get("x-cache")).toBeNull();
    expect(second.headers.get("x-cache")).toBeNull();
    expect(uncached.fetches()).toBe(fetched * 2);
    expect(second.body).toEqual(first.body);
  });
});

describe("on Redis, two gateways", () => {
  it("share one cache: what one stored the other serves, and one eviction clears it for both", async () => {
    const prefix = `test:${randomUUID()}:`;
    const a = await startGraph({}, { redisPrefix: prefix });
    const b = await startGraph({}, { redisPrefix: prefix });
    cleanups.push(() => Promise.all([a.close(), b.close()]));
    const sku = world.variants[44].sku;
    const store = "store-06";

    const first = await a.query(STOCK, { sku, at: store });
    expect(first.headers.get("x-cache")).toBe("MISS");
    const shared = await b.query(STOCK, { sku, at: store });
    expect(shared.headers.get("x-cache")).toBe("HIT");
    expect(shared.body).toEqual(first.body);

    await a.query(
      ADJUST,
      { input: { locationId: store, sku, delta: 2, reason: "RECEIPT" } },
      await a.as("associate", associateOf(store).id, store),
    );
    // On Redis the eviction travels on the stream: as fresh as the bus is quick.
    await a.bus.drain();
    const after = await b.query(STOCK, { sku, at: store });
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.data.variant.stockAt.onHand).toBe((first.body.data.variant.stockAt?.onHand ?? 0) + 2);
  });
});
