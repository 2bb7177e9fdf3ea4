import { SalesChannel } from "../../../lib/channel.js";
import type { DomainEvent, OrderFacts } from "../../../lib/events.js";
import { formatAmount } from "../../../lib/money.js";
import type { CustomerChange, InteractionKind, InteractionRecord } from "../store/index.js";
import { pointsFor } from "./loyalty.js";

/**
 * What each domain event does to its customer's timeline and loyalty points: a pure decision, which the event
 * consumer (services/events.ts) hands to the store to apply once per event id.
 */

/** The domain events that concern a customer's timeline or points (the others are handled before this). */
export type CustomerEvent = Exclude<
  DomainEvent,
  { type: "CART_ATTACHED" | "STOCK_CHANGED" | "CATALOG_CHANGED" | "SERVICE_CASE_UPDATED" | "CUSTOMER_REGISTERED" }
>;

/** Channels where a person on staff served the customer: a cancellation there is a service contact. */
const STAFFED: ReadonlySet<SalesChannel> = new Set([SalesChannel.CALL_CENTER, SalesChannel.STORE]);

/**
 * What `event` does to its customer, or null when it does nothing: no customer (an anonymous order), or not
 * something the customer did. Decisions worth knowing:
 * - FULFILLMENT_READY and FULFILLMENT_SHIPPED are the retailer's steps, not the customer's: no interaction.
 * - ORDER_CANCELLED gives back the points its order earned (the store's per-order ledger knows how many). It is a
 *   SERVICE_CONTACT on the timeline only when it came through a staffed channel (call center, store); a shopper
 *   cancelling on the web or in the app shows as the order's own status, not as a timeline entry.
 * - The interaction id is derived from the event id, so even a store that lost its applied-event record could not
 *   show one event twice.
 */
export function customerChangeOf(event: CustomerEvent): CustomerChange | null {
  const { customerId } = event.payload;
  if (!customerId) return null;
  const interaction = (
    type: InteractionKind,
    channel: SalesChannel,
    summary: string,
    fields: Partial<InteractionRecord> = {},
  ): InteractionRecord => ({
    id: `ix-${event.id}`,
    customerId,
    cartId: null,
    type,
    channel,
    occurredAt: event.occurredAt,
    summary,
    locationId: event.payload.locationId,
    associateId: null,
    orderId: event.payload.orderId,
    sku: null,
    // The graph's words, from what the order service did: a customer's or agent's words never reach a summary here.
    author: "SYSTEM",
    ...fields,
  });
  switch (event.type) {
    case "ORDER_PLACED":
      return {
        customerId,
        interaction: interaction("ORDER_PLACED", event.channel ?? SalesChannel.WEB, `Placed order ${event.payload.orderNumber}`, {
          associateId: event.payload.associateId,
        }),
        loyalty: { kind: "EARN", orderId: event.payload.orderId, points: pointsFor(event.payload.total) },
      };
    case "STORE_SALE_RECORDED":
      // A till sale happens at the store whatever device rang it up.
      return {
        customerId,
        interaction: interaction(
          "STORE_PURCHASE",
          SalesChannel.STORE,
          `Bought ${itemCount(event.payload)} in store, order ${event.payload.orderNumber}`,
          {
            associateId: event.payload.associateId,
          },
        ),
        loyalty: { kind: "EARN", orderId: event.payload.orderId, points: pointsFor(event.payload.total) },
      };
    case "ORDER_CANCELLED": {
      const channel = event.channel;
      return {
        customerId,
        interaction:
          channel !== null && STAFFED.has(channel)
            ? interaction("SERVICE_CONTACT", channel, `Cancelled order ${event.payload.orderNumber} through customer service`, {
                locationId: null,
              })
            : null,
        loyalty: { kind: "REVOKE", orderId: event.payload.orderId },
      };
    }
    case "FULFILLMENT_PICKED_UP":
      // A hand-over happens at a store or its curb, whichever device the associate used.
      return {
        customerId,
        interaction: interaction("ORDER_PICKED_UP", SalesChannel.STORE, `Picked up order ${event.payload.orderNumber}`, {
          // The associate who handed it over; absent on events from before it was carried.
          associateId: event.payload.associateId ?? null,
        }),
        loyalty: null,
      };
    case "FULFILLMENT_READY":
    case "FULFILLMENT_SHIPPED":
      return null;
    // Steps live updates show (gateway subscriptions); the timeline has the order's own entries for them.
    case "FULFILLMENT_QUEUED":
    case "FULFILLMENT_PICKING":
    case "FULFILLMENT_PACKED":
    case "FULFILLMENT_CUSTOMER_ARRIVED":
    case "FULFILLMENT_DELIVERED":
      return null;
    case "RETURN_REQUESTED":
      return {
        customerId,
        interaction: interaction(
          "RETURN_REQUESTED",
          event.channel ?? SalesChannel.WEB,
          `Asked to return items from order ${event.payload.orderNumber}`,
        ),
        loyalty: null,
      };
    case "RETURN_RECEIVED": {
      const { refund, currencyCode, orderNumber, orderId } = event.payload;
      return {
        customerId,
        interaction: interaction(
          "RETURN_RECEIVED",
          event.channel ?? SalesChannel.WEB,
          `Return for order ${orderNumber} received, ${formatAmount(refund)} ${currencyCode} refunded`,
          // The associate who received it; absent on events from before it was carried.
          { associateId: event.payload.associateId ?? null },
        ),
        loyalty: refund > 0 ? { kind: "DEDUCT", orderId, points: pointsFor(refund) } : null,
      };
    }
    default:
      return assertNever(event);
  }
}

function itemCount(order: OrderFacts): string {
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  return units === 1 ? "1 item" : `${units} items`;
}

function assertNever(event: never): never {
  throw new Error(`unhandled domain event ${JSON.stringify(event)}`);
}
