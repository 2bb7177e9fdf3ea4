import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";

/** The catalog's Variant; inventory adds stock and availability to it (resolvers/variant.ts). */
@Directive(`@key(fields: "sku")`)
@Directive(CACHE.availability)
@ObjectType("Variant", { description: "A sellable item, identified by its SKU; inventory contributes its stock and availability." })
export class Variant {
  @Field(() => ID, { description: "Stock-keeping unit; the key every subgraph uses for this variant." })
  sku!: string;
}
