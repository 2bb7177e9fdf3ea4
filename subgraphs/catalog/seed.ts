import { demoWorld, type DemoWorldOptions } from "../../lib/demo/world.js";
import { DEFAULT_CURRENCY } from "../../lib/money.js";
import type { CategoryRecord, ProductRecord, VariantRecord } from "./store/index.js";

export interface CatalogSeed {
  categories: CategoryRecord[];
  products: ProductRecord[];
  variants: VariantRecord[];
}

/** The demo catalog: 220 products and ~870 variants times the scale, channel price lists. Fresh copies on every call. */
export function catalogSeed(options: DemoWorldOptions = {}): CatalogSeed {
  const world = demoWorld(options);
  return structuredClone({
    categories: world.categories,
    products: world.products,
    variants: world.variants.map((variant) => ({ ...variant, currencyCode: DEFAULT_CURRENCY })),
  });
}
