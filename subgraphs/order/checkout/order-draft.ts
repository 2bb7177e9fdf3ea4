import { randomBytes, randomUUID } from "node:crypto";
import type { SalesChannel } from "../../../lib/channel.js";
import type { Viewer } from "../../../lib/viewer.js";
import type { Reservation } from "../services/inventory.js";
import type { PricedCart } from "../pricing/cart-pricing.js";
import { splitCents } from "../pricing/split.js";
import type { AttributionRecord, CartLineRecord, CartRecord, FulfillmentRecord, OrderLineRecord, OrderRecord } from "../store/index.js";

/** Ship-to-home is free from this subtotal on (cents). */
export const FREE_SHIPPING_FROM = 7500;
/** What ship-to-home costs below it (cents), once per order. */
export const SHIPPING_FEE = 799;

export function shippingTotal(lines: readonly Pick<CartLineRecord, "method">[], subtotal: number): number {
  return lines.some((line) => line.method === "SHIP_TO_HOME") && subtotal < FREE_SHIPPING_FROM ? SHIPPING_FEE : 0;
}

/** Who gets credit: the cart's attribution on the order's channel; else the kiosk's or associate's store. */
export function orderAttribution(cart: CartRecord, viewer: Viewer, channel: SalesChannel, storeId: string | null): AttributionRecord {
  return {
    channel,
    locationId: cart.attribution?.locationId ?? storeId,
    associateId: cart.attribution?.associateId ?? (viewer.kind === "associate" ? viewer.id : null),
  };
}

export interface OrderDraftInput {
  /** The order's id; a checkout derives it from its attempt, so a dead attempt's order can be found again. */
  id?: string;
  cart: CartRecord;
  /** Cents per SKU, read from the catalog for the order's channel at checkout. */
  prices: Map<string, number>;
  currencyCode: string;
  reservation: Reservation;
  viewer: Viewer;
  channel: SalesChannel;
  storeId: string | null;
  placedAt: string;
  /** The cart's cost as shown (discounts, shipping option, tax, gift cards): the order charges exactly it. */
  priced?: PricedCart;
  /** The settlement key loyalty points are held under, when the cart spends any. */
  loyaltyKey?: string;
  /** A guest's contact email, as typed. */
  contactEmail?: string | null;
}

/**
 * The order a checkout places, number still to be given by the store. Each hold becomes an order line at the locked
 * price (a cart line split across locations becomes several), and holds leaving the same way from the same location
 * form one fulfillment, whose origin is that location. Throws when the holds do not cover the cart exactly: the
 * inventory service broke its contract and the caller must undo the attempt.
 */
export function orderDraft(input: OrderDraftInput): Omit<OrderRecord, "number"> {
  const { cart, reservation } = input;
  const id = input.id ?? `order-${randomUUID()}`;
  const cartLine = new Map(cart.lines.map((line) => [line.id, line]));
  const held = new Map<string, number>();
  const lines: OrderLineRecord[] = [];
  const fulfillments: FulfillmentRecord[] = [];
  const groups = new Map<string, FulfillmentRecord>();
  for (const hold of reservation.holds) {
    const line = cartLine.get(hold.lineKey);
    const unitPrice = input.prices.get(hold.sku);
    if (!line || line.sku !== hold.sku || unitPrice === undefined) throw new Error(`reservation hold for unknown line "${hold.lineKey}"`);
    held.set(line.id, (held.get(line.id) ?? 0) + hold.quantity);
    const groupKey = `${line.method} ${hold.locationId}`;
    let fulfillment = groups.get(groupKey);
    if (!fulfillment) {
      fulfillment = {
        id: `${id}-F${groups.size + 1}`,
        method: line.method,
        originId: hold.locationId,
        pickupLocationId: line.method === "SHIP_TO_HOME" ? null : hold.locationId,
        status: "PENDING",
        // The store hands out a code unique among open pickups when it creates the order.
        pickupCode: null,
        trackingNumber: null,
        lineIds: [],
      };
      groups.set(groupKey, fulfillment);
      fulfillments.push(fulfillment);
    }
    const orderLine: OrderLineRecord = {
      id: `${id}-L${lines.length + 1}`,
      sku: hold.sku,
      quantity: hold.quantity,
      unitPrice,
      fulfillmentId: fulfillment.id,
    };
    lines.push(orderLine);
    fulfillment.lineIds.push(orderLine.id);
  }
  for (const line of cart.lines) {
    if (held.get(line.id) !== line.quantity)
      throw new Error(`reservation holds ${held.get(line.id) ?? 0} of ${line.quantity} units of line "${line.id}"`);
  }
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const attribution = orderAttribution(cart, input.viewer, input.channel, input.storeId);
  const priced = input.priced;
  if (priced) {
    // A cart line held at several locations became several order lines: its discount and tax split by units.
    for (const lineCost of priced.cost.lines) {
      const parts = lines.filter((_, i) => reservation.holds[i]!.lineKey === lineCost.lineId);
      const discounts = splitCents(
        lineCost.discount,
        parts.map((p) => p.quantity),
      );
      const taxes = splitCents(
        lineCost.tax,
        parts.map((p) => p.quantity),
      );
      parts.forEach((part, i) => {
        if (discounts[i]) part.discount = discounts[i];
        if (taxes[i]) part.tax = taxes[i];
      });
    }
  }
  const shipped = cart.lines.some((line) => line.method === "SHIP_TO_HOME");
  return {
    id,
    customerId: cart.customerId ?? (input.viewer.kind === "customer" ? input.viewer.id : null),
    channel: input.channel,
    placedAt: input.placedAt,
    ...(input.contactEmail ? { contactEmail: input.contactEmail } : {}),
    // 192 random bits: the confirmation's key to the order (CheckoutPayload.orderToken), for signed-in buyers too.
    orderToken: randomBytes(24).toString("base64url"),
    status: "PLACED",
    currencyCode: input.currencyCode,
    lines,
    shippingTotal: priced ? priced.cost.shipping : shippingTotal(cart.lines, subtotal),
    ...(priced && {
      discountTotal: priced.cost.discountTotal,
      discounts: priced.cost.discounts,
      taxTotal: priced.cost.tax,
      taxLines: priced.cost.taxLines,
      shippingOption: shipped ? (cart.shippingOption ?? "STANDARD") : null,
      giftCards: priced.giftCards.filter((g) => g.amount > 0).map((g) => ({ code: g.code, amount: g.amount })),
      loyaltyRedemption:
        priced.cost.pointsUsed > 0 && input.loyaltyKey
          ? { key: input.loyaltyKey, points: priced.cost.pointsUsed, amount: priced.cost.pointsDiscount }
          : null,
    }),
    shippingAddress: cart.lines.find((line) => line.method === "SHIP_TO_HOME")?.shippingAddress ?? null,
    attribution,
    fulfillments,
    returns: [],
    events: [{ type: "ORDER_PLACED", at: input.placedAt, channel: input.channel, locationId: attribution.locationId }],
  };
}
