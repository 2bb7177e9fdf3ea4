import type { SalesChannel } from "../../../../lib/channel.js";
import type { FulfillmentMethodName } from "./fulfilment.js";
import type { AddressRecord, AttributionRecord } from "./orders.js";

/**
 * Carts: the record with its lines and optimistic-concurrency version, what a cart write sets (CartChange), and what
 * it answers (CartWrite). Anonymous carts lapse after a TTL; owned ones stay.
 */

export interface CartLineRecord {
  id: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  locationId: string | null;
  shippingAddress: AddressRecord | null;
  /** Cents, snapshot of the price when the line was added; null when not yet priced. */
  unitPrice: number | null;
}

/** ANONYMOUS_CART_TTL_SECONDS' default: a week for a shopper to come back to a cart without signing in. */
export const DEFAULT_ANONYMOUS_CART_TTL_SECONDS = 7 * 86_400;

export interface CartRecord {
  id: string;
  customerId: string | null;
  createdChannel: SalesChannel;
  lastActiveChannel: SalesChannel;
  currencyCode: string;
  lines: CartLineRecord[];
  attribution: AttributionRecord | null;
  /** Bumped by every change, for optimistic concurrency. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The idempotency key of the checkout running on this cart: no other change until it ends. */
  checkoutKey?: string | null;
  /** The order this cart became; set, the cart is closed. */
  orderId?: string | null;
  /** The ship-to-home option the shopper selected; STANDARD when absent. */
  shippingOption?: "STANDARD" | "EXPRESS";
  /** Discount codes as entered, in that order. */
  discountCodes?: string[];
  /** Gift cards to pay with, in the order applied: each pays what it can of what is left. */
  giftCardCodes?: string[];
  /** Loyalty points the owner wants to spend on this cart; 0 or absent: none. */
  loyaltyPoints?: number;
  /** The customer's cart this anonymous cart was merged into; set, the cart is closed. */
  mergedIntoId?: string | null;
}

/** What a cart write sets; computed by the caller from the version it saw. */
export interface CartChange {
  lines?: CartLineRecord[];
  customerId?: string | null;
  currencyCode?: string;
  shippingOption?: "STANDARD" | "EXPRESS";
  discountCodes?: string[];
  giftCardCodes?: string[];
  loyaltyPoints?: number;
  lastActiveChannel: SalesChannel;
  updatedAt: string;
}

/** The outcome of a cart write: applied, or why not, with the cart as it now is. */
export type CartWrite =
  | { status: "UPDATED"; cart: CartRecord }
  /** The cart moved on since the caller read it (a stale expected version). */
  | { status: "CHANGED"; cart: CartRecord }
  /** Checked out or merged into another cart. */
  | { status: "CLOSED"; cart: CartRecord }
  /** A checkout holds the cart. */
  | { status: "CHECKING_OUT"; cart: CartRecord }
  | { status: "NOT_FOUND" };
