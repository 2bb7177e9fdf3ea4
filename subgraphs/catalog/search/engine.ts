import type { SalesChannel } from "../../../lib/channel.js";
import type { FacetCount, FacetFilter, Faceted } from "./facets.js";

/** One product as search sees it: the words it is found by, its facet values and its prices per channel. */
export interface SearchDocument extends Faceted {
  id: string;
  title: string;
  brand: string;
  /** Its category's name and the names above it, as words to match. */
  category: string;
  description: string;
  /** Its category and every category above it, with their names: the category facet's values and labels. */
  categories: { id: string; name: string }[];
  currencyCode: string;
  createdAt: string;
}

export type SearchSort = "RELEVANCE" | "PRICE_ASC" | "PRICE_DESC" | "NEWEST";

export interface SearchRequest {
  query: string | null;
  /** Facet name → accepted values; a product must match one value of every facet given. */
  filters: FacetFilter[];
  sort: SearchSort;
  /** Whose prices the price facet and the price sort follow: the request's channel. */
  channel: SalesChannel;
  offset: number;
  limit: number;
}

export interface LabelledFacet {
  name: FacetCount["name"];
  label: string;
  values: { value: string; label: string; count: number }[];
}

export interface SearchAnswer {
  /** The page's product ids, in order. */
  productIds: string[];
  totalCount: number;
  facets: LabelledFacet[];
  /** When nothing matched the words: the query with each unknown word replaced by the closest known one, else null. */
  didYouMean: string | null;
}

export interface Suggestions {
  productIds: string[];
  categoryIds: string[];
  brands: string[];
}

/**
 * Where search happens. The catalog stores feed it documents as products change and ask it queries; today it runs in
 * process (InProcessSearchEngine, on MiniSearch). An external engine (OpenSearch or similar) takes over behind this
 * same interface once the catalog outgrows one process's memory or is written too often to mirror in every instance.
 */
export interface SearchEngine {
  /** Adds products, or replaces them when already indexed. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Forgets products (unknown ids are ignored). */
  remove(productIds: readonly string[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchAnswer>;
  /** Typeahead: up to `first` products, categories and brands for what a shopper has typed so far. */
  suggest(prefix: string, first: number): Promise<Suggestions>;
}
