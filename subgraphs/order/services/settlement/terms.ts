// The settlement's fixed terms: limits and waits, the answers it gives on failure, what the card pays, and how keys
// and order ids are derived from a settlement (one place, so every instance derives the same ones).
import { createHash } from "node:crypto";
import { orderTotalCents } from "../../lifecycle.js";
import type { CheckoutError, OrderRecord, SettlementRecord } from "../../store/index.js";
import { cashOf } from "../tenders.js";

/** How long stock stays held if everything else fails: the hold lapses by itself, never outliving a lost attempt for long. */
export const HOLD_SECONDS = 300;
/** Longest lines a checkout or sale may have, and units a line may ask for. */
export const MAX_LINES = 100;
export const MAX_UNITS = 99;
/** Longest idempotency key a client may send. */
export const MAX_KEY_LENGTH = 200;
/** How long a retry waits for the settlement already running under its key, well inside the gateway's MUTATION_TIMEOUT_MS. */
export const WAIT_FOR_RUNNING_MS = 8_000;

/** What a settlement that failed on something thrown (not a business rule) answers, then and to retries waiting for it. */
export const FAILED_UNEXPECTEDLY: CheckoutError = {
  code: "CHECKOUT_FAILED",
  message: "The checkout could not be completed; nothing was charged and no stock is held. Try again.",
  field: null,
};

/** What a retry answers while the settlement of its key is still running after WAIT_FOR_RUNNING_MS. */
export const STILL_RUNNING: CheckoutError = {
  code: "CHECKOUT_IN_PROGRESS",
  message: "A checkout with this idempotency key is still running; retry with the same key shortly.",
  field: ["input", "idempotencyKey"],
};

/** What the card is authorized for: the order's total less what gift cards (and a till sale's cash) pay. */
export function cardAmountOf(
  draft: Pick<OrderRecord, "lines" | "shippingTotal" | "discountTotal" | "taxTotal" | "giftCards" | "tenders">,
): number {
  return orderTotalCents(draft) - (draft.giftCards ?? []).reduce((sum, card) => sum + card.amount, 0) - cashOf(draft);
}

// ── derivations: one place for keys and ids ──

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The key stock and money of a settlement are held under, derived so any client key fits the inventory and payment
 * services' limits: a checkout's from its client key and attempt; a till sale's from its order id (as tills have
 * always been charged).
 */
export function attemptKeyOf(settlement: Pick<SettlementRecord, "kind" | "key" | "ref" | "attempt">): string {
  if (settlement.kind === "SALE") return `sale-${saleOrderIdOf(settlement.ref)}${settlement.attempt > 1 ? `:${settlement.attempt}` : ""}`;
  return `checkout:${sha256(settlement.key).slice(0, 40)}:${settlement.attempt}`;
}

/** The order a checkout places: derived from its attempt key, so a dead attempt's order can be found again. */
export function checkoutOrderIdOf(settlement: Pick<SettlementRecord, "kind" | "key" | "ref" | "attempt">): string {
  return `order-${sha256(attemptKeyOf(settlement)).slice(0, 24)}`;
}

/** The order a till sale records: one per store and till key, however often it is sent. */
export function saleOrderIdOf(ref: string): string {
  return `order-${sha256(ref).slice(0, 24)}`;
}

/** A client's idempotency key: 1 to MAX_KEY_LENGTH characters; null when it is not. */
export function invalidKey(key: string): string | null {
  return key.length === 0 || key.length > MAX_KEY_LENGTH ? `"idempotencyKey" must be 1 to ${MAX_KEY_LENGTH} characters.` : null;
}

/** A line's quantity: a whole number of units from 1 to MAX_UNITS. */
export function validQuantity(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_UNITS;
}

export { orderTotalCents };
