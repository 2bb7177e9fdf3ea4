import type { CartChange, CartRecord, CartWrite } from "../records/carts.js";
import type { CartMerge, EventsOf } from "../order-store.js";
import { cartRefusal, checkedOutCart, mergedCart, mergeRefusal, nextActiveCart } from "../rules.js";
import type { MemoryOrderState } from "./state.js";

/**
 * Carts in memory: the batched reads, the writes (create, update, merge — each checked against the versions the
 * caller saw and the owner's active cart), and closing a cart checked out into an order. A cart is replaced, never
 * changed in place.
 */

export function cartsById(state: MemoryOrderState, ids: readonly string[]) {
  return ids.map((id) => state.carts.get(id) ?? null);
}

export function activeCartByCustomer(state: MemoryOrderState, customerIds: readonly string[]) {
  return customerIds.map((id) => state.activeCarts.get(id) ?? null);
}

export function createCart(state: MemoryOrderState, cart: CartRecord) {
  if (state.carts.has(cart.id)) throw new Error(`createCart expects a new cart id, "${cart.id}" exists`);
  state.carts.set(cart.id, cart);
  if (cart.customerId) state.activeCarts.set(cart.customerId, cart);
  return cart;
}

export function updateCart(state: MemoryOrderState, cartId: string, expectedVersion: number, change: CartChange): CartWrite {
  const cart = state.carts.get(cartId);
  if (!cart) return { status: "NOT_FOUND" };
  return cartRefusal(cart, expectedVersion) ?? { status: "UPDATED", cart: state.changeCart(cart, change) };
}

export function mergeCarts(state: MemoryOrderState, merge: CartMerge, events?: EventsOf<CartRecord>): CartWrite {
  const source = state.carts.get(merge.sourceId);
  if (!source) return { status: "NOT_FOUND" };
  const active = state.activeCarts.get(merge.customerId) ?? null;
  const refusal = mergeRefusal(source, merge, active?.id ?? null);
  if (refusal) return refusal;
  if (!active) {
    const given = state.changeCart(source, { ...merge.change, customerId: merge.customerId, lines: merge.lines });
    return { status: "UPDATED", cart: state.recorded(given, events) };
  }
  const targetRefusal = cartRefusal(active, merge.targetVersion ?? -1);
  if (targetRefusal) return targetRefusal;
  state.carts.set(source.id, mergedCart(source, merge, active.id));
  return { status: "UPDATED", cart: state.recorded(state.changeCart(active, { ...merge.change, lines: merge.lines }), events) };
}

/** Closes a cart as checked out into `orderId`; the owner's next active cart is their most recently updated open one. */
export function closeCart(state: MemoryOrderState, cartId: string, orderId: string): void {
  const cart = state.carts.get(cartId);
  const closed = cart && checkedOutCart(cart, orderId);
  if (!cart || !closed) return;
  state.carts.set(cartId, closed);
  if (cart.customerId && state.activeCarts.get(cart.customerId)?.id === cartId) {
    const latest = nextActiveCart(state.carts.values(), cart.customerId);
    if (latest) state.activeCarts.set(cart.customerId, latest);
    else state.activeCarts.delete(cart.customerId);
  }
}
