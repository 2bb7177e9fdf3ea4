import type { Outbox, OutboxLease } from "../../../lib/outbox.js";
import type { SalesChannel } from "../../../lib/channel.js";
import type { LabelledFacet, SearchRequest } from "../search/engine.js";

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

export type { SearchSort as ProductSortKey, SearchRequest as ProductSearch } from "../search/engine.js";

/** A page of search results: the products, how many matched, labelled facets and a correction when nothing did. */
export interface SearchPage extends ProductPage {
  facets: LabelledFacet[];
  didYouMean: string | null;
  /** The page's products' variants, as the index holds them: what the page's prices are read from. */
  variants: VariantRecord[];
}

/** Typeahead: products, categories and brands for what a shopper has typed so far. */
export interface SuggestionRecords {
  products: ProductRecord[];
  /** The products' variants, as the index holds them. */
  variants: VariantRecord[];
  categories: CategoryRecord[];
  brands: string[];
}

export interface ProductPage {
  products: ProductRecord[];
  totalCount: number;
}

/**
 * Everything the catalog subgraph reads. Batched reads take many keys and answer one entry per key, in order,
 * null where nothing exists. The resolvers only ever see this interface. Search runs on a SearchEngine
 * (search/engine.ts) that the store keeps current product by product as the catalog changes.
 */
export interface CatalogStore {
  /**
   * Every save records CATALOG_CHANGED (events.ts `catalogChanged`) here in the same atomic step; the subgraph's relay
   * publishes it (one relay at a time across instances on Redis, by `outboxLease`).
   */
  readonly outbox: Outbox;
  readonly outboxLease?: OutboxLease;
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
  /** Text search with facet filters, facet counts and sorting; prices follow the request's channel. */
  searchProducts(search: SearchRequest): Promise<SearchPage>;
  /** Typeahead: up to `first` each of products, categories and brands for a prefix. */
  searchSuggestions(prefix: string, first: number): Promise<SuggestionRecords>;
  /**
   * Adds a product with its variants, or replaces one (its handle, category and variants with it; variants it no
   * longer lists go). Stamps `updatedAt`; search finds it by its new words from the next query on, in every instance.
   * Fails with HandleTakenError when another product has its handle.
   */
  saveProduct(product: ProductRecord, variants: readonly VariantRecord[]): Promise<ProductRecord>;
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

/** A save names a handle another product already has. */
export class HandleTakenError extends Error {
  constructor(readonly handle: string) {
    super(`handle "${handle}" belongs to another product`);
  }
}

/**
 * The record a save stores, on every store alike: the product as given, listing exactly `variants`, keeping the
 * creation time of the product it replaces (if any), changed `now`.
 */
export function savedRecord(
  product: ProductRecord,
  variants: readonly VariantRecord[],
  existing: ProductRecord | null,
  now: Date,
): ProductRecord {
  const stray = variants.find((variant) => variant.productId !== product.id);
  if (stray) throw new Error(`variant ${stray.sku} belongs to ${stray.productId}, not ${product.id}`);
  return {
    ...product,
    createdAt: existing?.createdAt ?? product.createdAt,
    updatedAt: now.toISOString(),
    variantSkus: variants.map((variant) => variant.sku),
  };
}

/**
 * A category and every category above it: where a product of that category is listed (its category's listing and
 * every parent's), on every store alike.
 */
export function withAncestors(categoryId: string, parents: ReadonlyMap<string, string | null>): string[] {
  const ids: string[] = [];
  for (let id: string | null = categoryId; id !== null && !ids.includes(id); id = parents.get(id) ?? null) ids.push(id);
  return ids;
}
