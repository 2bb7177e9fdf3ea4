import { Arg, Authorized, Ctx, Directive, ID, Resolver, Subscription } from "type-graphql";
import { actsForStore, deny, PEOPLE } from "../../../lib/auth/access.js";
import type { DomainEventType } from "../../../lib/events.js";
import { NotFoundError } from "../../../lib/errors.js";
import { EVENT_ARGUMENT_DESCRIPTION, eventArgument, refuseDirectSubscription } from "../../../lib/graphql/subscriptions.js";
import { canSeeOrder } from "../access.js";
import type { OrderContext } from "../context.js";
import type { FulfillmentWithOrder, OrderRecord } from "../store/index.js";
import { OrderChange, OrderUpdate, PickupQueueChange, PickupQueueChangeKind } from "../types/subscriptions.js";

/** What each order event is, to a subscriber of the order. */
const ORDER_CHANGES: Partial<Record<DomainEventType, OrderChange>> = {
  ORDER_PLACED: OrderChange.PLACED,
  STORE_SALE_RECORDED: OrderChange.PLACED,
  ORDER_CANCELLED: OrderChange.CANCELLED,
  FULFILLMENT_PICKING: OrderChange.FULFILLMENT_PICKING,
  FULFILLMENT_PACKED: OrderChange.FULFILLMENT_PACKED,
  FULFILLMENT_READY: OrderChange.FULFILLMENT_READY,
  FULFILLMENT_CUSTOMER_ARRIVED: OrderChange.CUSTOMER_ARRIVED,
  FULFILLMENT_PICKED_UP: OrderChange.FULFILLMENT_PICKED_UP,
  FULFILLMENT_SHIPPED: OrderChange.FULFILLMENT_SHIPPED,
  FULFILLMENT_DELIVERED: OrderChange.FULFILLMENT_DELIVERED,
  RETURN_REQUESTED: OrderChange.RETURN_REQUESTED,
  RETURN_RECEIVED: OrderChange.RETURN_RECEIVED,
};

/** What each fulfillment event is, to a store's pickup queue. */
const QUEUE_CHANGES: Partial<Record<DomainEventType, PickupQueueChangeKind>> = {
  FULFILLMENT_QUEUED: PickupQueueChangeKind.NEW_PICKUP,
  FULFILLMENT_PICKING: PickupQueueChangeKind.PICKING,
  FULFILLMENT_READY: PickupQueueChangeKind.READY,
  FULFILLMENT_CUSTOMER_ARRIVED: PickupQueueChangeKind.CUSTOMER_ARRIVED,
  FULFILLMENT_PICKED_UP: PickupQueueChangeKind.HANDED_OVER,
};

const PICKUP_METHODS = new Set(["PICKUP_IN_STORE", "CURBSIDE"]);

/** Live updates of orders and pickup queues, resolved per event for the gateway (lib/graphql/subscriptions.ts). */
@Resolver()
export class OrderSubscriptions {
  @Authorized(...PEOPLE)
  @Subscription(() => OrderUpdate, {
    nullable: true,
    subscribe: refuseDirectSubscription,
    description:
      "Status and fulfilment changes of one order as they happen: for its customer, and for staff as the order query allows. Someone else's order, or one that does not exist, is refused with NOT_FOUND. Never null in what a subscriber receives.",
  })
  async orderUpdated(
    @Arg("id", () => ID, { description: "The order." }) id: string,
    @Arg("event", () => String, { nullable: true, description: EVENT_ARGUMENT_DESCRIPTION })
    @Directive("@inaccessible")
    event: string | null,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderUpdate | null> {
    const order = await ctx.loaders.orderById.load(id);
    // The order query's rule: someone else's order reads as one that does not exist.
    if (!order || !canSeeOrder(ctx.viewer, order)) throw new NotFoundError("Order", id);
    const happened = eventArgument(event, Object.keys(ORDER_CHANGES) as DomainEventType[]);
    if (!happened || !("orderId" in happened.payload) || happened.payload.orderId !== id) return null;
    const fulfillmentId = "fulfillmentId" in happened.payload ? happened.payload.fulfillmentId : null;
    return {
      change: ORDER_CHANGES[happened.type]!,
      occurredAt: happened.occurredAt,
      order,
      fulfillment: fulfillmentId === null ? null : withOrder(order, fulfillmentId),
    };
  }

  @Authorized("associate", "service")
  @Subscription(() => PickupQueueChange, {
    nullable: true,
    subscribe: refuseDirectSubscription,
    description:
      "A store's pickup queue as it changes: a new pickup, picking begun, ready, a curbside customer arrived (with the parking spot), handed over. For that store's associates, as the queue itself (FORBIDDEN otherwise). Never null in what a subscriber receives.",
  })
  async pickupQueueChanged(
    @Arg("locationId", () => ID, { description: "The store." }) locationId: string,
    @Arg("event", () => String, { nullable: true, description: EVENT_ARGUMENT_DESCRIPTION })
    @Directive("@inaccessible")
    event: string | null,
    @Ctx() ctx: OrderContext,
  ): Promise<PickupQueueChange | null> {
    // The rule of Location.pickupQueue.
    if (!actsForStore(ctx.viewer, locationId)) deny(ctx.viewer, "only this store's associates see its pickup queue.");
    const happened = eventArgument(event, Object.keys(QUEUE_CHANGES) as DomainEventType[]);
    if (!happened || !("fulfillmentId" in happened.payload)) return null;
    const order = await ctx.loaders.orderById.load(happened.payload.orderId);
    const fulfillment = order ? withOrder(order, happened.payload.fulfillmentId) : null;
    // Only pickups handed over at this store are its queue's business.
    if (!fulfillment || fulfillment.pickupLocationId !== locationId || !PICKUP_METHODS.has(fulfillment.method)) return null;
    return { change: QUEUE_CHANGES[happened.type]!, occurredAt: happened.occurredAt, fulfillment };
  }
}

function withOrder(order: OrderRecord, fulfillmentId: string): FulfillmentWithOrder | null {
  const fulfillment = order.fulfillments.find((f) => f.id === fulfillmentId);
  return fulfillment ? { ...fulfillment, order } : null;
}
