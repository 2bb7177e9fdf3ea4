import { addDays, atLocal, localTime, parseClock } from "./localtime.js";
import type { AvailabilityLookup, LocationRecord, StockRecord } from "../store/index.js";

/** Local time by which an online order must be placed to ship the same day. */
export const SHIP_CUTOFF = "14:00";

/** What can be promised to a new order: never negative, even when counts are off. */
export function availableToPromise(stock: Pick<StockRecord, "onHand" | "reserved" | "safetyStock">): number {
  return Math.max(0, stock.onHand - stock.reserved - stock.safetyStock);
}

/**
 * What a reservation may still hold: available to promise, or — for a till sale, where the unit is already in the
 * customer's hand — everything not reserved.
 */
export function availableToHold(stock: Pick<StockRecord, "onHand" | "reserved" | "safetyStock">, ignoreSafetyStock: boolean): number {
  return ignoreSafetyStock ? Math.max(0, stock.onHand - stock.reserved) : availableToPromise(stock);
}

/**
 * What sourcing sees of a store's counts (an AvailabilityLookup): what each record may still hold, 0 where the location
 * does not carry the SKU. Both stores hand the planner this over their own records (memory: the live maps; Redis: the
 * snapshot a script read).
 */
export function holdableIn(
  find: (locationId: string, sku: string) => StockRecord | null | undefined,
  ignoreSafetyStock: boolean,
): AvailabilityLookup {
  return (locationId, sku) => {
    const record = find(locationId, sku);
    return record ? availableToHold(record, ignoreSafetyStock) : 0;
  };
}

/**
 * Safety stock for a SKU a location starts carrying: the network's policy (a store's shelf count is off by a unit
 * now and then; a warehouse's by a few).
 */
export function defaultSafetyStock(location: Pick<LocationRecord, "type">): number {
  return location.type === "STORE" ? 1 : 5;
}

/** Whether a location's stock counts towards ship-to-home availability. */
export function shipsOnline(location: LocationRecord): boolean {
  return location.type === "DISTRIBUTION_CENTER" || location.capabilities.includes("SHIP_FROM_STORE");
}

/**
 * When an online order placed at `now` ships: today at the cutoff when placed before it, otherwise tomorrow at the
 * cutoff (the carrier collection). No weekend or holiday calendar yet. Null when nothing can be promised.
 */
export function earliestShipDate(networkAvailable: number, now: Date): string | null {
  if (networkAvailable <= 0) return null;
  const local = localTime(now);
  const cutoff = parseClock(SHIP_CUTOFF);
  const shipDay = local.minutes < cutoff ? local : addDays(local, 1);
  return atLocal(shipDay, cutoff).toISOString();
}
