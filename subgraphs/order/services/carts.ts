import { NotFoundError } from "../../../lib/errors.js";
import { canUseCart } from "../access.js";
import type { CartError } from "../error-codes.js";
import { priceLines } from "../checkout/cart-lines.js";
import type { CartChange, CartLineRecord, CartRecord, CartWrite } from "../store/index.js";
import type { Caller, OrderServices } from "./deps.js";

/** Without an expectedVersion, a change that lost a race is computed again from the newer cart this many times. */
export const MAX_CART_ATTEMPTS = 5;

/** What a cart service answers: the cart as it now is (as it was when refused; null when there is none), or why not. */
export interface CartResult {
  cart: CartRecord | null;
  userErrors: CartError[];
}

/** What an edit changes; the channel and time of the change are the service's to add. */
export type CartEdit = Omit<CartChange, "lastActiveChannel" | "updatedAt">;

/** Why an edit may not be made, as userErrors. */
export interface Refused {
  userErrors: CartError[];
}

/** What an edit of the lines makes of them, with the SKUs it brings in (each with the input field it came from). */
export interface LinesEdit {
  lines: CartLineRecord[];
  newSkus?: Map<string, string[]>;
}

/** Why a cart may not be changed now, as a userError; null when it may. */
export function refusal(cart: CartRecord, expectedVersion: number | null | undefined): CartError | null {
  if (cart.orderId) return { code: "CART_CLOSED", message: "This cart was checked out; start a new cart.", field: ["cartId"] };
  if (cart.mergedIntoId)
    return { code: "CART_CLOSED", message: "This cart was merged into the customer's cart; use that cart.", field: ["cartId"] };
  if (cart.checkoutKey)
    return { code: "CHECKOUT_IN_PROGRESS", message: "This cart is being checked out; wait for the checkout to finish.", field: ["cartId"] };
  if (expectedVersion != null && expectedVersion !== cart.version) return cartChanged(cart, expectedVersion);
  return null;
}

function cartChanged(cart: CartRecord, expectedVersion: number | null | undefined): CartError {
  return {
    code: "CART_CHANGED",
    message: `The cart changed${expectedVersion != null ? ` since version ${expectedVersion}` : ""}: it is at version ${cart.version} now. Reload it and try again.`,
    field: ["expectedVersion"],
  };
}

/** Why a compare-and-set write of a cart did not land. */
export function writeRefusal(
  write: Exclude<CartWrite, { status: "UPDATED" | "NOT_FOUND" }>,
  expectedVersion: number | null | undefined,
): CartError {
  return refusal(write.cart, null) ?? cartChanged(write.cart, expectedVersion);
}

export function lineNotFound(lineId: string, field: string[]): CartError {
  return { code: "LINE_NOT_FOUND", message: `The cart has no line "${lineId}".`, field };
}

/** The cart as it is now, if the caller may use it; a cart they may not use reads as not found. */
export async function usableCart(services: OrderServices, caller: Caller, cartId: string): Promise<CartRecord> {
  const [cart] = await services.store.cartsById([cartId]);
  if (!cart || !canUseCart(caller.viewer, cart)) throw new NotFoundError("Cart", cartId);
  return cart;
}

/**
 * Every cart change: reads the cart fresh, computes the change from that version, and writes with compare-and-set on
 * the version it read, so a stale expectedVersion, or a change that slipped in meanwhile, changes nothing. Without an
 * expectedVersion a lost race is computed again from the newer cart.
 */
export async function changeCart(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  expectedVersion: number | null | undefined,
  edit: (cart: CartRecord) => Promise<CartEdit | Refused>,
): Promise<CartResult> {
  for (let attempt = 1; ; attempt++) {
    const cart = await usableCart(services, caller, cartId);
    const refused = refusal(cart, expectedVersion);
    if (refused) return { cart, userErrors: [refused] };
    const edited = await edit(cart);
    if ("userErrors" in edited) return { cart, userErrors: edited.userErrors };
    const write = await services.store.updateCart(cart.id, cart.version, {
      ...edited,
      lastActiveChannel: caller.channel,
      updatedAt: new Date().toISOString(),
    });
    if (write.status === "UPDATED") return { cart: write.cart, userErrors: [] };
    if (write.status === "NOT_FOUND") throw new NotFoundError("Cart", cartId);
    // Someone changed the cart between the read and the write: a client that named its version is told; otherwise
    // the edit is computed again from the newer cart.
    if (write.status !== "CHANGED" || expectedVersion != null || attempt >= MAX_CART_ATTEMPTS) {
      return { cart: write.cart, userErrors: [writeRefusal(write, expectedVersion)] };
    }
  }
}

/**
 * A change of the cart's lines: every line re-priced from the catalog for the caller's channel (one call); a SKU the
 * edit brings in that the catalog does not know is UNKNOWN_SKU on the field it came from.
 */
export function changeLines(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  expectedVersion: number | null | undefined,
  edit: (cart: CartRecord) => LinesEdit | Refused,
): Promise<CartResult> {
  return changeCart(services, caller, cartId, expectedVersion, async (cart) => {
    const edited = edit(cart);
    if ("userErrors" in edited) return edited;
    const priced = await priceLines(services.catalog, edited.lines, caller.channel);
    const unknown = [...(edited.newSkus ?? new Map<string, string[]>())].filter(([sku]) => priced.unknownSkus.has(sku));
    if (unknown.length > 0) {
      return {
        userErrors: unknown.map(([sku, field]) => ({ code: "UNKNOWN_SKU", message: `The catalog has no variant "${sku}".`, field })),
      };
    }
    return { lines: priced.lines, currencyCode: priced.currencyCode ?? cart.currencyCode };
  });
}
