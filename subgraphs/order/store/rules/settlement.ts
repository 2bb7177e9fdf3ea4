import type { CheckoutClaim, CheckoutRecord, SettlementRecord, SettlementState, SettlementStep } from "../records/settlement.js";
import { FINISHED_SETTLEMENT_STATES, settlementRef } from "../records/settlement.js";

/**
 * Settlement decisions both order stores make the same way: when a settlement is finished or may start again, what a
 * known key answers, the record a claim or a step writes, and what a step does to the checkout's cart.
 */

/** Finished settlements rest: nothing left to do, and a retry with their key answers what they ended with. */
export function isFinished(settlement: Pick<SettlementRecord, "state">): boolean {
  return FINISHED_SETTLEMENT_STATES.includes(settlement.state);
}

/** An unwound settlement's key may start again: the next attempt, holding stock and money under keys of its own. */
export function canStartAgain(known: SettlementRecord | null): boolean {
  return known?.state === "UNWOUND";
}

/** What a checkout key already known answers for itself (null: it may start, or start again, on `cartId`). */
export function knownCheckoutAnswer(known: CheckoutRecord | null, cartId: string): CheckoutClaim | null {
  if (known && known.cartId !== cartId) return { status: "KEY_REUSED", checkout: known };
  if (known && !canStartAgain(known)) return { status: isFinished(known) ? "DONE" : "IN_PROGRESS", checkout: known };
  return null;
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

/** The attempt a claim starts: the next after the one recorded under its key, if any. */
export function nextAttempt(known: SettlementRecord | null | undefined): number {
  return (known?.attempt ?? 0) + 1;
}

/** Whether a step may apply: the settlement exists and is still in `from`, at `attempt`. */
export function isAt(
  settlement: SettlementRecord | null | undefined,
  from: SettlementState,
  attempt: number,
): settlement is SettlementRecord {
  return !!settlement && settlement.state === from && settlement.attempt === attempt;
}

/** A settlement after one step: the step's fields over the record's, touched now; a finished one is due never. */
export function nextSettlement(settlement: SettlementRecord, step: SettlementStep): SettlementRecord {
  const next: SettlementRecord = { ...settlement, ...structuredClone(step), updatedAt: new Date().toISOString() };
  if (isFinished(next)) next.dueAt = null;
  return next;
}

/** The cart a step closes as checked out into its order: a checkout's, on reaching ORDERED; null otherwise. */
export function cartToClose(next: SettlementRecord): { cartId: string; orderId: string } | null {
  return next.cartId && next.state === "ORDERED" && next.orderId ? { cartId: next.cartId, orderId: next.orderId } : null;
}

/** The cart a step lets go of: a checkout's, on reaching UNWOUND; null otherwise (a till sale holds no cart). */
export function cartToRelease(next: SettlementRecord): string | null {
  return next.cartId && next.state === "UNWOUND" ? next.cartId : null;
}
