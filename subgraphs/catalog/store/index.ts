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
  variantSkus: string[];
}

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
  /** Text search with facet filters, facet counts and sorting. */
  searchProducts(search: ProductSearch): Promise<ProductPage & { facets: FacetRecord[] }>;
}
