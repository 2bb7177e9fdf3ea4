import { Directive, Field, ID, ObjectType } from "type-graphql";

// The customer subgraph owns customers; this subgraph adds their carts and orders.
@Directive(`@key(fields: "id")`)
@ObjectType("Customer", { description: "A shopper with an account, as seen by ordering: their active cart and order history." })
export class Customer {
  @Field(() => ID, { description: "Opaque customer id." })
  id!: string;
}
