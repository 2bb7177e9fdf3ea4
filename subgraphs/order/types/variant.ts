import { Directive, Field, ID, ObjectType } from "type-graphql";

// The catalog owns variants; orders and carts only point at them by SKU.
@Directive(`@key(fields: "sku", resolvable: false)`)
@ObjectType("Variant", { description: "A sellable item, identified by its SKU; the catalog resolves everything else about it." })
export class Variant {
  @Field(() => ID, { description: "Stock-keeping unit." })
  sku!: string;
}
