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
  if (kind === "SALE") return { id: `store-sale-recorded-${order.id}`, type: "STORE_SALE_RECORDED", occurredAt: order.placedAt, channel: order.channel, payload: orderFacts(order) };
  return { id: `order-placed-${order.id}`, type: "ORDER_PLACED", occurredAt: order.placedAt, channel: order.channel, payload: orderFacts(order) };
}

/** Creates a settlement's order (idempotent on its id) with its event recorded in the same store step. */
export function announceOrder(services: { store: OrderStore }, kind: SettlementRecord["kind"], draft: Omit<OrderRecord, "number">): Promise<OrderRecord> {
  return services.store.createOrder(draft, (order) => [orderPlacedEvent(kind, order)]);
}
