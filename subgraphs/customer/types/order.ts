import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The order subgraph owns orders; a service case only points at one, so the gateway fetches everything but the id there. */
@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType("Order", { description: "An order; its details come from the order subgraph." })
export class Order {
  @Field(() => ID, { description: "Opaque order id." })
  id!: string;
}
