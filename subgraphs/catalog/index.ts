import { buildFederatedSchema, schemaOnce } from "../../lib/federation.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { CatalogContext } from "./context.js";
import { createLoaders, type CatalogLoaders } from "./loaders.js";
import { CategoryResolver } from "./resolvers/category.js";
import { ProductResolver } from "./resolvers/product.js";
import { SearchResolver } from "./resolvers/search.js";
import { createCatalogServices, type CatalogServices } from "./services/index.js";
import { VariantResolver } from "./resolvers/variant.js";
import { catalogSeed } from "./seed.js";
import type { CatalogStore } from "./store/index.js";
import { MemoryCatalogStore } from "./store/memory.js";

export interface CatalogDeps {
  /** Where the catalog lives; the seeded in-memory store when omitted. */
  store?: CatalogStore;
  /**
   * Build the search index as soon as the subgraph is served rather than on the first search (which at 100× the
   * demo catalog would take longer than a gateway waits). Off in tests, whose graphs mostly never search.
   */
  warmSearchIndex?: boolean;
}

/** The catalog subgraph's schema: its resolvers read the request's loaders and the subgraph's services. */
export const buildSchema = schemaOnce(() =>
  buildFederatedSchema(
    { resolvers: [ProductResolver, SearchResolver, VariantResolver, CategoryResolver] },
    {
      Product: { __resolveReference: (ref: { id: string }, ctx: CatalogContext) => ctx.loaders.productById.load(ref.id) },
      Variant: { __resolveReference: (ref: { sku: string }, ctx: CatalogContext) => ctx.loaders.variantBySku.load(ref.sku) },
      Category: { __resolveReference: (ref: { id: string }, ctx: CatalogContext) => ctx.loaders.categoryById.load(ref.id) },
    },
  ),
);

/** Products, variants, categories and channel price lists. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: CatalogDeps = {}): Promise<Subgraph<CatalogLoaders, CatalogServices>> {
  const store = deps.store ?? new MemoryCatalogStore(catalogSeed());
  return {
    name: "catalog",
    schema: await buildSchema(),
    services: createCatalogServices(store),
    createLoaders: () => createLoaders(store),
    // In the background: the subgraph answers everything else meanwhile, and a search waits for the same build.
    start: deps.warmSearchIndex ? async () => void store.searchSuggestions("a", 1).catch(() => undefined) : undefined,
  };
}
