import type { Reservation, ReservationLine } from "../services/inventory.js";
import type { CartLineRecord, CheckoutError } from "../store/index.js";
import { geocode } from "./geocode.js";

/**
 * What the inventory service is asked to source and hold for a cart: each line with how it leaves, the pickup store
 * for pickup and curbside, and roughly where a shipment goes, so it can prefer the nearest shipping location.
 */
export function reservationLines(lines: readonly CartLineRecord[]): ReservationLine[] {
  return lines.map((line) => ({
    lineKey: line.id,
    sku: line.sku,
    quantity: line.quantity,
    method: line.method,
    locationId: line.method === "SHIP_TO_HOME" ? null : line.locationId,
    shipTo: line.method === "SHIP_TO_HOME" && line.shippingAddress ? geocode(line.shippingAddress) : null,
  }));
}

/**
 * One OUT_OF_STOCK userError per shortfall, naming the SKU, what was asked and what is available, with the nearest
 * stores that do have it: instead of the asked store for pickup, or to pick up instead of a shipment. Stores are
 * named by id, which a client can pass straight back to setCartFulfillment, and kept as typed details (`outOfStock`)
 * that CheckoutUserError.alternatives reads.
 */
export function outOfStockErrors(reservation: Reservation, lines: readonly CartLineRecord[]): CheckoutError[] {
  const byKey = new Map(lines.map((line) => [line.id, line]));
  return reservation.shortfalls.map((shortfall) => {
    const line = byKey.get(shortfall.lineKey);
    const pickupAt = line && line.method !== "SHIP_TO_HOME" ? line.locationId : null;
    const where = pickupAt ? ` at ${pickupAt}` : " for shipping";
    const stores = shortfall.alternatives.join(", ");
    const alternatives =
      shortfall.alternatives.length === 0 ? "" : pickupAt ? ` In stock nearby: ${stores}.` : ` Available for pickup at: ${stores}.`;
    return {
      code: "OUT_OF_STOCK",
      message: `${shortfall.sku}: ${shortfall.requested} requested, ${shortfall.available} available${where}.${alternatives}`,
      field: ["lines", shortfall.lineKey],
      outOfStock: { sku: shortfall.sku, locationIds: shortfall.alternatives },
    };
  });
}
