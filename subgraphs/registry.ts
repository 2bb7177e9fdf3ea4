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
    // The order subgraph calls inventory and customer inside checkout and other mutations: a step of one must not be
    // cut at a query's SUBGRAPH_TIMEOUT_MS halfway through, and the three a checkout makes in a row must end before the
    // gateway stops waiting for the checkout at MUTATION_TIMEOUT_MS (ORDER_CALL_TIMEOUT_MS, at most a sixth of it: up to five calls in a row).
    timeoutMs: caller === "order" ? orderCallTimeoutMs(env.config) : env.config.subgraphTimeoutMs,
  });
}

/** How long the order subgraph waits for one service call inside a mutation (see lib/config.ts ORDER_CALL_TIMEOUT_MS). */
export function orderCallTimeoutMs(config: Pick<Config, "orderCallTimeoutMs" | "mutationTimeoutMs">): number {
  return Math.max(1, Math.min(config.orderCallTimeoutMs, Math.floor(config.mutationTimeoutMs / 6)));
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
    return createSubgraph({ logger: env.logger, bus: env.bus, store: await createRedisInventoryStore(env.redis) }) as Promise<
      Subgraph<unknown>
    >;
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
    // On Redis the test-mode payments are kept there too, so what a killed instance authorized is still known.
    const payments = env.redis ? new (await import("./order/services/payments-redis.js")).RedisTestPaymentProvider(env.redis) : undefined;
    return createSubgraph({
      ...ttl,
      store,
      payments,
      bus: env.bus,
      logger: env.logger,
      recovery: { intervalMs: env.config.checkoutRecoveryIntervalMs, afterMs: env.config.checkoutRecoveryAfterMs },
      taxRates: env.config.taxRates,
      loyaltyPointValueCents: env.config.loyaltyPointValueCents,
      inventory: serviceClient(env, "order", "inventory"),
      catalog: serviceClient(env, "order", "catalog"),
      customer: serviceClient(env, "order", "customer"),
    }) as Promise<Subgraph<unknown>>;
  },
};
