import { DEFAULT_CURRENCY } from "../../../../lib/money.js";
import { orderTotalCents } from "../../lifecycle.js";
import type { OrderRecord, SalesSummaryRecord } from "../records/orders.js";
import type { EventsOf, OrderCancellation } from "../order-store.js";
import { applyCancellation, highestOrderNumber, isOpenPickup, needsPickupCode, newestFirst, newPickupCode } from "../rules.js";
import { push, type MemoryOrderState } from "./state.js";

/**
 * Orders in memory: the batched reads (by id, number, token, customer; an associate's sales), and the writes on a
 * whole order — creating one (next number, free pickup codes), cancelling one, and guest orders joining the account
 * registered with their email.
 */

export function ordersById(state: MemoryOrderState, ids: readonly string[]) {
  return ids.map((id) => state.orders.get(id) ?? null);
}

export function ordersByNumber(state: MemoryOrderState, numbers: readonly string[]) {
  return numbers.map((number) => state.ordersByNumber.get(number) ?? null);
}

export function ordersByCustomer(state: MemoryOrderState, customerIds: readonly string[]) {
  return customerIds.map((id) => [...(state.ordersOfCustomer.get(id) ?? [])].sort(newestFirst));
}

export function ordersByToken(state: MemoryOrderState, tokens: readonly string[]) {
  return tokens.map((token) => state.ordersByToken.get(token) ?? null);
}

export function joinGuestOrders(state: MemoryOrderState, key: string, customerId: string) {
  const joined = (state.guestOrdersOf.get(key) ?? []).filter((order) => order.customerId === null);
  state.guestOrdersOf.delete(key);
  for (const order of joined) {
    order.customerId = customerId;
    push(state.ordersOfCustomer, customerId, order);
  }
  return joined.map((order) => order.id);
}

export function attributedSales(state: MemoryOrderState, associateIds: readonly string[], from: string, to: string): SalesSummaryRecord[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  return associateIds.map((id) => {
    const sold = (state.ordersOfAssociate.get(id) ?? []).filter((order) => {
      const placed = Date.parse(order.placedAt);
      return order.status !== "CANCELLED" && placed >= start && placed < end;
    });
    return {
      orderCount: sold.length,
      total: sold.reduce((sum, order) => sum + orderTotalCents(order), 0),
      currencyCode: sold[0]?.currencyCode ?? DEFAULT_CURRENCY,
    };
  });
}

export function createOrder(state: MemoryOrderState, draft: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>): OrderRecord {
  const existing = state.orders.get(draft.id);
  if (existing) return existing;
  state.lastOrderNumber ??= highestOrderNumber(state.ordersByNumber.keys());
  state.lastOrderNumber += 1;
  const order: OrderRecord = { ...draft, number: `OG-${state.lastOrderNumber}` };
  assignPickupCodes(state, order);
  state.indexOrder(order);
  return state.recorded(order, events);
}

export function cancelOrder(state: MemoryOrderState, request: OrderCancellation, events?: EventsOf<OrderRecord>) {
  const order = state.orders.get(request.orderId);
  if (!order || !applyCancellation(order, request)) return null;
  return state.recorded(order, events);
}

/** Gives each open pickup or curbside fulfillment that has no code one that no other open pickup has. */
function assignPickupCodes(state: MemoryOrderState, order: OrderRecord): void {
  const needing = order.fulfillments.filter(needsPickupCode);
  if (needing.length === 0) return;
  const taken = new Set<string>();
  for (const pickups of state.pickupsAt.values()) {
    for (const { order: other, fulfillmentId } of pickups) {
      const fulfillment = other.fulfillments.find((f) => f.id === fulfillmentId);
      if (fulfillment?.pickupCode && isOpenPickup(fulfillment)) taken.add(fulfillment.pickupCode);
    }
  }
  for (const fulfillment of needing) {
    let code = newPickupCode();
    while (taken.has(code)) code = newPickupCode();
    taken.add(code);
    fulfillment.pickupCode = code;
  }
}
