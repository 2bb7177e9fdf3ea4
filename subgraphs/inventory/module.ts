import type { SubgraphModule } from "../descriptor.js";
import type { InventoryDeps } from "./index.js";
import type { InventorySeed } from "./seed.js";

/** Locations, stock, availability and reservations: calls nobody; tells the gateway's cache when stock moves. */
export const inventoryModule: SubgraphModule<InventoryDeps, InventorySeed> = {
  name: "inventory",
  defaultPort: 4002,
  calls: [],
  publishes: ["STOCK_CHANGED"],
  consumes: [],
  seed: async (options) => (await import("./seed.js")).inventorySeed(options),
  async redisStores(redis) {
    const store = await (await import("./store/redis.js")).createRedisInventoryStore(redis);
    return { deps: { store }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ bus, logger }) => ({ bus, logger }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
