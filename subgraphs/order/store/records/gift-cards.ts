/**
 * What a settlement spends besides card money: discount code uses and gift card balances — the redemption asked
 * for, its outcome, and the gift card record.
 */

/** What one settlement spends besides the card payment. */
export interface Redemption {
  customerId: string | null;
  codes: { code: string; usageLimit: number | null; perCustomerLimit: number | null }[];
  giftCards: { code: string; amount: number }[];
}

export type RedemptionResult =
  | { status: "REDEEMED" }
  | { status: "REFUSED"; reason: "CODE_USED_UP" | "CODE_CUSTOMER_LIMIT" | "GIFT_CARD_BALANCE" | "GIFT_CARD_UNKNOWN"; code: string };

export interface GiftCardRecord {
  /** What the shopper types (upper case). */
  code: string;
  /** Cents left. */
  balance: number;
  initialBalance: number;
  currencyCode: string;
  issuedAt: string;
  /** The staff member who issued it. */
  issuedBy: string | null;
}
