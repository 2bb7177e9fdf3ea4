import { Directive, Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";
import { PageInfo } from "../../../lib/graphql/types.js";
import { Category } from "./category.js";
import { Product, ProductEdge } from "./product.js";

export enum ProductSort {
  RELEVANCE = "RELEVANCE",
  PRICE_ASC = "PRICE_ASC",
  PRICE_DESC = "PRICE_DESC",
  NEWEST = "NEWEST",
}

registerEnumType(ProductSort, {
  name: "ProductSort",
  description: "Order of search results.",
  valuesConfig: {
    RELEVANCE: { description: "Best text match first (title matches above brand, category and description)." },
    PRICE_ASC: { description: "Lowest price first, on the request's channel's price list (a kiosk sorts by kiosk prices)." },
    PRICE_DESC: { description: "Highest price first, on the request's channel's price list." },
    NEWEST: { description: "Most recently added first." },
  },
});

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("FacetValue", { description: "One value of a facet and how many results have it." })
export class FacetValue {
  @Field(() => String, { description: "The value to pass back in a FacetFilterInput." })
  value!: string;

  @Field(() => String, {
    description:
      "What a screen shows for the value: the category's name, a price band in the request's currency (\"$100–$200\"), else the value itself.",
  })
  label!: string;

  @Field(() => Int, { description: "Results with this value, given the other facets' filters." })
  count!: number;
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Facet", { description: "A dimension to narrow search results by: category, brand, color, size or price." })
export class Facet {
  @Field(() => String, { description: "Facet name: category, brand, color, size or price." })
  name!: string;

  @Field(() => String, { description: 'The facet\'s heading on a results screen, e.g. "Price".' })
  label!: string;

  @Directive(`@listSize(assumedSize: 20)`)
  @Field(() => [FacetValue], {
    description: "Values present in the results, most common first (price bands in order, on the request's channel's prices).",
  })
  values!: FacetValue[];
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("ProductSearchResult", { description: "A page of search results with facet counts for the whole result set." })
export class ProductSearchResult {
  @Field(() => [ProductEdge], { description: "The page's products with their cursors." })
  edges!: unknown[];

  @Field(() => [Product], { description: "The page's products." })
  nodes!: Product[];

  @Field(() => PageInfo, { description: "Where this page sits in the whole result set." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "How many products match the query and filters." })
  totalCount!: number;

  @Directive(`@listSize(assumedSize: 5)`)
  @Field(() => [Facet], { description: "Facet counts; each facet ignores its own filter so choices can be widened." })
  facets!: Facet[];

  @Field(() => String, {
    nullable: true,
    description:
      "When the words match nothing: the query with each unknown word replaced by the closest word the catalog knows " +
      '("jakcet" → "jacket"), to offer as "Did you mean…?"; null when something matched or nothing is close.',
  })
  didYouMean!: string | null;
}

@InputType("FacetFilterInput", { description: "Keep results that have one of `values` for facet `name`." })
export class FacetFilterInput {
  @Field(() => String, { description: "Facet name: category, brand, color, size or price." })
  name!: string;

  @Field(() => [String], { description: "Accepted values; a result needs one of them." })
  values!: string[];
}

@Directive(CACHE.catalog)
@ObjectType("SearchSuggestions", { description: "Typeahead for a search box: what a shopper may mean by what they have typed so far." })
export class SearchSuggestions {
  @Directive(`@listSize(assumedSize: 10)`)
  @Field(() => [Product], { description: "Products whose words start with (or are a typo away from) what was typed, best first." })
  products!: Product[];

  @Directive(`@listSize(assumedSize: 10)`)
  @Field(() => [Category], { description: "Categories with a word starting with each typed word, the most products first." })
  categories!: Category[];

  @Directive(`@listSize(assumedSize: 10)`)
  @Field(() => [String], { description: "Brands with a word starting with each typed word, the most products first." })
  brands!: string[];
}
