import { randomInt } from "node:crypto";
import type { CartRecord, CartWrite, FulfillmentWithOrder, OrderRecord, SettlementRecord, SettlementStep } from "./index.js";
import { FINISHED_SETTLEMENT_STATES, settlementRef } from "./index.js";

// Rules both order stores apply identically, so the memory and Redis stores cannot drift apart.

/** Why a cart may not be written at `expectedVersion`; null when it may. */
export function cartRefusal(cart: CartRecord, expectedVersion: number): CartWrite | null {
  if (cart.orderId || cart.mergedIntoId) return { status: "CLOSED", cart };
  if (cart.checkoutKey) return { status: "CHECKING_OUT", cart };
  if (cart.version !== expectedVersion) return { status: "CHANGED", cart };
  return null;
}

/** Six characters a person can read out without confusing 0/O or 1/I. */
export const PICKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newPickupCode(): string {
  return Array.from({ length: 6 }, () => PICKUP_CODE_ALPHABET[randomInt(PICKUP_CODE_ALPHABET.length)]).join("");
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

/** Finished settlements rest: nothing left to do, and a retry with their key answers what they ended with. */
export function isFinished(settlement: Pick<SettlementRecord, "state">): boolean {
  return FINISHED_SETTLEMENT_STATES.includes(settlement.state);
}

/** A checkout just claimed (`attempt` counts the key's starts): the cart is held, nothing else yet. */
export function newCheckout(key: string, cartId: string, dueAt: string, attempt = 1): SettlementRecord {
  const now = new Date().toISOString();
  return {
    ref: settlementRef("CHECKOUT", key),
    kind: "CHECKOUT",
    key,
    cartId,
    state: "CLAIMED",
    attempt,
    orderId: null,
    userErrors: [],
    createdAt: now,
    updatedAt: now,
    dueAt,
    reservation: null,
    authorization: null,
    draft: null,
    holdLines: null,
    captureFailures: 0,
  };
}

/** A settlement after one step: the step's fields over the record's, touched now; a finished one is due never. */
export function nextSettlement(settlement: SettlementRecord, step: SettlementStep): SettlementRecord {
  const next: SettlementRecord = { ...settlement, ...structuredClone(step), updatedAt: new Date().toISOString() };
  if (isFinished(next)) next.dueAt = null;
  return next;
}

/** An unwound settlement's key may start again: the next attempt, holding stock and money under keys of its own. */
export function canStartAgain(known: SettlementRecord | null): boolean {
  return known?.state === "UNWOUND";
}
