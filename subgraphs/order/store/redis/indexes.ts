import type { FulfillmentRecord } from "../records/fulfilment.js";
import type { FulfillmentWithOrder, OrderRecord } from "../records/orders.js";
import { fulfillmentWithOrder, guestKeyOf, isOpenPickup, shipsFrom } from "../rules/orders.js";
import type { Change } from "./change.js";
import { orderKeys } from "./keys.js";

/**
 * An order's Redis index entries: what a new (or seeded) order is filed under, how a fulfillment moves between its
 * location's status sets, the sorted-set score of an order, and turning what a queue script answers back into
 * fulfillments with their order. Which indexes an order belongs in is decided by the shared rules (rules/orders.ts).
 */

/** Writes an order and files it under every index the reads use; seeded and new orders alike. */
export function indexOrder(change: Change, order: OrderRecord): void {
  const score = scoreOf(order);
  change.set(orderKeys.order(order.id), JSON.stringify(order));
  change.hset(orderKeys.orderNumbers, order.number, order.id);
  if (order.customerId) change.zadd(orderKeys.ordersOfCustomer(order.customerId), score, order.id);
  if (order.attribution.associateId) change.zadd(orderKeys.ordersOfAssociate(order.attribution.associateId), score, order.id);
  const guestKey = guestKeyOf(order);
  if (guestKey) change.sadd(orderKeys.guestOrders(guestKey), order.id);
  if (order.orderToken) change.set(orderKeys.orderToken(order.orderToken), order.id);
  for (const fulfillment of order.fulfillments) {
    change.hset(orderKeys.fulfillmentOrders, fulfillment.id, order.id);
    const origin = shipsFrom(fulfillment);
    if (origin) change.zadd(orderKeys.ships(origin, fulfillment.status), score, fulfillment.id);
    const locationId = fulfillment.pickupLocationId;
    if (!locationId) continue;
    change.zadd(orderKeys.pickups(locationId, fulfillment.status), score, fulfillment.id);
    if (fulfillment.pickupCode) {
      change.zadd(orderKeys.pickupCodes(locationId), 0, `${fulfillment.pickupCode}|${fulfillment.id}`);
      if (isOpenPickup(fulfillment)) change.hincrby(orderKeys.openPickupCodes, fulfillment.pickupCode, 1);
    }
  }
  for (const ret of order.returns) change.hset(orderKeys.returnOrders, ret.id, order.id);
}

/** Moves a fulfillment between its location's status sets, and frees or takes its code as it leaves or enters "open". */
export function reindexFulfillment(change: Change, order: OrderRecord, before: FulfillmentRecord, after: FulfillmentRecord): void {
  const origin = shipsFrom(after);
  if (origin && before.status !== after.status) {
    change.zrem(orderKeys.ships(origin, before.status), after.id);
    change.zadd(orderKeys.ships(origin, after.status), scoreOf(order), after.id);
  }
  const locationId = after.pickupLocationId;
  if (!locationId || before.status === after.status) return;
  change.zrem(orderKeys.pickups(locationId, before.status), after.id);
  change.zadd(orderKeys.pickups(locationId, after.status), scoreOf(order), after.id);
  const wasOpen = isOpenPickup(before);
  const isOpenNow = isOpenPickup(after);
  if (after.pickupCode && wasOpen !== isOpenNow) change.hincrby(orderKeys.openPickupCodes, after.pickupCode, isOpenNow ? 1 : -1);
}

/** A sorted-set score for an order's placedAt; anything but an ISO-8601 instant would sort nowhere sensible. */
export function scoreOf(order: Pick<OrderRecord, "id" | "placedAt">): number {
  const ms = Date.parse(order.placedAt);
  if (!Number.isFinite(ms)) throw new Error(`order "${order.id}" needs an ISO-8601 placedAt, got ${JSON.stringify(order.placedAt)}`);
  return ms;
}

/** (fulfillment id, order JSON) pairs from a script, as fulfillments with their order. */
export function withOrders(pairs: string[]): FulfillmentWithOrder[] {
  const found: FulfillmentWithOrder[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const fulfillment = fulfillmentWithOrder(JSON.parse(pairs[i + 1]) as OrderRecord, pairs[i]);
    if (fulfillment) found.push(fulfillment);
  }
  return found;
}
