import { randomInt } from "node:crypto";
import { emailKey } from "../../../../lib/text.js";
import type { FulfillmentRecord } from "../records/fulfilment.js";
import { OPEN_PICKUP_STATUSES } from "../records/fulfilment.js";
import type { FulfillmentWithOrder, OrderRecord, ReturnWithOrder } from "../records/orders.js";

/**
 * Order decisions both order stores make the same way: how orders and a store's queue are ordered, which indexes an
 * order and its fulfillments belong in, which fulfillments need a pickup code and which pickup a code means, and how
 * order numbers count up.
 */

/** Six characters a person can read out without confusing 0/O or 1/I. */
export const PICKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newPickupCode(): string {
  return Array.from({ length: 6 }, () => PICKUP_CODE_ALPHABET[randomInt(PICKUP_CODE_ALPHABET.length)]).join("");
}

/** Order numbers start above this (OG-100001 is the first). */
export const ORDER_NUMBER_FLOOR = 100_000;

/** The highest numeric part among order numbers ("OG-<digits>"), never below the floor. */
export function highestOrderNumber(numbers: Iterable<string>): number {
  let highest = ORDER_NUMBER_FLOOR;
  for (const number of numbers) highest = Math.max(highest, Number(/^OG-(\d+)$/.exec(number)?.[1] ?? 0));
  return highest;
}

/** A customer's orders: newest first, ties by id. */
export function newestFirst(a: OrderRecord, b: OrderRecord): number {
  return b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id);
}

/** A store's queue order: oldest order first, then the order's own fulfillment order. */
export function oldestOrderFirst(fulfillments: FulfillmentWithOrder[]): FulfillmentWithOrder[] {
  const position = (f: FulfillmentWithOrder) => f.order.fulfillments.findIndex((other) => other.id === f.id);
  return fulfillments.sort((a, b) => newestFirst(b.order, a.order) || position(a) - position(b));
}

/** A guest order's contact email key, under which it waits to join the account registered with it; null otherwise. */
export function guestKeyOf(order: Pick<OrderRecord, "customerId" | "contactEmail">): string | null {
  return !order.customerId && order.contactEmail ? emailKey(order.contactEmail) : null;
}

/** Whether a pickup in this status still needs a store's attention (and holds its code against new ones). */
export function isOpenPickup(fulfillment: Pick<FulfillmentRecord, "status">): boolean {
  return OPEN_PICKUP_STATUSES.includes(fulfillment.status);
}

/** An open pickup or curbside fulfillment without a code yet: a new order's gets one in the step that creates it. */
export function needsPickupCode(fulfillment: FulfillmentRecord): boolean {
  return fulfillment.method !== "SHIP_TO_HOME" && fulfillment.pickupCode === null && isOpenPickup(fulfillment);
}

/** Where a shipment leaves from (its location's ship-from-store work); null for pickups. */
export function shipsFrom(fulfillment: FulfillmentRecord): string | null {
  return fulfillment.method === "SHIP_TO_HOME" ? fulfillment.originId : null;
}

/** A fulfillment is a location's work when handed over there or shipped from there. */
export function atLocation(fulfillment: FulfillmentRecord, locationId: string): boolean {
  return fulfillment.pickupLocationId === locationId || shipsFrom(fulfillment) === locationId;
}

/** Among the pickups at a store with one code: codes are short, so an old handed-over pickup may share one with a waiting pickup — the waiting one is meant. */
export function meantPickup<F extends FulfillmentRecord>(matches: readonly F[]): F | null {
  return matches.find(isOpenPickup) ?? matches[0] ?? null;
}

/** A fulfillment with its order, by fulfillment id; null when the order is missing or has no such fulfillment. */
export function fulfillmentWithOrder(order: OrderRecord | null | undefined, fulfillmentId: string): FulfillmentWithOrder | null {
  const fulfillment = order?.fulfillments.find((f) => f.id === fulfillmentId);
  return order && fulfillment ? { ...fulfillment, order } : null;
}

/** A return with its order, by return id; null when the order is missing or has no such return. */
export function returnWithOrder(order: OrderRecord | null | undefined, returnId: string): ReturnWithOrder | null {
  const ret = order?.returns.find((r) => r.id === returnId);
  return order && ret ? { ...ret, order } : null;
}
