import type { CheckoutError } from "../../error-codes.js";
import type { CartRecord } from "./carts.js";
import type { FulfillmentMethodName } from "./fulfilment.js";
import type { OrderRecord } from "./orders.js";

/**
 * Settlements — checkouts and till sales — as recorded step by step so any instance can resume one: the states, the
 * record with its holds, authorization and order draft, what one step sets, where a settlement is filed
 * (settlementRef), and what claiming a checkout answers.
 */

/** A business failure of a checkout or till sale, as a userError: what a settlement records and answers (error-codes.ts). */
export type { CheckoutError };

/**
 * How far a checkout or till sale got, each step recorded before or after its side effect so that any instance can
 * resume it from the record alone: CLAIMED (key and cart held) → HELD (stock held: reservation recorded, with the
 * priced order draft) → AUTHORIZED (payment authorized: id and amount recorded) → COMMITTED (the units left) →
 * ORDERED (the order exists; a checkout's cart is closed) → DONE (payment captured). A refusal or failure before
 * ORDERED goes UNWINDING (userErrors recorded) → UNWOUND (hold released or committed units restocked, authorization
 * voided, cart free again). Nothing after ORDERED is ever undone.
 */
export type SettlementState = "CLAIMED" | "HELD" | "AUTHORIZED" | "COMMITTED" | "ORDERED" | "DONE" | "UNWINDING" | "UNWOUND";

/** States a settlement rests in for good. */
export const FINISHED_SETTLEMENT_STATES: readonly SettlementState[] = ["DONE", "UNWOUND"];

/** One stock hold of a settlement's reservation, as the inventory service answered it. */
export interface SettlementHold {
  lineKey: string;
  locationId: string;
  sku: string;
  quantity: number;
}

/** A checkout (by its client's idempotency key) or a till sale (by store and till key) and how far it got. */
export interface SettlementRecord {
  /** Where it is recorded: "checkout:<key>" or "sale:<locationId>:<key>" (see `settlementRef`). */
  ref: string;
  kind: "CHECKOUT" | "SALE";
  /** The client's idempotency key (a till sale without one gets a random key). */
  key: string;
  /** The cart a checkout holds; null for a till sale. */
  cartId: string | null;
  state: SettlementState;
  /** 1 for the first start; an UNWOUND key started again counts up, so each attempt holds stock and money under its own key. */
  attempt: number;
  /** The order's id once the order exists (ORDERED, DONE); null before and when unwound. */
  orderId: string | null;
  /** Why it was unwound: what a retry with the key answers. Empty otherwise. */
  userErrors: CheckoutError[];
  createdAt: string;
  updatedAt: string;
  /** When the recovery worker may take it over if nobody moves it on first; null once finished. */
  dueAt: string | null;
  /** Recorded at HELD: the reservation that holds the stock. */
  reservation: { reservationId: string; holds: SettlementHold[] } | null;
  /** Recorded at AUTHORIZED: the payment authorization and what it holds (cents). */
  authorization: { authorizationId: string; amount: number; currencyCode: string } | null;
  /** The priced order the settlement creates (a checkout's from HELD on, a till sale's from CLAIMED). */
  draft: Omit<OrderRecord, "number"> | null;
  /** Till sales: what to hold, recorded at CLAIMED (a checkout's come from its held cart). */
  holdLines: SettlementHoldLine[] | null;
  /** Failed captures so far: the next is retried with backoff. */
  captureFailures: number;
}

/** A line a settlement asks the inventory service to hold (the inventory client's ReservationLine). */
export interface SettlementHoldLine {
  lineKey: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  locationId: string | null;
  shipTo: { lat: number; lng: number } | null;
}

/** What one settlement step sets besides the new state; every field left out keeps its value. */
export type SettlementStep = { state: SettlementState; dueAt: string | null } & Partial<
  Pick<SettlementRecord, "orderId" | "userErrors" | "reservation" | "authorization" | "draft" | "captureFailures">
>;

/** A checkout's settlement: the name the checkout flow has always used. */
export type CheckoutRecord = SettlementRecord;

/** Where a settlement is recorded: checkouts by their key, till sales by store and key. */
export function settlementRef(kind: SettlementRecord["kind"], key: string, locationId?: string): string {
  return kind === "CHECKOUT" ? `checkout:${key}` : `sale:${locationId}:${key}`;
}

/** The outcome of claimCheckout. */
export type CheckoutClaim =
  | { status: "CLAIMED"; checkout: CheckoutRecord; cart: CartRecord }
  /** The key's settlement is running (or stopped half-way, for the recovery worker to finish). */
  | { status: "IN_PROGRESS"; checkout: CheckoutRecord }
  /** The key's settlement is DONE, with its order. */
  | { status: "DONE"; checkout: CheckoutRecord }
  /** The key belongs to a checkout of another cart. */
  | { status: "KEY_REUSED"; checkout: CheckoutRecord }
  | { status: "CART_CHANGED"; cart: CartRecord }
  | { status: "CART_CLOSED"; cart: CartRecord }
  /** Another key's checkout holds the cart. */
  | { status: "CART_BUSY"; cart: CartRecord }
  | { status: "NOT_FOUND" };
