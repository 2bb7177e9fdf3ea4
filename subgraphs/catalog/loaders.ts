import { batchLoader } from "../../lib/loaders.js";
import type { CatalogStore, VariantRecord } from "./store/index.js";

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

/** Puts variants already in hand (a search page's, from the index) into the request's loader: their prices read nothing more. */
export function primeVariants(loaders: CatalogLoaders, variants: readonly VariantRecord[]): void {
  for (const variant of variants) loaders.variantBySku.prime(variant.sku, variant);
}
