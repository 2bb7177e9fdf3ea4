import type { UserErrorOf } from "../../lib/graphql/user-errors.js";

/**
 * Every userError code the order subgraph answers, one set per payload family (types/errors.ts makes each a GraphQL
 * enum with its descriptions). Services build their errors as the family's `...UserError` type, so a code missing
 * here does not compile.
 */

/** Why a discount code does not apply now (pricing/cost.ts): a cart refuses to take it, a checkout refuses to place it. */
export const DiscountCodeProblem = {
  DISCOUNT_CODE_UNKNOWN: "DISCOUNT_CODE_UNKNOWN",
  DISCOUNT_CODE_EXPIRED: "DISCOUNT_CODE_EXPIRED",
  DISCOUNT_CODE_NOT_ACTIVE: "DISCOUNT_CODE_NOT_ACTIVE",
  DISCOUNT_CODE_NOT_ON_CHANNEL: "DISCOUNT_CODE_NOT_ON_CHANNEL",
  DISCOUNT_CODE_NEEDS_SIGN_IN: "DISCOUNT_CODE_NEEDS_SIGN_IN",
} as const;

/** Cart changes: lines, fulfilment, attribution, and what the shopper pays with. */
export const CartErrorCode = {
  CART_CLOSED: "CART_CLOSED",
  CHECKOUT_IN_PROGRESS: "CHECKOUT_IN_PROGRESS",
  CART_CHANGED: "CART_CHANGED",
  LINE_NOT_FOUND: "LINE_NOT_FOUND",
  UNKNOWN_SKU: "UNKNOWN_SKU",
  INVALID_QUANTITY: "INVALID_QUANTITY",
  INVALID_ATTRIBUTION: "INVALID_ATTRIBUTION",
  INVALID_LOCATION: "INVALID_LOCATION",
  ADDRESS_REQUIRED: "ADDRESS_REQUIRED",
  INVALID_ADDRESS: "INVALID_ADDRESS",
  INVALID_TEXT: "INVALID_TEXT",
  TOO_MANY_DISCOUNT_CODES: "TOO_MANY_DISCOUNT_CODES",
  TOO_MANY_GIFT_CARDS: "TOO_MANY_GIFT_CARDS",
  ...DiscountCodeProblem,
  GIFT_CARD_UNKNOWN: "GIFT_CARD_UNKNOWN",
  GIFT_CARD_EMPTY: "GIFT_CARD_EMPTY",
  LOYALTY_NEEDS_CUSTOMER: "LOYALTY_NEEDS_CUSTOMER",
} as const;

/** What a settlement (services/settlement.ts) records and answers, for checkouts and till sales alike. */
export const SettlementErrorCode = {
  UNKNOWN_SKU: "UNKNOWN_SKU",
  OUT_OF_STOCK: "OUT_OF_STOCK",
  PAYMENT_DECLINED: "PAYMENT_DECLINED",
  CHECKOUT_IN_PROGRESS: "CHECKOUT_IN_PROGRESS",
  CHECKOUT_FAILED: "CHECKOUT_FAILED",
} as const;

/** Checkouts: the cart's state, its price, its redemptions and the settlement. */
export const CheckoutErrorCode = {
  ...SettlementErrorCode,
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  CART_CLOSED: "CART_CLOSED",
  CART_CHANGED: "CART_CHANGED",
  CART_EMPTY: "CART_EMPTY",
  FULFILLMENT_INCOMPLETE: "FULFILLMENT_INCOMPLETE",
  MULTIPLE_SHIPPING_ADDRESSES: "MULTIPLE_SHIPPING_ADDRESSES",
  TOTAL_CHANGED: "TOTAL_CHANGED",
  ...DiscountCodeProblem,
  DISCOUNT_CODE_USED_UP: "DISCOUNT_CODE_USED_UP",
  DISCOUNT_CODE_CUSTOMER_LIMIT: "DISCOUNT_CODE_CUSTOMER_LIMIT",
  GIFT_CARD_UNKNOWN: "GIFT_CARD_UNKNOWN",
  GIFT_CARD_CURRENCY: "GIFT_CARD_CURRENCY",
  GIFT_CARD_BALANCE: "GIFT_CARD_BALANCE",
  LOYALTY_POINTS_INSUFFICIENT: "LOYALTY_POINTS_INSUFFICIENT",
  INVALID_EMAIL: "INVALID_EMAIL",
} as const;

