import { DEFAULT_PORTS } from "../../lib/config/subgraphs.js";
import type { SubgraphModule } from "../descriptor.js";
import type { CustomerDeps } from "./index.js";
import type { CustomerSeed } from "./seed.js";

/**
 * Customers, loyalty, timelines, service cases and staff. Calls inventory (store locations) and order (a customer's
 * orders) on first use, since order starts after it; feeds timelines and loyalty from the order subgraph's events.
 */
export const customerModule: SubgraphModule<CustomerDeps, CustomerSeed> = {
  name: "customer",
  defaultPort: DEFAULT_PORTS.customer,
  calls: ["inventory", "order"],
  publishes: ["SERVICE_CASE_UPDATED", "CUSTOMER_REGISTERED"],
  consumes: [
    "ORDER_PLACED",
    "STORE_SALE_RECORDED",
    "ORDER_CANCELLED",
    "FULFILLMENT_READY",
    "FULFILLMENT_PICKED_UP",
    "FULFILLMENT_SHIPPED",
    "RETURN_REQUESTED",
    "RETURN_RECEIVED",
    "CART_ATTACHED",
  ],
  seed: async (options) => (await import("./seed.js")).customerSeed(options),
  async redisStores(redis, config) {
    const { createRedisCustomerStore } = await import("./store/redis.js");
    const store = await createRedisCustomerStore(redis, { anonymousInteractionTtlSeconds: config.anonymousInteractionTtlSeconds });
    return { deps: { store }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ config, bus, logger, client }) => ({
    anonymousInteractionTtlSeconds: config.anonymousInteractionTtlSeconds,
    bus,
    logger,
    inventory: () => client("inventory"),
    order: () => client("order"),
  }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
