import { Directive, Field, ID, ObjectType } from "type-graphql";
import { connectionTypes, Money } from "../../../lib/graphql/types.js";
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

export const { Connection: ProductConnection, Edge: ProductEdge } = connectionTypes(Product, "Product", "product", true);
