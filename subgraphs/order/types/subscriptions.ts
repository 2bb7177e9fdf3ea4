import { Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "../../../lib/graphql/types.js";
import type { FulfillmentWithOrder, OrderRecord } from "../store/index.js";
import { Fulfillment } from "./fulfillment.js";
import { Order } from "./order.js";

export enum OrderChange {
  PLACED = "PLACED",
  CANCELLED = "CANCELLED",
  FULFILLMENT_PICKING = "FULFILLMENT_PICKING",
  FULFILLMENT_PACKED = "FULFILLMENT_PACKED",
  FULFILLMENT_READY = "FULFILLMENT_READY",
  CUSTOMER_ARRIVED = "CUSTOMER_ARRIVED",
  FULFILLMENT_PICKED_UP = "FULFILLMENT_PICKED_UP",
  FULFILLMENT_SHIPPED = "FULFILLMENT_SHIPPED",
  FULFILLMENT_DELIVERED = "FULFILLMENT_DELIVERED",
  RETURN_REQUESTED = "RETURN_REQUESTED",
  RETURN_RECEIVED = "RETURN_RECEIVED",
}

registerEnumType(OrderChange, {
  name: "OrderChange",
  description: "What happened to an order.",
  valuesConfig: {
    PLACED: { description: "The order was placed (or rung up at a till)." },
    CANCELLED: { description: "The order was cancelled." },
    FULFILLMENT_PICKING: { description: "The store or warehouse began picking a fulfillment." },
    FULFILLMENT_PACKED: { description: "A shipment was packed and waits for its carrier." },
    FULFILLMENT_READY: { description: "A pickup or curbside fulfillment is ready to collect." },
    CUSTOMER_ARRIVED: { description: "The customer reported arrival for a curbside pickup." },
    FULFILLMENT_PICKED_UP: { description: "A pickup was handed over." },
    FULFILLMENT_SHIPPED: { description: "A shipment left." },
    FULFILLMENT_DELIVERED: { description: "A shipment was delivered." },
    RETURN_REQUESTED: { description: "A return was asked for." },
    RETURN_RECEIVED: { description: "A return was received and refunded." },
  },
});

@ObjectType("OrderUpdate", { description: "A change to an order, pushed to those subscribed to it." })
export class OrderUpdate {
  @Field(() => OrderChange, { description: "What happened." })
  change!: OrderChange;

  @Field(() => DateTime, { description: "When it happened." })
  occurredAt!: string;

  @Field(() => Order, { description: "The order as it is now." })
  order!: OrderRecord;

  @Field(() => Fulfillment, { nullable: true, description: "The fulfillment that moved; null when the change is not a fulfillment's." })
  fulfillment!: FulfillmentWithOrder | null;
}

export enum PickupQueueChangeKind {
  NEW_PICKUP = "NEW_PICKUP",
  PICKING = "PICKING",
  READY = "READY",
  CUSTOMER_ARRIVED = "CUSTOMER_ARRIVED",
  HANDED_OVER = "HANDED_OVER",
}

registerEnumType(PickupQueueChangeKind, {
  name: "PickupQueueChangeKind",
  description: "How a store's pickup queue changed.",
  valuesConfig: {
    NEW_PICKUP: { description: "An order placed for pickup or curbside at this store joined the queue." },
    PICKING: { description: "An associate began picking it." },
    READY: { description: "It is ready to collect." },
    CUSTOMER_ARRIVED: { description: "A curbside customer has arrived; the fulfillment's parkingSpot says where." },
    HANDED_OVER: { description: "It was handed over and left the queue." },
  },
});

@ObjectType("PickupQueueChange", { description: "A change to a store's pickup queue, pushed to its associates." })
export class PickupQueueChange {
  @Field(() => PickupQueueChangeKind, { description: "What happened." })
  change!: PickupQueueChangeKind;

  @Field(() => DateTime, { description: "When it happened." })
  occurredAt!: string;

  @Field(() => Fulfillment, { description: "The pickup as it is now, with its order (and parkingSpot once the customer has arrived)." })
  fulfillment!: FulfillmentWithOrder;
}
