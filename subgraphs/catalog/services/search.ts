import type { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { connectionOf, pageRequest } from "../../../lib/paging.js";
import type { SearchSort } from "../search/engine.js";
import { FACET_NAMES, type FacetFilter } from "../search/facets.js";
import type { CatalogStore, SuggestionRecords } from "../store/index.js";

/** Longest search text accepted. */
export const MAX_QUERY = 200;
/** Most typeahead entries of each kind. */
export const MAX_SUGGESTIONS = 20;

export interface ProductSearchInput {
  query: string | null;
  filters: FacetFilter[];
  sort: SearchSort;
  first: number | null;
  after: string | null;
  /** The request's channel: whose prices the price facet and price sorts follow. */
  channel: SalesChannel;
}

/** Search and typeahead over the catalog's index. */
export class SearchService {
  constructor(private readonly store: CatalogStore) {}

  /** A page of search results as a connection with facets and didYouMean; BAD_USER_INPUT for an unknown facet or long text. */
  async products(input: ProductSearchInput) {
    const page = pageRequest("search", input.first, input.after);
    for (const [index, filter] of input.filters.entries()) {
      if (!(FACET_NAMES as readonly string[]).includes(filter.name)) {
        throw new BadUserInputError(`Unknown facet "${filter.name}"; use one of ${FACET_NAMES.join(", ")}.`, [
          "filters",
          String(index),
          "name",
        ]);
      }
    }
    if (input.query && input.query.length > MAX_QUERY)
      throw new BadUserInputError(`Search text is limited to ${MAX_QUERY} characters.`, ["query"]);
    const result = await this.store.searchProducts({
      query: input.query,
      filters: input.filters,
      sort: input.sort,
      channel: input.channel,
      offset: page.offset,
      limit: page.first,
    });
    return {
      ...connectionOf("search", page, result.products, result.totalCount),
      facets: result.facets,
      didYouMean: result.didYouMean,
      variants: result.variants,
    };
  }

  /** Typeahead: up to `first` (at most MAX_SUGGESTIONS) products, categories and brands for what was typed so far. */
  suggestions(prefix: string, first: number): Promise<SuggestionRecords> {
    if (first < 0 || first > MAX_SUGGESTIONS) throw new BadUserInputError(`first must be between 0 and ${MAX_SUGGESTIONS}.`, ["first"]);
    if (prefix.length > MAX_QUERY) throw new BadUserInputError(`Search text is limited to ${MAX_QUERY} characters.`, ["prefix"]);
    return this.store.searchSuggestions(prefix, first);
  }
}
