import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Address, DateTime, Money, SalesChannel } from "../../../lib/graphql/types.js";
import { FulfillmentMethod } from "./fulfillment.js";
import { Location } from "./location.js";
import { Variant } from "./variant.js";

@ObjectType("FulfillmentSelection", { description: "How the shopper wants one cart line delivered." })
export class FulfillmentSelection {
  @Field(() => FulfillmentMethod, { description: "Shipping, in-store pickup or curbside." })
  method!: FulfillmentMethod;

  @Field(() => Location, { nullable: true, description: "The pickup store, for pickup and curbside." })
  location!: Location | null;

  @Field(() => Address, { nullable: true, description: "Where to ship, for ship-to-home once the shopper has said." })
  shippingAddress!: Address | null;
}

@ObjectType("CartLine", { description: "One variant in a cart, with how it should be fulfilled." })
export class CartLine {
  @Field(() => ID, { description: "Opaque cart line id." })
  id!: string;

  @Field(() => Variant, { description: "What the shopper wants." })
  variant!: Variant;

  @Field(() => Int, { description: "Units wanted." })
  quantity!: number;

  @Field(() => FulfillmentSelection, { description: "How this line should reach the shopper." })
  fulfillment!: FulfillmentSelection;

  @Field(() => Money, { nullable: true, description: "Price per unit when the line was added; checkout re-prices from the catalog." })
  unitPrice!: Money | null;
}

@Directive(`@key(fields: "id")`)
@ObjectType("Cart", { description: "A shopping cart that follows the shopper across channels: start on mobile, finish at a kiosk." })
export class Cart {
  @Field(() => ID, { description: "Opaque cart id; anonymous shoppers keep it to come back to their cart." })
  id!: string;

  @Field(() => SalesChannel, { description: "The channel the cart was started on." })
  createdChannel!: SalesChannel;

  @Field(() => SalesChannel, { description: "The channel the cart was last changed on." })
  lastActiveChannel!: SalesChannel;

  @Field(() => Int, { description: "Bumped by every change; cart mutations take it as expectedVersion to refuse stale edits." })
  version!: number;

  @Field(() => DateTime, { description: "When the cart last changed." })
  updatedAt!: string;

  // customer, lines, attribution and estimatedTotal are field resolvers (resolvers/cart.ts)
}