/** Order changes: cancellations, and till sales (settled like a checkout). */
export const OrderErrorCode = {
  ORDER_NOT_CANCELLABLE: "ORDER_NOT_CANCELLABLE",
  ORDER_CHANGED: "ORDER_CHANGED",
  INVALID_ATTRIBUTION: "INVALID_ATTRIBUTION",
  ...SettlementErrorCode,
  INVALID_TENDER: "INVALID_TENDER",
  TENDERS_MISMATCH: "TENDERS_MISMATCH",
  GIFT_CARD_UNKNOWN: "GIFT_CARD_UNKNOWN",
  GIFT_CARD_BALANCE: "GIFT_CARD_BALANCE",
} as const;

/** Fulfilment moves: picking, shipping, arrival, hand-over. */
export const FulfillmentErrorCode = {
  INVALID_TRANSITION: "INVALID_TRANSITION",
  FULFILLMENT_CHANGED: "FULFILLMENT_CHANGED",
  NOT_CURBSIDE: "NOT_CURBSIDE",
  PICKUP_CODE_INVALID: "PICKUP_CODE_INVALID",
  NOT_A_SHIPMENT: "NOT_A_SHIPMENT",
  INVALID_TRACKING: "INVALID_TRACKING",
} as const;

/** Returns asked for and received. */
export const ReturnErrorCode = {
  INVALID_LOCATION: "INVALID_LOCATION",
  UNKNOWN_ORDER_LINE: "UNKNOWN_ORDER_LINE",
  LINE_NOT_RETURNABLE: "LINE_NOT_RETURNABLE",
  RETURN_QUANTITY_EXCEEDED: "RETURN_QUANTITY_EXCEEDED",
  RETURN_ALREADY_RECEIVED: "RETURN_ALREADY_RECEIVED",
} as const;

/** Gift cards issued by staff. */
export const GiftCardErrorCode = {
  INVALID_AMOUNT: "INVALID_AMOUNT",
  GIFT_CARD_EXISTS: "GIFT_CARD_EXISTS",
} as const;

export type DiscountCodeError = UserErrorOf<typeof DiscountCodeProblem>;
export type CartError = UserErrorOf<typeof CartErrorCode>;
export type SettlementError = UserErrorOf<typeof SettlementErrorCode>;
/** What an OUT_OF_STOCK error names besides its message: the SKU and the nearby stores that have it (ids, nearest first). */
export interface OutOfStockDetails {
  sku: string;
  locationIds: string[];
}
/** A checkout's userError; OUT_OF_STOCK carries `outOfStock` (kept with the settlement, so a retry answers it too). */
export type CheckoutError = UserErrorOf<typeof CheckoutErrorCode> & { outOfStock?: OutOfStockDetails };
export type OrderError = UserErrorOf<typeof OrderErrorCode>;
export type FulfillmentError = UserErrorOf<typeof FulfillmentErrorCode>;
export type ReturnError = UserErrorOf<typeof ReturnErrorCode>;
export type GiftCardError = UserErrorOf<typeof GiftCardErrorCode>;

/** A till sale's errors as it answers them: codes a sale cannot record (none today) read as CHECKOUT_FAILED. */
export function saleErrors(errors: readonly (CheckoutError | OrderError)[]): OrderError[] {
  return errors.map((error) =>
    error.code in OrderErrorCode
      ? { ...error, code: OrderErrorCode[error.code as keyof typeof OrderErrorCode] }
      : { ...error, code: "CHECKOUT_FAILED" },
  );
}
