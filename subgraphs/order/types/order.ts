import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes, DateTime, Money, SalesChannel } from "../../../lib/graphql/types.js";
import { Associate } from "./associate.js";
import { Location } from "./location.js";
import { Variant } from "./variant.js";

export enum OrderStatus {
  PLACED = "PLACED",
  IN_PROGRESS = "IN_PROGRESS",
  PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED",
  FULFILLED = "FULFILLED",
  CANCELLED = "CANCELLED",
}

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "Where an order stands, derived from its fulfillments.",
  valuesConfig: {
    PLACED: { description: "Accepted; no fulfillment has started." },
    IN_PROGRESS: { description: "At least one fulfillment is being picked, shipped or waits for pickup." },
    PARTIALLY_FULFILLED: { description: "Some fulfillments reached the customer, others have not yet." },
    FULFILLED: { description: "Every fulfillment reached the customer." },
    CANCELLED: { description: "Every fulfillment was cancelled." },
  },
});

@ObjectType("OrderLine", { description: "One variant bought in an order, at the price charged." })
export class OrderLine {
  @Field(() => ID, { description: "Opaque order line id; returns refer to it." })
  id!: string;

  @Field(() => Variant, { nullable: true, description: "What was bought; null if the catalog no longer knows the SKU." })
  variant!: Variant | null;

  @Field(() => Int, { description: "Units bought (on a return: units returned)." })
  quantity!: number;

  @Field(() => Money, { description: "Price charged per unit." })
  unitPrice!: Money;

  @Field(() => Money, { description: "unitPrice × quantity." })
  total!: Money;

  @Field(() => Money, { description: "Taken off these units by promotions and codes." })
  discount!: Money;

  @Field(() => Money, { description: "Tax on these units after their discount." })
  tax!: Money;

  @Field(() => ID, { nullable: true, description: "The fulfillment that delivers this line." })
  fulfillmentId!: string | null;
}

@ObjectType("OrderEvent", { description: "Something that happened to an order: placed, picked, shipped, picked up, returned." })
export class OrderEvent {
  @Field(() => String, { description: "What happened, e.g. ORDER_PLACED, FULFILLMENT_SHIPPED, RETURN_RECEIVED." })
  type!: string;

  @Field(() => DateTime, { description: "When it happened." })
  at!: string;

  @Field(() => SalesChannel, { nullable: true, description: "The customer-facing channel involved; null for back-office steps." })
  channel!: SalesChannel | null;

  @Field(() => Location, { nullable: true, description: "Where it happened, when at a store or distribution center." })
  location!: Location | null;
}

@ObjectType("Attribution", { description: "Who gets credit for a sale: the channel, and the store and associate that helped." })
export class Attribution {
  @Field(() => SalesChannel, { description: "The channel the sale was made on." })
  channel!: SalesChannel;

  @Field(() => Location, { nullable: true, description: "The store that helped make the sale, if any." })
  location!: Location | null;

  @Field(() => Associate, { nullable: true, description: "The associate or agent credited with the sale, if any." })
  associate!: Associate | null;
}

@Directive(`@key(fields: "id")`)
@ObjectType("Order", { description: "A purchase on any channel, online or at a store till, with its fulfillments and returns." })
export class Order {
  @Field(() => ID, { description: "Opaque order id." })
  id!: string;

  @Field(() => String, { description: "Human-readable order number, e.g. OG-100123, what a customer reads out on the phone." })
  number!: string;

  @Field(() => SalesChannel, { description: "The channel the order was placed on." })
  channel!: SalesChannel;

  @Field(() => DateTime, { description: "When the order was placed." })
  placedAt!: string;

  @Field(() => OrderStatus, { description: "Where the order stands, derived from its fulfillments." })
  status!: OrderStatus;

  // customer, lines, money, attribution, fulfillments, returns and events are field resolvers (resolvers/order.ts)
}

export const { Connection: OrderConnection, Edge: OrderEdge } = connectionTypes(Order, "Order", "order");
