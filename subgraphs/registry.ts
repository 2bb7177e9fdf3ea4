import type { ResolvedAuth } from "../lib/auth/secrets.js";
import type { Config, SubgraphName } from "../lib/config.js";
import type { EventBus } from "../lib/events.js";
import type { Logger } from "../lib/logger.js";
import type { RedisClient } from "../lib/redis.js";
import { createServiceClient } from "../lib/service-client.js";
import type { Subgraph } from "../lib/subgraph.js";

/** What a subgraph is created with when it runs for real: configuration, secrets, the event bus and Redis. */
export interface SubgraphEnv {
  config: Config;
  auth: ResolvedAuth;
  bus: EventBus;
  logger: Logger;
  /** With Redis every subgraph keeps its data there; without, in memory with the demo data. */
  redis: RedisClient | null;
}

/** A signed client for calling another subgraph as the service `caller`. */
export function serviceClient(env: SubgraphEnv, caller: SubgraphName, callee: SubgraphName) {
  return createServiceClient({
    caller,
    url: env.config.subgraphs[callee].url,
    serviceSecret: env.auth.serviceSecret,
    // The order subgraph calls inventory and customer inside checkout and other mutations, which the gateway gives
    // MUTATION_TIMEOUT_MS: a step of one must not be cut at a query's SUBGRAPH_TIMEOUT_MS halfway through.
    timeoutMs: caller === "order" ? Math.max(env.config.mutationTimeoutMs, env.config.subgraphTimeoutMs) : env.config.subgraphTimeoutMs,
  });
}

/**
 * How to create each subgraph: its store (Redis when configured, else the seeded memory store) and the services it
 * talks to. Imports are lazy so that starting one subgraph loads only its own code.
 */
export const SUBGRAPHS: Record<SubgraphName, (env: SubgraphEnv) => Promise<Subgraph<unknown>>> = {
  catalog: async (env) => {
    const { createSubgraph } = await import("./catalog/index.js");
    if (!env.redis) return createSubgraph() as Promise<Subgraph<unknown>>;
    const { createRedisCatalogStore } = await import("./catalog/store/redis.js");
    return createSubgraph({ store: await createRedisCatalogStore(env.redis) }) as Promise<Subgraph<unknown>>;
  },
  inventory: async (env) => {
    const { createSubgraph } = await import("./inventory/index.js");
    if (!env.redis) return createSubgraph({ logger: env.logger, bus: env.bus }) as Promise<Subgraph<unknown>>;
    const { createRedisInventoryStore } = await import("./inventory/store/redis.js");
    return createSubgraph({ logger: env.logger, bus: env.bus, store: await createRedisInventoryStore(env.redis) }) as Promise<Subgraph<unknown>>;
  },
  customer: async (env) => {
    const { createSubgraph } = await import("./customer/index.js");
    const ttl = { anonymousInteractionTtlSeconds: env.config.anonymousInteractionTtlSeconds };
    const store = env.redis ? await (await import("./customer/store/redis.js")).createRedisCustomerStore(env.redis, ttl) : undefined;
    return createSubgraph({
      ...ttl,
      bus: env.bus,
      logger: env.logger,
      store,
      inventory: () => serviceClient(env, "customer", "inventory"),
      order: () => serviceClient(env, "customer", "order"),
    }) as Promise<Subgraph<unknown>>;
  },
  order: async (env) => {
    const { createSubgraph } = await import("./order/index.js");
    const ttl = { anonymousCartTtlSeconds: env.config.anonymousCartTtlSeconds };
    const store = env.redis ? await (await import("./order/store/redis.js")).createRedisOrderStore(env.redis, ttl) : undefined;
    return createSubgraph({
      ...ttl,
      store,
      bus: env.bus,
      inventory: serviceClient(env, "order", "inventory"),
      catalog: serviceClient(env, "order", "catalog"),
      customer: serviceClient(env, "order", "customer"),
    }) as Promise<Subgraph<unknown>>;
  },
};
