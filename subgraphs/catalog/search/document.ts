import { SalesChannel } from "../../../lib/channel.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import type { CategoryRecord, ProductRecord, VariantRecord } from "../store/index.js";
import type { SearchDocument } from "./engine.js";
import { priceBandsOf } from "./facets.js";

const CHANNELS = Object.values(SalesChannel);

/** What search indexes of a product: built from the product, its variants and the category tree. */
export function toSearchDocument(
  product: ProductRecord,
  variants: readonly VariantRecord[],
  categories: ReadonlyMap<string, CategoryRecord>,
): SearchDocument {
  const path: CategoryRecord[] = [];
  for (let id: string | null = product.categoryId; id !== null && !path.some((c) => c.id === id);) {
    const category = categories.get(id);
    if (!category) break;
    path.push(category);
    id = category.parentId;
  }
  const optionValues = (name: string) => [
    ...new Set(variants.flatMap((v) => v.selectedOptions.filter((o) => o.name === name).map((o) => o.value))),
  ];
  const minPrice = Object.fromEntries(
    CHANNELS.map((channel) => [channel, variants.length ? Math.min(...variants.map((v) => v.prices[channel].price)) : 0]),
  ) as Record<SalesChannel, number>;
  return {
    id: product.id,
    title: product.title,
    brand: product.brand,
    category: path.map((c) => c.name).join(" "),
    description: product.description,
    categories: path.map(({ id, name }) => ({ id, name })),
    values: { category: path.map((c) => c.id), brand: [product.brand], color: optionValues("Color"), size: optionValues("Size") },
    minPrice,
    priceBands: priceBandsOf(minPrice),
    currencyCode: variants[0]?.currencyCode ?? DEFAULT_CURRENCY,
    createdAt: product.createdAt,
  };
}
