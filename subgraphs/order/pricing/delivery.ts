import type { FulfillmentMethodName } from "../store/index.js";

/**
 * Delivery options and what they cost. Ship-to-home offers STANDARD (free from FREE_SHIPPING_FROM of merchandise, as
 * it always was) and EXPRESS; pickup and curbside are free and ready within PICKUP_READY_HOURS of the order. Dates
 * are promises made from the time asked (calendar days), the same for every shipping location.
 */
export type DeliveryOptionName = "STANDARD" | "EXPRESS" | "PICKUP" | "CURBSIDE";
export type ShippingOptionName = "STANDARD" | "EXPRESS";

/** Standard shipping is free from this merchandise subtotal (cents), before discounts. */
export const FREE_SHIPPING_FROM = 7500;
export const STANDARD_SHIPPING = 799;
export const EXPRESS_SHIPPING = 1999;
const STANDARD_DAYS = 5;
const EXPRESS_DAYS = 2;
export const PICKUP_READY_HOURS = 2;

export interface DeliveryOptionQuote {
  name: DeliveryOptionName;
  title: string;
  /** Cents, before promotions (free-shipping promotions show as discounts). */
  price: number;
  /** Ship-to-home: the promised delivery day (ISO instant, end of that day UTC). */
  estimatedDeliveryAt: string | null;
  /** Pickup and curbside: when the order is promised ready at the store. */
  readyBy: string | null;
}

function daysFrom(now: string, days: number): string {
  const at = new Date(now);
  at.setUTCDate(at.getUTCDate() + days);
  at.setUTCHours(23, 59, 59, 0);
  return at.toISOString();
}

/** The options of one fulfilment method, given the cart's merchandise subtotal (cents, before discounts). */
export function deliveryOptions(method: FulfillmentMethodName, subtotal: number, now: string): DeliveryOptionQuote[] {
  if (method === "SHIP_TO_HOME") {
    return [
      {
        name: "STANDARD",
        title: "Standard shipping",
        price: subtotal >= FREE_SHIPPING_FROM ? 0 : STANDARD_SHIPPING,
        estimatedDeliveryAt: daysFrom(now, STANDARD_DAYS),
        readyBy: null,
      },
      {
        name: "EXPRESS",
        title: "Express shipping",
        price: EXPRESS_SHIPPING,
        estimatedDeliveryAt: daysFrom(now, EXPRESS_DAYS),
        readyBy: null,
      },
    ];
  }
  const readyBy = new Date(Date.parse(now) + PICKUP_READY_HOURS * 3_600_000).toISOString();
  return method === "CURBSIDE"
    ? [{ name: "CURBSIDE", title: "Curbside pickup", price: 0, estimatedDeliveryAt: null, readyBy }]
    : [{ name: "PICKUP", title: "Pick up in store", price: 0, estimatedDeliveryAt: null, readyBy }];
}

/** What a cart's shipped lines cost to ship with the selected option (once per order); 0 without shipped lines. */
export function shippingPrice(methods: readonly FulfillmentMethodName[], subtotal: number, option: ShippingOptionName): number {
  if (!methods.includes("SHIP_TO_HOME")) return 0;
  return deliveryOptions("SHIP_TO_HOME", subtotal, new Date(0).toISOString()).find((o) => o.name === option)!.price;
}
