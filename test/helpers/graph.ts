import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { DEMO_API_KEYS } from "../../lib/auth/api-keys.js";
import { IDENTITY_HEADER, signIdentity } from "../../lib/auth/internal.js";
import { signPersonToken, type PersonRole } from "../../lib/auth/people.js";
import { ephemeralAuth, type ResolvedAuth } from "../../lib/auth/secrets.js";
import { SalesChannel } from "../../lib/channel.js";
import type { Viewer } from "../../lib/viewer.js";
import { MemoryEventBus, type EventBus } from "../../lib/events.js";
import { RedisEventBus } from "../../lib/events-redis.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { RedisKeyValueCache } from "../../lib/redis-cache.js";
import { createServiceClient } from "../../lib/service-client.js";
import { loadConfig, SUBGRAPH_NAMES, type Config, type SubgraphName } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import type { CatalogDeps } from "../../subgraphs/catalog/index.js";
import type { CustomerDeps } from "../../subgraphs/customer/index.js";
import type { InventoryDeps } from "../../subgraphs/inventory/index.js";
import type { OrderDeps } from "../../subgraphs/order/index.js";
import { MODULES } from "../../subgraphs/registry.js";

/** What a test gives a subgraph instead of its defaults (a store to count calls on, a payment provider, a clock...). */
export interface GraphDeps {
  catalog?: CatalogDeps;
  inventory?: InventoryDeps;
  customer?: CustomerDeps;
  order?: OrderDeps;
}

export interface GraphQLAnswer<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  /** The raw response text, to assert that nothing internal leaks. */
  text: string;
}

export interface TestGraph {
  gateway: RunningGateway;
  /** The event bus the subgraphs share; `await graph.bus.drain()` before asserting on what events cause. */
  bus: EventBus;
  /** Where the subgraphs keep their data. */
  backend: Backend;
  auth: ResolvedAuth;
  /** Headers that sign the request in as a person: `Authorization: Bearer <fresh token>`. */
  as(role: PersonRole, id: string, storeId?: string): Promise<Record<string, string>>;
  /** Headers of the demo partner or kiosk key. */
  key(kind: "partner" | "kiosk"): Record<string, string>;
  /** Headers a subgraph accepts: the gateway's signed identity for `viewer`, to call a subgraph directly. */
  identity(viewer: Viewer): Record<string, string>;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Lines the servers logged, as parsed JSON objects. */
  logs: Record<string, unknown>[];
  /** POSTs a GraphQL request to the gateway. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<T>>;
  /** Stops one subgraph, as an outage would. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  close(): Promise<void>;
}

/** POSTs a GraphQL request to `url` and returns what a client sees. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

export type Backend = "memory" | "redis";

/** The backend tests run on unless they say otherwise: the "redis" test project sets TEST_BACKEND=redis. */
export const DEFAULT_BACKEND: Backend = process.env.TEST_BACKEND === "redis" ? "redis" : "memory";

/**
 * Redis stores for every subgraph under a key prefix of this graph's own, seeded with the demo world, on the suite's
 * Redis (test/helpers/redis-server.ts), and the Redis Streams bus. Nothing is flushed: the prefix keeps graphs apart.
 */
async function redisBackend(
  logger: ReturnType<typeof createLogger>,
  config: Config,
  prefix = `test:${randomUUID()}:`,
): Promise<{ redis: RedisClient; bus: EventBus; stores: GraphDeps }> {
  const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  const stores: GraphDeps = {};
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const module = MODULES[name];
      const onRedis = await module.redisStores(redis, config);
      await onRedis.seedIfEmpty(await module.seed());
      stores[name] = onRedis.deps;
    }),
  );
  return { redis, bus: new RedisEventBus(redis, { logger, blockMs: 50 }), stores };
}

/**
 * The whole graph as it runs in production: four subgraphs as real HTTP services on free ports, and the gateway
 * serving the committed supergraph, talking to them over HTTP — on the in-memory stores, or on Redis.
 */
