import type { CartChange, CartRecord, CartWrite } from "../records/carts.js";
import type { CheckoutClaim } from "../records/settlement.js";
import type { CartMerge } from "../order-store.js";

/**
 * Cart decisions both order stores make the same way: when a cart is open, why a write or checkout may not touch it,
 * what a change, a merge or a checkout makes of it, and which of a customer's carts is their active one.
 */

/** Neither checked out into an order nor merged into another cart. */
export function isOpen(cart: CartRecord): boolean {
  return !cart.orderId && !cart.mergedIntoId;
}

/** Why a cart may not be written at `expectedVersion`; null when it may. */
export function cartRefusal(cart: CartRecord, expectedVersion: number): CartWrite | null {
  if (!isOpen(cart)) return { status: "CLOSED", cart };
  if (cart.checkoutKey) return { status: "CHECKING_OUT", cart };
  if (cart.version !== expectedVersion) return { status: "CHANGED", cart };
  return null;
}

/** Why a checkout may not take the cart at `cartVersion`; null when it may. */
export function checkoutCartRefusal(cart: CartRecord, cartVersion: number): CheckoutClaim | null {
  if (!isOpen(cart)) return { status: "CART_CLOSED", cart };
  if (cart.checkoutKey) return { status: "CART_BUSY", cart };
  if (cart.version !== cartVersion) return { status: "CART_CHANGED", cart };
  return null;
}

/**
 * Why a merge may not go ahead, given the customer's active cart id as it is now; null when it may. The source must
 * be writable at the version the caller saw, still anonymous, and the active cart still the one the caller saw.
 */
export function mergeRefusal(source: CartRecord, merge: CartMerge, activeId: string | null): CartWrite | null {
  const refusal = cartRefusal(source, merge.sourceVersion);
  if (refusal) return refusal;
  if (source.customerId !== null || activeId !== merge.targetId) return { status: "CHANGED", cart: source };
  return null;
}

/** A change applied as the cart's next version. */
export function changedCart(cart: CartRecord, change: CartChange): CartRecord {
  return { ...cart, ...change, version: cart.version + 1 };
}

/** An anonymous cart closed as merged into the customer's cart `targetId`. */
export function mergedCart(source: CartRecord, merge: CartMerge, targetId: string): CartRecord {
  return {
    ...source,
    customerId: merge.customerId,
    mergedIntoId: targetId,
    lastActiveChannel: merge.change.lastActiveChannel,
    updatedAt: merge.change.updatedAt,
    version: source.version + 1,
  };
}

/** A cart closed as checked out into `orderId`; null when it is closed already. */
export function checkedOutCart(cart: CartRecord, orderId: string): CartRecord | null {
  if (cart.orderId) return null;
  return { ...cart, orderId, checkoutKey: null, version: cart.version + 1, updatedAt: new Date().toISOString() };
}

/** A cart let go by the checkout `key` that held it; null when that checkout does not hold it. */
export function releasedCart(cart: CartRecord | null | undefined, key: string): CartRecord | null {
  return cart?.checkoutKey === key ? { ...cart, checkoutKey: null } : null;
}

/** A customer's next active cart once theirs closed: their most recently updated open cart, if any. */
export function nextActiveCart(carts: Iterable<CartRecord | null>, customerId: string): CartRecord | null {
  const open = [...carts].filter((c): c is CartRecord => c !== null && c.customerId === customerId && isOpen(c));
  return open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
}

/** Each owner's active cart among seeded carts: the most recently updated (the first of equals). */
export function activeCartsOf(carts: Iterable<CartRecord>): Map<string, CartRecord> {
  const active = new Map<string, CartRecord>();
  for (const cart of carts) {
    if (!cart.customerId) continue;
    const current = active.get(cart.customerId);
    if (!current || cart.updatedAt > current.updatedAt) active.set(cart.customerId, cart);
  }
  return active;
}
