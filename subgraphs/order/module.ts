import { DEFAULT_PORTS } from "../../lib/config/subgraphs.js";
import type { SubgraphModule } from "../descriptor.js";
import type { OrderDeps } from "./index.js";
import type { OrderSeed } from "./seed.js";

/** Carts, orders on every channel, fulfilment and returns. Calls inventory, catalog and customer inside its flows. */
export const orderModule: SubgraphModule<OrderDeps, OrderSeed> = {
  name: "order",
  defaultPort: DEFAULT_PORTS.order,
  calls: ["inventory", "catalog", "customer"],
  publishes: [
    "ORDER_PLACED",
    "STORE_SALE_RECORDED",
    "ORDER_CANCELLED",
    "FULFILLMENT_QUEUED",
    "FULFILLMENT_PICKING",
    "FULFILLMENT_PACKED",
    "FULFILLMENT_READY",
    "FULFILLMENT_CUSTOMER_ARRIVED",
    "FULFILLMENT_PICKED_UP",
    "FULFILLMENT_SHIPPED",
    "FULFILLMENT_DELIVERED",
    "RETURN_REQUESTED",
    "RETURN_RECEIVED",
    "CART_ATTACHED",
  ],
  consumes: ["CUSTOMER_REGISTERED"],
  seed: async (options) => (await import("./seed.js")).orderSeed(options),
  async redisStores(redis, config) {
    const { createRedisOrderStore } = await import("./store/redis.js");
    const store = await createRedisOrderStore(redis, { anonymousCartTtlSeconds: config.anonymousCartTtlSeconds });
    // The test-mode payments are kept in Redis too, so what a killed instance authorized is still known.
    const payments = new (await import("./services/payments-redis.js")).RedisTestPaymentProvider(redis);
    return { deps: { store, payments }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ config, bus, logger, client }) => ({
    anonymousCartTtlSeconds: config.anonymousCartTtlSeconds,
    bus,
    logger,
    recovery: { intervalMs: config.checkoutRecoveryIntervalMs, afterMs: config.checkoutRecoveryAfterMs },
    taxRates: config.taxRates,
    loyaltyPointValueCents: config.loyaltyPointValueCents,
    inventory: client("inventory"),
    catalog: client("catalog"),
    customer: client("customer"),
  }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
