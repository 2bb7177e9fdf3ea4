import type { CartChange, CartRecord, CartWrite } from "../records/carts.js";
import type { CartMerge, EventsOf } from "../order-store.js";
import { cartRefusal, changedCart, checkedOutCart, isOpen, mergedCart, mergeRefusal, nextActiveCart } from "../rules.js";
import { Change, parse, type Attempt } from "./change.js";
import type { OrderRedis } from "./client.js";
import { orderKeys } from "./keys.js";

/**
 * Carts on Redis: the batched reads, the writes (create, update, merge — each a compare-and-set on the carts it read
 * and on the owner's active cart), and what a cart write adds to a change: the cart with its TTL when anonymous, the
 * owner's active and open carts, and closing a cart checked out into an order.
 */

export function cartsById(db: OrderRedis, ids: readonly string[]) {
  return db.mget<CartRecord>(ids.map(orderKeys.cart));
}

export async function activeCartByCustomer(db: OrderRedis, customerIds: readonly string[]) {
  return (await db.referenced(orderKeys.cartPrefix, orderKeys.activeCarts, customerIds)).map(parse<CartRecord>);
}

export async function createCart(db: OrderRedis, cart: CartRecord) {
  const change = putCart(new Change().expect(orderKeys.cart(cart.id), null), cart, db.cartTtlMs);
  if (cart.customerId) {
    change.hset(orderKeys.activeCarts, cart.customerId, cart.id);
    if (isOpen(cart)) change.sadd(orderKeys.openCarts(cart.customerId), cart.id);
  }
  if (!(await db.commit(change))) throw new Error(`createCart expects a new cart id, "${cart.id}" exists`);
  return cart;
}

export function updateCart(db: OrderRedis, cartId: string, expectedVersion: number, cartChange: CartChange): Promise<CartWrite> {
  return db.untilApplied(async (): Promise<Attempt<CartWrite>> => {
    const json = await db.redis.get(orderKeys.cart(cartId));
    const cart = parse<CartRecord>(json);
    if (!cart) return { value: { status: "NOT_FOUND" } };
    const refusal = cartRefusal(cart, expectedVersion);
    if (refusal) return { value: refusal };
    const change = new Change().expect(orderKeys.cart(cartId), json);
    return { value: { status: "UPDATED", cart: changeCart(change, cart, cartChange, db.cartTtlMs) }, change };
  });
}

export function mergeCarts(db: OrderRedis, merge: CartMerge, events?: EventsOf<CartRecord>): Promise<CartWrite> {
  return db.untilApplied(async (): Promise<Attempt<CartWrite>> => {
    const [sourceJson, activeId] = await Promise.all([
      db.redis.get(orderKeys.cart(merge.sourceId)),
      db.redis.hget(orderKeys.activeCarts, merge.customerId),
    ]);
    const source = parse<CartRecord>(sourceJson);
    if (!source) return { value: { status: "NOT_FOUND" } };
    const refusal = mergeRefusal(source, merge, activeId ?? null);
    if (refusal) return { value: refusal };
    const change = new Change().expect(orderKeys.cart(source.id), sourceJson).expect(orderKeys.activeCarts, activeId, merge.customerId);
    if (!activeId) {
      const given = changeCart(change, source, { ...merge.change, customerId: merge.customerId, lines: merge.lines }, db.cartTtlMs);
      if (events) change.record(events(given));
      return { value: { status: "UPDATED", cart: given }, change };
    }
    const activeJson = await db.redis.get(orderKeys.cart(activeId));
    const active = parse<CartRecord>(activeJson);
    if (!active) throw new Error(`customer "${merge.customerId}" has active cart "${activeId}", which does not exist`);
    change.expect(orderKeys.cart(active.id), activeJson);
    const targetRefusal = cartRefusal(active, merge.targetVersion ?? -1);
    if (targetRefusal) return { value: targetRefusal };
    change.set(orderKeys.cart(source.id), JSON.stringify(mergedCart(source, merge, active.id)));
    const target = changeCart(change, active, { ...merge.change, lines: merge.lines }, db.cartTtlMs);
    if (events) change.record(events(target));
    return { value: { status: "UPDATED", cart: target }, change };
  });
}

/** Adds closing the cart as checked out into `orderId` to `change`, with the owner's next active cart. */
export async function closeCart(db: OrderRedis, change: Change, cartId: string, orderId: string): Promise<void> {
  const json = await db.redis.get(orderKeys.cart(cartId));
  const cart = parse<CartRecord>(json);
  change.expect(orderKeys.cart(cartId), json);
  const closed = cart && checkedOutCart(cart, orderId);
  if (!cart || !closed) return;
  putCart(change, closed, db.cartTtlMs);
  const owner = cart.customerId;
  if (!owner) return;
  change.srem(orderKeys.openCarts(owner), cartId);
  const [activeId, openIds] = await Promise.all([
    db.redis.hget(orderKeys.activeCarts, owner),
    db.redis.smembers(orderKeys.openCarts(owner)),
  ]);
  // Any cart the owner gets or changes meanwhile becomes their active cart, so this check covers the choice below.
  change.expect(orderKeys.activeCarts, activeId, owner);
  if (activeId !== cartId) return;
  const latest = nextActiveCart(await db.mget<CartRecord>(openIds.filter((id) => id !== cartId).map(orderKeys.cart)), owner);
  if (latest) change.hset(orderKeys.activeCarts, owner, latest.id);
  else change.hdel(orderKeys.activeCarts, owner);
}

/** Applies a change as a new version; an owned cart becomes its owner's active cart. */
function changeCart(change: Change, cart: CartRecord, cartChange: CartChange, ttlMs: number): CartRecord {
  const next = changedCart(cart, cartChange);
  putCart(change, next, ttlMs);
  if (cart.customerId && cart.customerId !== next.customerId) change.srem(orderKeys.openCarts(cart.customerId), next.id);
  if (next.customerId) {
    change.hset(orderKeys.activeCarts, next.customerId, next.id);
    change.sadd(orderKeys.openCarts(next.customerId), next.id);
  }
  return next;
}

/**
 * Writes the cart. An anonymous cart expires `ttlMs` after this write (ANONYMOUS_CART_TTL_SECONDS, renewed by each
 * one); SET alone clears any expiry, so a cart attached to a customer keeps no TTL.
 */
export function putCart(change: Change, cart: CartRecord, ttlMs: number): Change {
  change.set(orderKeys.cart(cart.id), JSON.stringify(cart));
  if (cart.customerId === null) change.pexpire(orderKeys.cart(cart.id), ttlMs);
  return change;
}
