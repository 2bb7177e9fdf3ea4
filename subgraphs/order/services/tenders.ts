import { formatAmount, parseAmount } from "../../../lib/money.js";
import type { OrderError } from "../error-codes.js";
import { normalizeCode } from "../pricing/promotions.js";
import type { OrderRecord } from "../store/index.js";

/** How a till sale is paid, one tender at a time, as recorded on the order (cents). */
export type TenderRecord = NonNullable<OrderRecord["tenders"]>[number];
export type TenderMethodName = TenderRecord["method"];

/** A tender as the till sends it: the amount as a decimal string ("12.50"). */
export interface TenderRequest {
  method: TenderMethodName;
  amount: string;
  giftCardCode?: string | null;
}

/** The tenders, checked and in cents, or why they are refused. */
export type TendersResult = { tenders: TenderRecord[] } | { userErrors: OrderError[] };

const FIELD = ["input", "tenders"];

function invalid(i: number, message: string, field = "amount"): { userErrors: OrderError[] } {
  return { userErrors: [{ code: "INVALID_TENDER", message, field: [...FIELD, String(i), field] }] };
}

/**
 * A till sale's tenders against its total (cents): each a positive amount, a gift card with its code, at most one
 * card (the one payment token); together exactly the total. Without tenders the card pays it all.
 */
export function checkTenders(requested: readonly TenderRequest[] | null, total: number): TendersResult {
  if (!requested || requested.length === 0) return { tenders: [{ method: "CARD", amount: total, giftCardCode: null }] };
  const tenders: TenderRecord[] = [];
  for (const [i, tender] of requested.entries()) {
    let amount: number;
    try {
      amount = parseAmount(tender.amount);
    } catch {
      return invalid(i, `"${tender.amount}" is not a money amount (e.g. "12.50").`);
    }
    if (amount <= 0) return invalid(i, "A tender's amount must be more than zero.");
    const code = tender.giftCardCode ? normalizeCode(tender.giftCardCode) : "";
    if (tender.method === "GIFT_CARD" && !code) return invalid(i, "A gift card tender needs the card's code.", "giftCardCode");
    if (tender.method === "CARD" && tenders.some((t) => t.method === "CARD")) {
      return invalid(i, "One card pays a sale (the payment token's); split the rest over cash or gift cards.", "method");
    }
    tenders.push({ method: tender.method, amount, giftCardCode: tender.method === "GIFT_CARD" ? code : null });
  }
  const sum = tenders.reduce((cents, tender) => cents + tender.amount, 0);
  if (sum !== total) {
    return {
      userErrors: [
        {
          code: "TENDERS_MISMATCH",
          message: `The tenders add up to ${formatAmount(sum)}; the sale's total is ${formatAmount(total)}.`,
          field: FIELD,
        },
      ],
    };
  }
  return { tenders };
}

/** The gift cards a sale's tenders spend (each code once, amounts added up), as the settlement redeems them. */
export function giftCardsOf(tenders: readonly TenderRecord[]): { code: string; amount: number }[] {
  const byCode = new Map<string, number>();
  for (const tender of tenders) {
    if (tender.method === "GIFT_CARD" && tender.giftCardCode)
      byCode.set(tender.giftCardCode, (byCode.get(tender.giftCardCode) ?? 0) + tender.amount);
  }
  return [...byCode].map(([code, amount]) => ({ code, amount }));
}

/** Cents the order's tenders paid in cash: what the card is not authorized for. */
export function cashOf(order: Pick<OrderRecord, "tenders">): number {
  return (order.tenders ?? []).filter((tender) => tender.method === "CASH").reduce((sum, tender) => sum + tender.amount, 0);
}
