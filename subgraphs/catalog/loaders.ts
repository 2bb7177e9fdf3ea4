import { batchLoader } from "../../lib/loaders.js";
import type { CatalogStore } from "./store/index.js";

/** One request's loaders: every product, variant and category read in the request goes through these. */
export function createLoaders(store: CatalogStore) {
  return {
    productById: batchLoader((ids: readonly string[]) => store.productsById(ids)),
    productByHandle: batchLoader((handles: readonly string[]) => store.productsByHandle(handles)),
    variantBySku: batchLoader((skus: readonly string[]) => store.variantsBySku(skus)),
    variantByBarcode: batchLoader((barcodes: readonly string[]) => store.variantsByBarcode(barcodes)),
    categoryById: batchLoader((ids: readonly string[]) => store.categoriesById(ids)),
  };
}

export type CatalogLoaders = ReturnType<typeof createLoaders>;