export async function startGraph(
  deps: GraphDeps = {},
  options: {
    auth?: Partial<ResolvedAuth>;
    backend?: Backend;
    /** On Redis: the key prefix to use, so several graphs share one data set (scale-out, restarts). */
    redisPrefix?: string;
    /** Environment for the gateway's config on top of the test defaults, e.g. low rate limits. */
    env?: Record<string, string>;
    /** A supergraph file for the gateway to serve and watch (SUPERGRAPH_PATH), instead of the committed one as text. */
    supergraphFile?: string;
  } = {},
): Promise<TestGraph> {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "info", write: (line) => logs.push(JSON.parse(line)) });
  const config = loadConfig({
    OMNIGRAPH_ENV: "test",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...(options.supergraphFile ? { SUPERGRAPH_PATH: options.supergraphFile } : {}),
    ...options.env,
  });
  const auth = { ...ephemeralAuth(), ...options.auth };
  const backend = options.redisPrefix ? "redis" : (options.backend ?? DEFAULT_BACKEND);
  const onRedis = backend === "redis" ? await redisBackend(logger, config, options.redisPrefix) : null;
  const bus: EventBus = onRedis?.bus ?? new MemoryEventBus(logger);
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  // What each subgraph gets unless the test passes its own: its descriptor's deps over the shared bus and logger,
  // with signed clients of the subgraphs started before it (customer calls order only on first use), and its store.
  for (const name of SUBGRAPH_NAMES) {
    const client = (callee: SubgraphName) =>
      createServiceClient({ caller: name, url: subgraphs[callee].url, serviceSecret: auth.serviceSecret });
    const defaults = MODULES[name].deps({ config, bus, logger, client });
    subgraphs[name] = await serveSubgraph(await MODULES[name].create({ ...defaults, ...onRedis?.stores[name], ...deps[name] }), {
      serviceSecret: auth.serviceSecret,
      port: 0,
      host: "127.0.0.1",
      logger,
      maxBodyBytes: config.maxBodyBytes,
      limits: config,
      work: config,
      introspection: true,
    });
  }
  const supergraphSdl = options.supergraphFile
    ? undefined
    : await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
  const gateway = await createGateway(config, {
    auth,
    logger,
    cache: onRedis ? new RedisKeyValueCache(onRedis.redis) : undefined,
    redis: onRedis?.redis,
    bus,
    supergraphSdl,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url])),
  }).listen(0, "127.0.0.1");
  const stopped = new Set<SubgraphName>();
  return {
    gateway,
    bus,
    backend,
    auth,
    async as(role, id, storeId) {
      return { authorization: `Bearer ${await signPersonToken(auth.jwtSecret!, { sub: id, role, storeId })}` };
    },
    key: (kind) => ({ "x-api-key": DEMO_API_KEYS[kind].key }),
    identity: (viewer) => ({
      [IDENTITY_HEADER]: signIdentity(auth.serviceSecret, {
        requestId: "direct-call",
        viewer,
        channel: SalesChannel.WEB,
        storeId: null,
        client: { name: null, version: null },
      }),
    }),
    subgraphs,
    logs,
    query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers),
    async stopSubgraph(name) {
      stopped.add(name);
      await subgraphs[name].close();
    },
    async close() {
      await gateway.close();
      await Promise.all(SUBGRAPH_NAMES.filter((n) => !stopped.has(n)).map((n) => subgraphs[n].close()));
      await bus.close();
      await onRedis?.redis.quit();
    },
  };
}

/** Wraps every method of `store` so each call is counted by name: the batching tests read these counts. */
export function countingStore<T extends object>(store: T): { store: T; calls: Map<string, number[]>; reset(): void } {
  const calls = new Map<string, number[]>();
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const keys = Array.isArray(args[0]) ? args[0].length : 1;
        const list = calls.get(String(property)) ?? [];
        list.push(keys);
        calls.set(String(property), list);
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls, reset: () => calls.clear() };
}
