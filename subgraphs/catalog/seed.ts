import { demoWorld } from "../../lib/demo/world.js";
import { DEFAULT_CURRENCY } from "../../lib/money.js";
import type { CategoryRecord, ProductRecord, VariantRecord } from "./store/index.js";

export interface CatalogSeed {
  categories: CategoryRecord[];
  products: ProductRecord[];
  variants: VariantRecord[];
}

/** The demo catalog: 220 products, ~870 variants, channel price lists. Fresh copies on every call. */
export function catalogSeed(): CatalogSeed {
  const world = demoWorld();
  return structuredClone({
    categories: world.categories,
    products: world.products,
    variants: world.variants.map((variant) => ({ ...variant, currencyCode: DEFAULT_CURRENCY })),
  });
}
