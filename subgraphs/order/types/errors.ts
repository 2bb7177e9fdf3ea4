import { Directive, ObjectType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";
import { userErrorDescription, userErrorFamily } from "../../../lib/graphql/user-errors.js";
import {
  CartErrorCode,
  CheckoutErrorCode,
  DiscountCodeProblem,
  FulfillmentErrorCode,
  GiftCardErrorCode,
  OrderErrorCode,
  ReturnErrorCode,
  SettlementErrorCode,
  type OutOfStockDetails,
} from "../error-codes.js";

/**
 * The GraphQL side of error-codes.ts: one `<Family>ErrorCode` enum and `<Family>UserError` type per payload family, every
 * code described: the payloads' userErrors (types/payloads.ts, GiftCardPayload in types/cost.ts). The JSON a client
 * reads is the same as with the shared UserError; a fragment on UserError no longer spreads on them (the first-party
 * operations select `code message field` instead).
 */

const DISCOUNT_CODE_PROBLEMS: Record<keyof typeof DiscountCodeProblem, string> = {
  DISCOUNT_CODE_UNKNOWN: "No promotion has this code.",
  DISCOUNT_CODE_EXPIRED: "The code's promotion has ended.",
  DISCOUNT_CODE_NOT_ACTIVE: "The code's promotion has not started yet.",
  DISCOUNT_CODE_NOT_ON_CHANNEL: "The code is not valid on the request's channel.",
  DISCOUNT_CODE_NEEDS_SIGN_IN: "The code is limited per customer: the shopper must sign in to use it.",
};

const SETTLEMENT: Record<keyof typeof SettlementErrorCode, string> = {
  UNKNOWN_SKU: "A line's SKU is not in the catalog (or has no price on this channel).",
  OUT_OF_STOCK:
    "Not enough units where the line is sourced; the message names the SKU, what was asked and what is available, and a checkout's error lists the stores nearby that have it (alternatives).",
  PAYMENT_DECLINED: "The payment provider declined the payment; nothing was charged and no stock is held.",
  CHECKOUT_IN_PROGRESS: "A checkout of this cart, or with this idempotency key, is still running; retry with the same key shortly.",
  CHECKOUT_FAILED: "The settlement failed on something other than a business rule; nothing was charged and no stock is held. Try again.",
};

export const CartUserError = userErrorFamily("Cart", CartErrorCode, {
  CART_CLOSED: "The cart was checked out or merged into the customer's cart; start or use another cart.",
  CHECKOUT_IN_PROGRESS: "The cart is being checked out; wait for the checkout to finish.",
  CART_CHANGED: "The cart is at another version than expectedVersion (or changed meanwhile); reload it and try again.",
  LINE_NOT_FOUND: "The cart has no line with this id.",
  UNKNOWN_SKU: "The catalog has no variant with this SKU.",
  INVALID_QUANTITY: "A line holds 1 to 99 units.",
  INVALID_ATTRIBUTION: "Only the store's own associates and kiosks attribute a cart, to associates on the staff records at that store.",
  INVALID_LOCATION: "The location is not a store, or does not offer the service asked for.",
  ADDRESS_REQUIRED: "Shipping needs a shippingAddress.",
  INVALID_ADDRESS:
    "The shipping address lacks a street (line1), a city or a postal code, one is too long, or country is not a two-letter ISO code.",
  INVALID_TEXT: "A line of the shipping address holds a control, bidirectional or invisible character.",
  TOO_MANY_DISCOUNT_CODES: "The cart carries as many discount codes as it may.",
  TOO_MANY_GIFT_CARDS: "The cart carries as many gift cards as it may.",
  ...DISCOUNT_CODE_PROBLEMS,
  GIFT_CARD_UNKNOWN: "No gift card has this code.",
  GIFT_CARD_EMPTY: "The gift card has nothing left on it.",
  LOYALTY_NEEDS_CUSTOMER: "Loyalty points are spent on a signed-in customer's cart only.",
});

const CheckoutUserErrorBase = userErrorFamily(
  "Checkout",
  CheckoutErrorCode,
  {
    ...SETTLEMENT,
    IDEMPOTENCY_KEY_REUSED: "The idempotency key belongs to the checkout of another cart; choose a new one.",
    CART_CLOSED: "The cart was checked out already or merged into the customer's cart.",
    CART_CHANGED: "The cart is at another version than the expectedVersion the shopper reviewed.",
    CART_EMPTY: "The cart has no lines.",
    FULFILLMENT_INCOMPLETE: "A line has no way to reach the shopper yet (a store for pickup, an address for shipping).",
    MULTIPLE_SHIPPING_ADDRESSES: "Shipped lines go to more than one address; one order ships to one address.",
    TOTAL_CHANGED: "The cart now costs something else than expectedTotal; no order was placed.",
    ...DISCOUNT_CODE_PROBLEMS,
    DISCOUNT_CODE_USED_UP: "The discount code has been used as often as it may.",
    DISCOUNT_CODE_CUSTOMER_LIMIT: "The customer has used the discount code as often as they may.",
    GIFT_CARD_UNKNOWN: "No gift card has one of the cart's codes.",
    GIFT_CARD_CURRENCY: "A gift card is in another currency than the cart.",
    GIFT_CARD_BALANCE: "A gift card no longer covers its part of the order.",
    LOYALTY_POINTS_INSUFFICIENT: "The customer's loyalty balance is lower than the points the cart spends.",
    INVALID_EMAIL: "The contactEmail is not an email address (name@example.com).",
  },
  { extended: true },
);

/** Checkout's userError: the family's code, message and field, and for OUT_OF_STOCK the stores nearby that have the SKU. */
@Directive(CACHE.inherit)
@ObjectType("CheckoutUserError", { description: userErrorDescription("Checkout") })
export class CheckoutUserError extends CheckoutUserErrorBase {
  // alternatives is a field resolver (resolvers/checkout.ts): it asks the inventory service for the stock there.
  outOfStock?: OutOfStockDetails;
}

export const OrderUserError = userErrorFamily("Order", OrderErrorCode, {
  ORDER_NOT_CANCELLABLE:
    "Something of the order has shipped, been handed over or the customer is at the curb: it can no longer be cancelled.",
  ORDER_CHANGED: "The order changed while the change was made; reload it and try again.",
  INVALID_ATTRIBUTION:
    "The staff records do not list the associate at the sale's store; a sale is credited only to the store's own associates.",
  ...SETTLEMENT,
  INVALID_TENDER:
    "A till sale's tender is not usable: an amount that is not a positive money amount, a gift card without its code, or more than one card.",
  TENDERS_MISMATCH: "A till sale's tenders do not add up to its total; nothing was held or charged.",
  GIFT_CARD_UNKNOWN: "No gift card has the code of a gift card tender.",
  GIFT_CARD_BALANCE: "A gift card tender is more than the card's balance.",
});

export const FulfillmentUserError = userErrorFamily("Fulfillment", FulfillmentErrorCode, {
  INVALID_TRANSITION: "The fulfillment cannot make this move from where it is now.",
  FULFILLMENT_CHANGED: "Someone else moved the fulfillment first; reload and try again.",
  NOT_CURBSIDE: "The order has no curbside pickup.",
  PICKUP_CODE_INVALID: "No pickup at this store has that code.",
  NOT_A_SHIPMENT: "Only a ship-to-home fulfillment is shipped with a carrier and tracking number.",
  INVALID_TRACKING: "The carrier or tracking number is empty, too long, or not one line of plain text.",
});

export const ReturnUserError = userErrorFamily("Return", ReturnErrorCode, {
  INVALID_LOCATION: "An in-store return needs a store that accepts returns.",
  UNKNOWN_ORDER_LINE: "The order has no such line.",
  LINE_NOT_RETURNABLE: "The line has not been picked up or delivered yet; cancel the order instead.",
  RETURN_QUANTITY_EXCEEDED: "More units than can still be returned of this line.",
  RETURN_ALREADY_RECEIVED: "The return was received already.",
});

export const GiftCardUserError = userErrorFamily("GiftCard", GiftCardErrorCode, {
  INVALID_AMOUNT: "A gift card is issued for 0.01 to 2000.00.",
  GIFT_CARD_EXISTS: "A card with the drawn code exists already; try again.",
});
