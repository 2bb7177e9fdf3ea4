import { randomBytes } from "node:crypto";
import { DEFAULT_CURRENCY, parseAmount } from "../../../lib/money.js";
import type { Viewer } from "../../../lib/viewer.js";
import type { GiftCardError } from "../error-codes.js";
import type { GiftCardRecord } from "../store/index.js";
import type { OrderServices } from "./deps.js";

/** The largest gift card staff may issue (cents). */
export const MAX_GIFT_CARD = 200_000;

/** All but the last four characters hidden: a cart or order shown on a screen does not give the card away. */
export function maskCode(code: string): string {
  return `${"•".repeat(Math.max(0, code.length - 4))}${code.slice(-4)}`;
}

export type IssueResult = { card: GiftCardRecord; userErrors: [] } | { card: null; userErrors: GiftCardError[] };

/** Issues a gift card for a decimal amount (0.01 to 2000.00) under a fresh code. */
export async function issueGiftCard(services: OrderServices, viewer: Viewer, amount: string): Promise<IssueResult> {
  let cents: number;
  try {
    cents = parseAmount(amount);
  } catch {
    cents = 0;
  }
  if (cents <= 0 || cents > MAX_GIFT_CARD) {
    return {
      card: null,
      userErrors: [{ code: "INVALID_AMOUNT", message: "A gift card is issued for 0.01 to 2000.00.", field: ["amount"] }],
    };
  }
  const code = `GC-${randomBytes(9)
    .toString("base64url")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X")}`;
  const card: GiftCardRecord = {
    code,
    balance: cents,
    initialBalance: cents,
    currencyCode: DEFAULT_CURRENCY,
    issuedAt: new Date().toISOString(),
    issuedBy: "id" in viewer ? viewer.id : null,
  };
  if (!(await services.store.issueGiftCard(card)))
    return { card: null, userErrors: [{ code: "GIFT_CARD_EXISTS", message: "Try again.", field: null }] };
  return { card, userErrors: [] };
}
