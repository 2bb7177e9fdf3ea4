import { DEFAULT_PORTS } from "../../lib/config/subgraphs.js";
import type { SubgraphModule } from "../descriptor.js";
import type { CatalogDeps } from "./index.js";
import type { CatalogSeed } from "./seed.js";

/** Products, variants, categories and channel price lists: calls nobody; tells the gateway's cache when products change. */
export const catalogModule: SubgraphModule<CatalogDeps, CatalogSeed> = {
  name: "catalog",
  defaultPort: DEFAULT_PORTS.catalog,
  calls: [],
  publishes: ["CATALOG_CHANGED"],
  consumes: [],
  seed: async (options) => (await import("./seed.js")).catalogSeed(options),
  async redisStores(redis) {
    const store = await (await import("./store/redis.js")).createRedisCatalogStore(redis);
    return { deps: { store }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ config, bus, logger }) => ({ warmSearchIndex: config.mode !== "test", bus, logger }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
