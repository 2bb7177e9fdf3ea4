import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes, Money, PageInfo } from "../../../lib/graphql/types.js";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Image", { description: "A product image." })
export class Image {
  @Field(() => String, { description: "Absolute URL of the image." })
  url!: string;

  @Field(() => String, { description: "Alternative text for screen readers." })
  alt!: string;
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("ProductOption", { description: "An option a shopper chooses, with every value the product offers." })
export class ProductOption {
  @Field(() => String, { description: "Option name, e.g. Size or Color." })
  name!: string;

  @Field(() => [String], { description: "Values offered, in display order." })
  values!: string[];
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("PriceRange", { description: "Lowest and highest variant price of a product on one channel." })
export class PriceRange {
  @Field(() => Money, { description: "Lowest variant price." })
  min!: Money;

  @Field(() => Money, { description: "Highest variant price." })
  max!: Money;
}

@Directive(`@key(fields: "id")`)
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Product", { description: "A product as merchandised: title, brand, images, options and its variants." })
export class Product {
  @Field(() => ID, { description: "Opaque product id." })
  id!: string;

  @Field(() => String, { description: "URL-safe unique name used in product page addresses." })
  handle!: string;

  @Field(() => String, { description: "Display title." })
  title!: string;

  @Field(() => String, { description: "Marketing description, plain text." })
  description!: string;

  @Field(() => String, { description: "Brand name." })
  brand!: string;

  @Directive(`@listSize(assumedSize: 5)`)
  @Field(() => [Image], { description: "Images, the first one is the main image." })
  images!: Image[];

  @Directive(`@listSize(assumedSize: 3)`)
  @Field(() => [ProductOption], { description: "Options a shopper chooses between (size, colour)." })
  options!: ProductOption[];

  // category, variants, priceRange and updatedAt are field resolvers (resolvers/product.ts)
  categoryId!: string;
  variantSkus!: string[];
}

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
    PRICE_ASC: { description: "Lowest web price first." },
    PRICE_DESC: { description: "Highest web price first." },
    NEWEST: { description: "Most recently added first." },
  },
});

export const { Connection: ProductConnection, Edge: ProductEdge } = connectionTypes(Product, "Product", "product", true);

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("FacetValue", { description: "One value of a facet and how many results have it." })
export class FacetValue {
  @Field(() => String, { description: "The value to pass back in a FacetFilterInput." })
  value!: string;

  @Field(() => Int, { description: "Results with this value, given the other facets' filters." })
  count!: number;
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Facet", { description: "A dimension to narrow search results by: category, brand, color, size or price." })
export class Facet {
  @Field(() => String, { description: "Facet name: category, brand, color, size or price." })
  name!: string;

  @Directive(`@listSize(assumedSize: 20)`)
  @Field(() => [FacetValue], { description: "Values present in the results, most common first (price bands in order)." })
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
}

@InputType("FacetFilterInput", { description: "Keep results that have one of `values` for facet `name`." })
export class FacetFilterInput {
  @Field(() => String, { description: "Facet name: category, brand, color, size or price." })
  name!: string;

  @Field(() => [String], { description: "Accepted values; a result needs one of them." })
  values!: string[];
}
