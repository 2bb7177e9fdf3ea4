import type { AddressRecord } from "../../../../lib/address.js";
import type { SalesChannel } from "../../../../lib/channel.js";
import type { FulfillmentRecord } from "./fulfilment.js";
import type { ReturnRecord } from "./returns.js";

/**
 * The order record: its lines, money (cents), attribution, and everything that happens to it — fulfillments, returns
 * and events live inside it and change with it. Also the read shapes that carry an order along (a fulfillment or
 * return with its order) and an associate's sales summary.
 */

export type OrderStatusName = "PLACED" | "IN_PROGRESS" | "PARTIALLY_FULFILLED" | "FULFILLED" | "CANCELLED";

export type { AddressRecord } from "../../../../lib/address.js";

export interface AttributionRecord {
  channel: SalesChannel;
  locationId: string | null;
  associateId: string | null;
}

export interface OrderLineRecord {
  id: string;
  sku: string;
  quantity: number;
  /** Cents, as charged: the price list of the order's channel at the time it was placed. */
  unitPrice: number;
  fulfillmentId: string | null;
  /** Cents taken off the line by promotions and codes (absent: none); a return refunds the line net of it. */
  discount?: number;
  /** Cents of tax on the line after its discount (absent: none); a return refunds it in proportion. */
  tax?: number;
}

export interface OrderEventRecord {
  type: string;
  at: string;
  channel: SalesChannel | null;
  locationId: string | null;
}

/** An order with everything that happens to it; fulfillments and returns live inside it and change with it. */
export interface OrderRecord {
  id: string;
  number: string;
  customerId: string | null;
  channel: SalesChannel;
  placedAt: string;
  status: OrderStatusName;
  currencyCode: string;
  lines: OrderLineRecord[];
  /** Cents. */
  shippingTotal: number;
  shippingAddress: AddressRecord | null;
  attribution: AttributionRecord;
  fulfillments: FulfillmentRecord[];
  returns: ReturnRecord[];
  /** Oldest first. */
  events: OrderEventRecord[];
  /** Cents off the order, merchandise and shipping (the lines' `discount` plus any free shipping); absent: none. */
  discountTotal?: number;
  /** What was taken off, by promotion, as the cart showed it. */
  discounts?: { promotionId: string; title: string; code: string | null; amount: number }[];
  /** Cents of tax, the lines' and shipping's; absent: none. */
  taxTotal?: number;
  taxLines?: { title: string; rateBps: number; amount: number }[];
  /** The ship-to-home option chosen (STANDARD, EXPRESS); absent for orders without shipping. */
  shippingOption?: string | null;
  /** Loyalty points spent as a discount: held in the customer service under `key` (the settlement's), given back on cancel or return. */
  loyaltyRedemption?: { key: string; points: number; amount: number } | null;
  /** Gift cards that paid part of the order (cents each): refunds go back to them first. */
  giftCards?: { code: string; amount: number }[];
  /** A till sale's tenders as rung up (cents each, adding up to the total); absent: paid by card (less any gift cards). */
  tenders?: { method: "CARD" | "CASH" | "GIFT_CARD"; amount: number; giftCardCode: string | null }[];
  /** The email a guest checked out with (as typed): how they find the order, and how it joins the account they register later. */
  contactEmail?: string | null;
  /** The opaque token the checkout answered (CheckoutPayload.orderToken): whoever holds it reads the order. Absent on older orders. */
  orderToken?: string | null;
  /** The payment authorization the order was paid with; refunds go back to it. Absent on seeded history. */
  paymentAuthorizationId?: string | null;
  /**
   * Set when cancelled through cancelOrder (absent on seeded history), with the fulfillments it stopped: a retried
   * cancel gives exactly their units back (idempotently) and finishes the refund.
   */
  cancellation?: { reason: string | null; at: string; fulfillmentIds: string[] } | null;
}

/** A fulfillment together with the order it belongs to, so its lines and order resolve without another read. */
export type FulfillmentWithOrder = FulfillmentRecord & { order: OrderRecord };

/** A return together with the order it belongs to, so its lines resolve without another read. */
export type ReturnWithOrder = ReturnRecord & { order: OrderRecord };

export interface SalesSummaryRecord {
  orderCount: number;
  /** Cents: the sum of the orders' totals. */
  total: number;
  currencyCode: string;
}
