import { afterAll, afterEach, beforeAll } from "vitest";
import type { RunningGateway } from "../../gateway/server.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../lib/config.js";
import { demoWorld } from "../../lib/demo/world.js";
import { createLogger } from "../../lib/logger.js";
import { startGraph, type GraphQLAnswer, type TestGraph } from "./graph.js";
import { gatewayInFront, startSubgraphProxy, type SubgraphProxy } from "./subgraph-proxy.js";
import { postMultipart, type MultipartAnswer } from "./multipart.js";

/**
 * The graph the @defer tests share: one graph on a fixed clock per test file, gateways of their own in front of it
 * with every subgraph behind a counting proxy, and the product page with store availability deferred.
 */

export let graph: TestGraph;
const cleanups: (() => Promise<unknown>)[] = [];

/** Starts the file's graph before its tests and closes every gateway a test started after it. */
export function useDeferGraph(): void {
  beforeAll(async () => {
    // A fixed clock, so that a whole answer and its parts, asked moments apart, promise the same pickup times.
    const now = new Date("2026-11-03T16:00:00.000Z");
    graph = await startGraph({ inventory: { now: () => now } });
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  afterAll(() => graph?.close());
}

export interface Setup {
  gateway: RunningGateway;
  /** What the gateway logged, as parsed JSON lines. */
  logs: Record<string, unknown>[];
  proxies: Record<SubgraphName, SubgraphProxy>;
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer>;
  deferred(
    query: Parameters<typeof postMultipart>[1],
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<MultipartAnswer>;
  /** Subgraph requests made since the last reset, by subgraph. */
  fetches(): Record<SubgraphName, number>;
  reset(): void;
}

/** A gateway of its own with every subgraph behind a counting proxy; no response cache, so every answer is fetched. */
export async function gatewayWithProxies(env: Record<string, string> = {}): Promise<Setup> {
  const proxies = {} as Record<SubgraphName, SubgraphProxy>;
  for (const name of SUBGRAPH_NAMES) {
    const proxy = await startSubgraphProxy(graph.subgraphs[name].url);
    cleanups.push(() => proxy.close());
    proxies[name] = proxy;
  }
  const logs: Record<string, unknown>[] = [];
  const front = await gatewayInFront(graph, {
    env: { RESPONSE_CACHE: "off", SUBGRAPH_DEDUP: "false", ...env },
    proxies,
    logger: createLogger({ level: "info", write: (line) => logs.push(JSON.parse(line)) }),
  });
  const { gateway } = front;
  cleanups.push(() => gateway.close());
  return {
    gateway,
    logs,
    proxies,
    query: front.query,
    deferred: (query, variables, headers = {}, signal) => postMultipart(gateway.url, query, variables, headers, signal),
    fetches: () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, proxies[name].requests.length])) as Record<SubgraphName, number>,
    reset() {
      for (const name of SUBGRAPH_NAMES) proxies[name].requests.length = 0;
    },
  };
}

/** Polls until `check` holds (generous: the machine is shared). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const LOOP = { lat: 41.8837, lng: -87.6278 };
const demo = demoWorld();
export const handle = demo.products[7].handle;
export const customerWithOrders = demo.customers.find((c) => demo.orders.filter((o) => o.customerId === c.id).length >= 3)!;

/** The product page of the README, with store availability deferred. */
export const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($handle: String, $near: GeoPointInput!) {
    product(handle: $handle) {
      id
      title
      brand
      priceRange {
        min {
          amount
        }
        max {
          amount
        }
      }
      variants {
        sku
        title
        price {
          amount
        }
        ... @defer(label: "availability") {
          storeAvailability(near: $near, radiusKm: 20, first: 3) {
            location {
              id
              name
            }
            distanceKm
            availableToPromise
          }
        }
      }
    }
  }
`;
export const PRODUCT_PAGE_WHOLE = PRODUCT_PAGE.replace('... @defer(label: "availability") {', "... {");
