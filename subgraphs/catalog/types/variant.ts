import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("SelectedOption", { description: "One option value that distinguishes a variant, e.g. Size: M." })
export class SelectedOption {
  @Field(() => String, { description: "Option name, e.g. Size." })
  name!: string;

  @Field(() => String, { description: "Chosen value, e.g. M." })
  value!: string;
}

@Directive(`@key(fields: "sku")`)
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Variant", { description: "A sellable item: one size and colour of a product, identified by its SKU." })
export class Variant {
  @Field(() => ID, { description: "Stock-keeping unit; the key every subgraph uses for this variant." })
  sku!: string;

  @Field(() => String, { description: "GTIN scanned at kiosks and tills." })
  barcode!: string;

  @Field(() => String, { description: 'Option values joined for display, e.g. "M / Navy".' })
  title!: string;

  @Directive(`@listSize(assumedSize: 3)`)
  @Field(() => [SelectedOption], { description: "The option values that make this variant." })
  selectedOptions!: SelectedOption[];

  // product, price and compareAtPrice are field resolvers (resolvers/variant.ts)
  productId!: string;
}
