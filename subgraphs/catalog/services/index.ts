import type { CatalogStore } from "../store/index.js";
import { ProductService } from "./products.js";
import { SearchService } from "./search.js";

/** The catalog subgraph's flows; resolvers take them from the request context. */
export interface CatalogServices {
  /** Product listings, the partner feed and the category tree. */
  products: ProductService;
  /** Full-text search with facets, and typeahead. */
  search: SearchService;
}

export function createCatalogServices(store: CatalogStore): CatalogServices {
  return { products: new ProductService(store), search: new SearchService(store) };
}
