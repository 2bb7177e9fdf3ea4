import { DEFAULT_PORTS } from "../../lib/config/subgraphs.js";
import type { SubgraphModule } from "../descriptor.js";
import type { InventoryDeps } from "./index.js";
import type { InventorySeed } from "./seed.js";

/**
 * Locations, their hours, stock, availability and reservations. Calls customer (who manages a store) on first use,
 * since customer starts after it; tells the gateway's cache when stock moves.
 */
export const inventoryModule: SubgraphModule<InventoryDeps, InventorySeed> = {
  name: "inventory",
  defaultPort: DEFAULT_PORTS.inventory,
  calls: ["customer"],
  publishes: ["STOCK_CHANGED"],
  consumes: [],
  seed: async (options) => (await import("./seed.js")).inventorySeed(options),
  async redisStores(redis) {
    const store = await (await import("./store/redis.js")).createRedisInventoryStore(redis);
    return { deps: { store }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ bus, logger, client }) => ({ bus, logger, customer: () => client("customer") }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
