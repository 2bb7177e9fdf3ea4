import { Arg, Ctx, Directive, Int, Query, Resolver } from "type-graphql";
import { BadUserInputError } from "../../../lib/errors.js";
import { connectionOf, pageRequest } from "../../../lib/paging.js";
import type { CatalogContext } from "../context.js";
import { FACET_NAMES } from "../search/facets.js";
import type { CatalogStore } from "../store/index.js";
import { FacetFilterInput, ProductSearchResult, ProductSort, SearchSuggestions } from "../types/search.js";

/** Longest search text accepted. */
const MAX_QUERY = 200;
/** Most typeahead entries of each kind. */
const MAX_SUGGESTIONS = 20;

export function searchResolver(store: CatalogStore) {
  @Resolver()
  class SearchResolver {
    @Directive(`@tag(name: "partner")`)
    // A search scores the whole catalog, where a listing reads one page.
    @Directive(`@cost(weight: 10)`)
    @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
    @Query(() => ProductSearchResult, {
      description:
        "Full-text product search: plurals and other word forms, typos (one edit in a word of 4+ letters, two from 8), " +
        "the word being typed as a prefix and curated synonyms (tshirt → tee, coat → jacket, shell) all match; facet " +
        "filters, labelled facet counts, sorting and paging; prices (the price facet and price sorts) follow the " +
        "request's channel.",
    })
    async searchProducts(
      @Ctx() ctx: CatalogContext,
      @Arg("query", () => String, { nullable: true, description: "Words to look for; empty or null matches everything." })
      query: string | null,
      @Arg("filters", () => [FacetFilterInput], { nullable: true, description: "Facet filters; all must match." })
      filters: FacetFilterInput[] | null,
      @Arg("sort", () => ProductSort, { nullable: true, defaultValue: ProductSort.RELEVANCE, description: "Result order." })
      sort: ProductSort | null,
      @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
      @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
    ) {
      const page = pageRequest("search", first, after);
      for (const [index, filter] of (filters ?? []).entries()) {
        if (!(FACET_NAMES as readonly string[]).includes(filter.name)) {
          throw new BadUserInputError(`Unknown facet "${filter.name}"; use one of ${FACET_NAMES.join(", ")}.`, [
            "filters",
            String(index),
            "name",
          ]);
        }
      }
      if (query && query.length > MAX_QUERY) throw new BadUserInputError(`Search text is limited to ${MAX_QUERY} characters.`, ["query"]);
      const result = await store.searchProducts({
        query: query ?? null,
        filters: filters ?? [],
        sort: sort ?? ProductSort.RELEVANCE,
        channel: ctx.channel,
        offset: page.offset,
        limit: page.first,
      });
      return {
        ...connectionOf("search", page, result.products, result.totalCount),
        facets: result.facets,
        didYouMean: result.didYouMean,
      };
    }

    @Directive(`@cost(weight: 5)`)
    @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["products", "categories", "brands"])`)
    @Query(() => SearchSuggestions, {
      description: "Typeahead for a search box: products, categories and brands for what a shopper has typed so far.",
    })
    async searchSuggestions(
      @Arg("prefix", () => String, { description: "What the shopper has typed so far; the last word may be half typed." })
      prefix: string,
      @Arg("first", () => Int, { nullable: true, defaultValue: 5, description: `Most entries of each kind, at most ${MAX_SUGGESTIONS}.` })
      first: number | null,
    ) {
      const count = first ?? 5;
      if (count < 0 || count > MAX_SUGGESTIONS) throw new BadUserInputError(`first must be between 0 and ${MAX_SUGGESTIONS}.`, ["first"]);
      if (prefix.length > MAX_QUERY) throw new BadUserInputError(`Search text is limited to ${MAX_QUERY} characters.`, ["prefix"]);
      return store.searchSuggestions(prefix, count);
    }
  }
  return SearchResolver;
}
