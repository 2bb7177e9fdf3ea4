import type { DomainEvent, EventBus } from "../../../lib/events.js";
import type { Logger } from "../../../lib/logger.js";
import { customerChangeOf } from "../rules/event-changes.js";
import type { CustomerStore, EventOutcome } from "../store/index.js";

/** The consumer group of the timeline: one delivery of each event across every customer-subgraph instance. */
export const TIMELINE_GROUP = "customer-timeline";

/** Applies one event to the store, once per event id. Null when the event concerns no customer. */
export async function applyDomainEvent(store: CustomerStore, event: DomainEvent): Promise<EventOutcome | null> {
  if (event.type === "CART_ATTACHED") return store.attachCart(event.id, event.payload.cartId, event.payload.customerId);
  // Stock and catalog changes concern no customer (the gateway's response cache listens for them).
  if (event.type === "STOCK_CHANGED" || event.type === "CATALOG_CHANGED") return null;
  // This subgraph's own announcement of a case it changed already (gateway subscriptions listen for it).
  if (event.type === "SERVICE_CASE_UPDATED") return null;
  // Its own announcement of a new profile: nothing to put on a timeline.
  if (event.type === "CUSTOMER_REGISTERED") return null;
  const change = customerChangeOf(event);
  return change ? store.applyEvent(event.id, change) : null;
}

/**
 * Feeds the customer timeline and loyalty from the bus; returns the unsubscribe. An event for a customer this
 * subgraph does not know is logged and dropped: retrying cannot make the customer appear.
 */
export function consumeDomainEvents(bus: EventBus, store: CustomerStore, logger?: Logger): () => void {
  return bus.subscribe(TIMELINE_GROUP, async (event) => {
    const outcome = await applyDomainEvent(store, event);
    if (outcome === "UNKNOWN_CUSTOMER") logger?.warn("domain event names an unknown customer", { eventId: event.id, type: event.type });
  });
}
