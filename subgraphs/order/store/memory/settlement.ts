import type { CheckoutClaim, SettlementRecord, SettlementState, SettlementStep } from "../records/settlement.js";
import { settlementRef } from "../records/settlement.js";
import { checkoutCartRefusal, releasedCart } from "../rules/carts.js";
import {
  canStartAgain,
  cartToClose,
  cartToRelease,
  isAt,
  isFinished,
  knownCheckoutAnswer,
  newCheckout,
  nextAttempt,
  nextSettlement,
} from "../rules/settlement.js";
import { closeCart } from "./carts.js";
import type { MemoryOrderState } from "./state.js";

/**
 * Settlements in memory: records by ref or checkout key (copies, so a caller never changes the stored one), claiming a
 * checkout (holding its cart) or a till sale, each step checked against the state and attempt the caller saw, the
 * unfinished ones by due time for the recovery worker, and its lease on one.
 */

export function settlementsByRef(state: MemoryOrderState, refs: readonly string[]) {
  return refs.map((ref) => {
    const settlement = state.settlements.get(ref);
    return settlement ? structuredClone(settlement) : null;
  });
}

export function checkoutsByKey(state: MemoryOrderState, keys: readonly string[]) {
  return settlementsByRef(
    state,
    keys.map((key) => settlementRef("CHECKOUT", key)),
  );
}

export function claimCheckout(state: MemoryOrderState, key: string, cartId: string, cartVersion: number, dueAt: string): CheckoutClaim {
  const ref = settlementRef("CHECKOUT", key);
  const known = state.settlements.get(ref) ?? null;
  const answer = knownCheckoutAnswer(known && structuredClone(known), cartId);
  if (answer) return answer;
  const cart = state.carts.get(cartId);
  if (!cart) return { status: "NOT_FOUND" };
  const refusal = checkoutCartRefusal(cart, cartVersion);
  if (refusal) return refusal;
  const checkout = newCheckout(key, cartId, dueAt, nextAttempt(known));
  state.settlements.set(ref, checkout);
  state.unfinished.add(ref);
  return { status: "CLAIMED", checkout: structuredClone(checkout), cart: state.putCart({ ...cart, checkoutKey: key }) };
}

export function claimSale(state: MemoryOrderState, sale: SettlementRecord) {
  const known = state.settlements.get(sale.ref) ?? null;
  if (known && !canStartAgain(known)) return { claimed: false, sale: structuredClone(known) };
  const started: SettlementRecord = { ...structuredClone(sale), attempt: nextAttempt(known) };
  state.settlements.set(sale.ref, started);
  state.unfinished.add(sale.ref);
  return { claimed: true, sale: structuredClone(started) };
}

export function advanceSettlement(state: MemoryOrderState, ref: string, from: SettlementState, attempt: number, step: SettlementStep) {
  const settlement = state.settlements.get(ref);
  if (!isAt(settlement, from, attempt)) return null;
  const advanced = nextSettlement(settlement, step);
  state.settlements.set(ref, advanced);
  if (isFinished(advanced)) state.unfinished.delete(ref);
  const toClose = cartToClose(advanced);
  if (toClose) closeCart(state, toClose.cartId, toClose.orderId);
  const toRelease = cartToRelease(advanced);
  const released = toRelease && releasedCart(state.carts.get(toRelease), advanced.key);
  if (released) state.putCart(released);
  return structuredClone(advanced);
}

export function settlementsDue(state: MemoryOrderState, now: string, limit: number) {
  const due = [...state.unfinished].map((ref) => state.settlements.get(ref)!).filter((s) => s.dueAt !== null && s.dueAt <= now);
  return due
    .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
    .slice(0, limit)
    .map((s) => structuredClone(s));
}

export function leaseSettlement(state: MemoryOrderState, ref: string, holder: string, ttlMs: number) {
  const lease = state.leases.get(ref);
  if (lease && lease.holder !== holder && lease.until > Date.now()) return false;
  state.leases.set(ref, { holder, until: Date.now() + ttlMs });
  return true;
}

export function releaseSettlementLease(state: MemoryOrderState, ref: string, holder: string) {
  if (state.leases.get(ref)?.holder === holder) state.leases.delete(ref);
}
