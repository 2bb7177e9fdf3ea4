import type { DomainEvent } from "../../../lib/events.js";
import { orderFacts } from "../lifecycle.js";
import type { OrderRecord, OrderStore, SettlementRecord } from "../store/index.js";

/** Publishes what the order store recorded in its outbox; a write path awaits it before answering. */
export interface OrderAnnouncer {
  /** Publishes everything recorded so far (best effort, bounded); never throws: what fails stays recorded. */
  flush(): Promise<void>;
}

/**
 * What a settled order tells the graph: ORDER_PLACED for a checkout, STORE_SALE_RECORDED for a till sale. Its id is
 * fixed by the order, so however often it is recorded or published, consumers apply it once.
 */
export function orderPlacedEvent(kind: SettlementRecord["kind"], order: OrderRecord): DomainEvent {
  if (kind === "SALE")
    return {
      id: `store-sale-recorded-${order.id}`,
      type: "STORE_SALE_RECORDED",
      occurredAt: order.placedAt,
      channel: order.channel,
      payload: orderFacts(order),
    };
  return {
    id: `order-placed-${order.id}`,
    type: "ORDER_PLACED",
    occurredAt: order.placedAt,
    channel: order.channel,
    payload: orderFacts(order),
  };
}

/**
 * Each pickup or curbside fulfillment of a placed order joins its store's pickup queue: FULFILLMENT_QUEUED, for the
 * store's live queue (gateway subscriptions). Ids fixed by the fulfillment, like the order's own event.
 */
export function queuedPickupEvents(order: OrderRecord): DomainEvent[] {
  return order.fulfillments
    .filter((f) => (f.method === "PICKUP_IN_STORE" || f.method === "CURBSIDE") && f.pickupLocationId !== null && f.status !== "CANCELLED")
    .map((f) => ({
      id: `fulfillment-queued-${f.id}`,
      type: "FULFILLMENT_QUEUED",
      occurredAt: order.placedAt,
      channel: order.channel,
      payload: {
        orderId: order.id,
        orderNumber: order.number,
        customerId: order.customerId,
        fulfillmentId: f.id,
        locationId: f.pickupLocationId,
      },
    }));
}

/** Creates a settlement's order (idempotent on its id) with its events recorded in the same store step. */
export function announceOrder(
  services: { store: OrderStore },
  kind: SettlementRecord["kind"],
  draft: Omit<OrderRecord, "number">,
): Promise<OrderRecord> {
  return services.store.createOrder(draft, (order) => [
    orderPlacedEvent(kind, order),
    ...(kind === "SALE" ? [] : queuedPickupEvents(order)),
  ]);
}
