import { Field, ID, Int, ObjectType } from "type-graphql";
import { Location } from "./location.js";

@ObjectType("StockAlternative", {
  description:
    "A store near the shopper (or near the pickup store asked for) that has an out-of-stock line's SKU: pass its id to setCartFulfillment to pick up there instead.",
})
export class StockAlternative {
  @Field(() => Location, { description: "The store; its name, address, hours and pickupReadyBy come from the inventory subgraph." })
  location!: { id: string };

  @Field(() => ID, { description: "The SKU the line asked for." })
  sku!: string;

  @Field(() => Int, { description: "Units the store can promise now: on hand minus reserved minus safety stock." })
  availableToPromise!: number;
}
