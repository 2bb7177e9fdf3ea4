import type { EventBus } from "../../../lib/events.js";
import type { Logger } from "../../../lib/logger.js";
import { emailKey } from "../../../lib/text.js";
import type { OrderStore } from "../store/index.js";

/** The consumer group joining guest orders to new accounts: one delivery of each event across every order-subgraph instance. */
export const GUEST_ORDERS_GROUP = "order-guest-orders";

/**
 * Joins a guest's orders to the account registered later with their contact email (CUSTOMER_REGISTERED carries its
 * email key), so the customer's `me { orders }` lists them. Applying an event twice changes nothing: the store joins
 * only orders still without a customer. Returns the unsubscribe.
 */
export function consumeRegistrations(bus: EventBus, store: OrderStore, logger?: Logger): () => void {
  return bus.subscribe(GUEST_ORDERS_GROUP, async (event) => {
    if (event.type !== "CUSTOMER_REGISTERED") return;
    const joined = await store.joinGuestOrders(emailKey(event.payload.email), event.payload.customerId);
    if (joined.length > 0) logger?.info("guest orders joined a new account", { eventId: event.id, orders: joined.length });
  });
}
