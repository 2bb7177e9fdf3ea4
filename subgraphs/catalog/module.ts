import { DEFAULT_PORTS } from "../../lib/config/subgraphs.js";
import type { SubgraphModule } from "../descriptor.js";
import type { CatalogDeps } from "./index.js";
import type { CatalogSeed } from "./seed.js";

/** Products, variants, categories and channel price lists: calls nobody, publishes and consumes no events. */
export const catalogModule: SubgraphModule<CatalogDeps, CatalogSeed> = {
  name: "catalog",
  defaultPort: DEFAULT_PORTS.catalog,
  calls: [],
  publishes: [],
  consumes: [],
  seed: async (options) => (await import("./seed.js")).catalogSeed(options),
  async redisStores(redis) {
    const store = await (await import("./store/redis.js")).createRedisCatalogStore(redis);
    return { deps: { store }, seedIfEmpty: (seed) => store.seedIfEmpty(seed) };
  },
  deps: ({ config }) => ({ warmSearchIndex: config.mode !== "test" }),
  create: async (deps) => (await import("./index.js")).createSubgraph(deps),
};
