import type { DomainEvent } from "../../lib/events.js";

/**
 * Which events may concern which subscriptions, so that an event is resolved only for the subscribers it may
 * concern: each subscription root field listens on one topic made from its arguments, and each event is published
 * on the topics it touches. Whether the event says anything to a given subscriber (and what they may read of it) is
 * decided by the subgraph that owns the field, per subscriber; this table only keeps the rest from being asked.
 */
const FIELD_TOPICS: Record<string, (args: Record<string, unknown>) => string | null> = {
  orderUpdated: (args) => (typeof args.id === "string" ? `order:${args.id}` : null),
  pickupQueueChanged: (args) => (typeof args.locationId === "string" ? `pickups:${args.locationId}` : null),
  serviceCaseUpdated: (args) => (typeof args.id === "string" ? `service-case:${args.id}` : null),
};

/** The topic a subscription root field listens on, or null when the gateway does not know the field. */
export function topicOf(field: string, args: Record<string, unknown>): string | null {
  return FIELD_TOPICS[field]?.(args) ?? null;
}

/** Whether the gateway knows how to route events to this root field. */
export function isRoutedField(field: string): boolean {
  return Object.hasOwn(FIELD_TOPICS, field);
}

/** The topics an event touches. */
export function topicsOf(event: DomainEvent): string[] {
  switch (event.type) {
    case "ORDER_PLACED":
    case "STORE_SALE_RECORDED":
    case "ORDER_CANCELLED":
    case "RETURN_REQUESTED":
    case "RETURN_RECEIVED":
      return [`order:${event.payload.orderId}`];
    case "FULFILLMENT_QUEUED":
    case "FULFILLMENT_PICKING":
    case "FULFILLMENT_PACKED":
    case "FULFILLMENT_READY":
    case "FULFILLMENT_CUSTOMER_ARRIVED":
    case "FULFILLMENT_PICKED_UP":
    case "FULFILLMENT_SHIPPED":
    case "FULFILLMENT_DELIVERED": {
      const topics = [`order:${event.payload.orderId}`];
      if (event.payload.locationId) topics.push(`pickups:${event.payload.locationId}`);
      return topics;
    }
    case "SERVICE_CASE_UPDATED":
      return [`service-case:${event.payload.caseId}`];
    case "CART_ATTACHED":
    case "CUSTOMER_REGISTERED":
    case "STOCK_CHANGED":
    case "CATALOG_CHANGED":
      return [];
  }
}
