import { Arg, Ctx, Directive, Int, Query, Resolver } from "type-graphql";
import { servicesOf, type CatalogContext } from "../context.js";
import { primeVariants } from "../loaders.js";
import { MAX_SUGGESTIONS } from "../services/search.js";
import { FacetFilterInput, ProductSearchResult, ProductSort, SearchSuggestions } from "../types/search.js";

@Resolver()
export class SearchResolver {
  @Directive(`@tag(name: "partner")`)
  // A search scores the whole catalog, where a listing reads one page.
  @Directive(`@cost(weight: 10)`)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @Query(() => ProductSearchResult, {
    description:
      "Full-text product search: plurals and other word forms, typos (one edit in a word of 4+ letters, two from 8, in " +
      "words the catalog does not have: a word it has is taken as meant), the word being typed as a prefix and curated " +
      "synonyms (tshirt → tee, coat → jacket, shell) all match; facet " +
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
    const page = await servicesOf(ctx).search.products({
      query: query ?? null,
      filters: filters ?? [],
      sort: sort ?? ProductSort.RELEVANCE,
      first,
      after,
      channel: ctx.channel,
    });
    primeVariants(ctx.loaders, page.variants);
    return page;
  }

  @Directive(`@cost(weight: 5)`)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["products", "categories", "brands"])`)
  @Query(() => SearchSuggestions, {
    description: "Typeahead for a search box: products, categories and brands for what a shopper has typed so far.",
  })
  async searchSuggestions(
    @Ctx() ctx: CatalogContext,
    @Arg("prefix", () => String, { description: "What the shopper has typed so far; the last word may be half typed." })
    prefix: string,
    @Arg("first", () => Int, { nullable: true, defaultValue: 5, description: `Most entries of each kind, at most ${MAX_SUGGESTIONS}.` })
    first: number | null,
  ) {
    const found = await servicesOf(ctx).search.suggestions(prefix, first ?? 5);
    primeVariants(ctx.loaders, found.variants);
    return found;
  }
}
