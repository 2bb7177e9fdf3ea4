import type { SalesChannel } from "../../../lib/channel.js";

/** Prices in cents for one channel. */
export interface ChannelPriceRecord {
  price: number;
  compareAtPrice: number | null;
}

export interface CategoryRecord {
  id: string;
  name: string;
  parentId: string | null;
}

export interface ProductRecord {
  id: string;
  handle: string;
  title: string;
  description: string;
  brand: string;
  categoryId: string;
  images: { url: string; alt: string }[];
  options: { name: string; values: string[] }[];
  createdAt: string;
  /** When the product or one of its variants (price lists included) last changed; createdAt until then. */
  updatedAt?: string;
  variantSkus: string[];
}

/** When a product last changed, for the partner feed. */
export const updatedAtOf = (product: ProductRecord): string => product.updatedAt ?? product.createdAt;

/** The feed's order: oldest change first, ties by id, so a sync resumes from the last change it saw. */
export const byChange = (a: ProductRecord, b: ProductRecord): number =>
  updatedAtOf(a).localeCompare(updatedAtOf(b)) || a.id.localeCompare(b.id);

export interface VariantRecord {
  sku: string;
  productId: string;
  barcode: string;
  title: string;
  selectedOptions: { name: string; value: string }[];
  currencyCode: string;
  /** One price list per channel. */
  prices: Record<SalesChannel, ChannelPriceRecord>;
}

export type ProductSortKey = "RELEVANCE" | "PRICE_ASC" | "PRICE_DESC" | "NEWEST";

export interface ProductSearch {
  query: string | null;
  /** Facet name → accepted values; a product must match one value of every facet given. */
  filters: { name: string; values: string[] }[];
  sort: ProductSortKey;
  offset: number;
  limit: number;
}

export interface FacetRecord {
  name: string;
  values: { value: string; count: number }[];
}

export interface ProductPage {
  products: ProductRecord[];
  totalCount: number;
}

/**
 * Everything the catalog subgraph reads. Batched reads take many keys and answer one entry per key, in order,
 * null where nothing exists. The resolvers only ever see this interface.
 */
export interface CatalogStore {
  productsById(ids: readonly string[]): Promise<(ProductRecord | null)[]>;
  productsByHandle(handles: readonly string[]): Promise<(ProductRecord | null)[]>;
  variantsBySku(skus: readonly string[]): Promise<(VariantRecord | null)[]>;
  variantsByBarcode(barcodes: readonly string[]): Promise<(VariantRecord | null)[]>;
  categoriesById(ids: readonly string[]): Promise<(CategoryRecord | null)[]>;
  /** Every category, parents before children. */
  allCategories(): Promise<CategoryRecord[]>;
  /** Products in a category (and its sub-categories) or all products, newest first. */
  listProducts(categoryId: string | null, offset: number, limit: number): Promise<ProductPage>;
  /** Products changed at or after `since` (ISO 8601), oldest change first: the feed partners sync their catalog by. */
  listProductsChangedSince(since: string, offset: number, limit: number): Promise<ProductPage>;
  /** Text search with facet filters, facet counts and sorting. */
  searchProducts(search: ProductSearch): Promise<ProductPage & { facets: FacetRecord[] }>;
}

/** A page of `sorted` (by byChange) from the first product changed at or after `since`. */
export function changedSince(sorted: readonly ProductRecord[], since: string, offset: number, limit: number): ProductPage {
  const sinceMs = Date.parse(since);
  let first = 0;
  let last = sorted.length;
  // Binary search: the sorted list is the whole catalog, the page a sliver of it.
  while (first < last) {
    const middle = (first + last) >> 1;
    if (Date.parse(updatedAtOf(sorted[middle])) < sinceMs) first = middle + 1;
    else last = middle;
  }
  const changed = sorted.slice(first);
  return { products: changed.slice(offset, offset + limit), totalCount: changed.length };
}
