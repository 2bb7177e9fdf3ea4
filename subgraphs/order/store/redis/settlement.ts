import type { CartRecord } from "../records/carts.js";
import type { CheckoutClaim, CheckoutRecord, SettlementRecord, SettlementState, SettlementStep } from "../records/settlement.js";
import { checkoutCartRefusal, releasedCart } from "../rules/carts.js";
import {
  canStartAgain,
  cartToClose,
  cartToRelease,
  isAt,
  knownCheckoutAnswer,
  newCheckout,
  nextAttempt,
  nextSettlement,
} from "../rules/settlement.js";
import { closeCart, putCart } from "./carts.js";
import { Change, parse, type Attempt } from "./change.js";
import type { OrderRedis } from "./client.js";
import { orderKeys } from "./keys.js";

/**
 * Settlements on Redis: records by ref or checkout key, claiming a checkout (holding its cart) or a till sale, each
 * step a compare-and-set on the record (closing or letting go of the cart in the same script), the recovery index of
 * unfinished settlements by due time, and the recovery worker's lease on one.
 */

export function checkoutsByKey(db: OrderRedis, keys: readonly string[]) {
  return db.mget<CheckoutRecord>(keys.map(orderKeys.checkout));
}

export function settlementsByRef(db: OrderRedis, refs: readonly string[]) {
  return db.mget<SettlementRecord>(refs.map(orderKeys.settlement));
}

export function claimCheckout(db: OrderRedis, key: string, cartId: string, cartVersion: number, dueAt: string): Promise<CheckoutClaim> {
  return db.untilApplied(async (): Promise<Attempt<CheckoutClaim>> => {
    const [knownJson, cartJson] = await db.redis.mget(orderKeys.checkout(key), orderKeys.cart(cartId));
    const known = parse<CheckoutRecord>(knownJson);
    const answer = knownCheckoutAnswer(known, cartId);
    if (answer) return { value: answer };
    const cart = parse<CartRecord>(cartJson);
    if (!cart) return { value: { status: "NOT_FOUND" } };
    const refusal = checkoutCartRefusal(cart, cartVersion);
    if (refusal) return { value: refusal };
    const checkout = newCheckout(key, cartId, dueAt, nextAttempt(known));
    const held: CartRecord = { ...cart, checkoutKey: key };
    const change = new Change().expect(orderKeys.checkout(key), knownJson).expect(orderKeys.cart(cartId), cartJson);
    putSettlement(change, checkout);
    putCart(change, held, db.cartTtlMs);
    return { value: { status: "CLAIMED", checkout, cart: held }, change };
  });
}

export function claimSale(db: OrderRedis, sale: SettlementRecord) {
  return db.untilApplied(async (): Promise<Attempt<{ claimed: boolean; sale: SettlementRecord }>> => {
    const json = await db.redis.get(orderKeys.settlement(sale.ref));
    const known = parse<SettlementRecord>(json);
    if (known && !canStartAgain(known)) return { value: { claimed: false, sale: known } };
    const started: SettlementRecord = { ...sale, attempt: nextAttempt(known) };
    return {
      value: { claimed: true, sale: started },
      change: putSettlement(new Change().expect(orderKeys.settlement(sale.ref), json), started),
    };
  });
}

export function advanceSettlement(db: OrderRedis, ref: string, from: SettlementState, attempt: number, step: SettlementStep) {
  return db.untilApplied(async (): Promise<Attempt<SettlementRecord | null>> => {
    const json = await db.redis.get(orderKeys.settlement(ref));
    const settlement = parse<SettlementRecord>(json);
    if (!isAt(settlement, from, attempt)) return { value: null };
    const next = nextSettlement(settlement, step);
    const change = putSettlement(new Change().expect(orderKeys.settlement(ref), json), next);
    const toClose = cartToClose(next);
    if (toClose) await closeCart(db, change, toClose.cartId, toClose.orderId);
    const toRelease = cartToRelease(next);
    if (toRelease) {
      const cartJson = await db.redis.get(orderKeys.cart(toRelease));
      change.expect(orderKeys.cart(toRelease), cartJson);
      const released = releasedCart(parse<CartRecord>(cartJson), next.key);
      if (released) putCart(change, released, db.cartTtlMs);
    }
    return { value: next, change };
  });
}

export async function settlementsDue(db: OrderRedis, now: string, limit: number) {
  const refs = await db.redis.zrangebyscore(orderKeys.settlementsDue, "-inf", Date.parse(now), "LIMIT", 0, limit);
  const found = await settlementsByRef(db, refs);
  return found.filter((s): s is SettlementRecord => s !== null && s.dueAt !== null);
}

export async function leaseSettlement(db: OrderRedis, ref: string, holder: string, ttlMs: number) {
  return (await db.scripts.orderSettlementLeaseTake(orderKeys.settlementLease(ref), holder, ttlMs)) === 1;
}

export async function releaseSettlementLease(db: OrderRedis, ref: string, holder: string) {
  await db.scripts.orderSettlementLeaseGiveUp(orderKeys.settlementLease(ref), holder);
}

/** Writes a settlement and files it under the recovery index while unfinished, by when it is due. */
function putSettlement(change: Change, settlement: SettlementRecord): Change {
  change.set(orderKeys.settlement(settlement.ref), JSON.stringify(settlement));
  if (settlement.dueAt === null) change.zrem(orderKeys.settlementsDue, settlement.ref);
  else change.zadd(orderKeys.settlementsDue, Date.parse(settlement.dueAt), settlement.ref);
  return change;
}
