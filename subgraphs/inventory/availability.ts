import { addDays, atLocal, localTime, parseClock } from "./localtime.js";
import type { LocationRecord, StockRecord } from "./store/index.js";

const MINUTE = 60_000;

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
 * When an order placed at `now` is ready for pickup: `now` + lead time while the store is open and can finish
 * before closing, otherwise the next opening + lead time. Null without pickup, or with no opening in the coming week.
 */
export function pickupReadyBy(location: LocationRecord, now: Date): string | null {
  const lead = location.pickupLeadTimeMinutes;
  if (!location.capabilities.includes("PICKUP") || lead === null) return null;
  const today = localTime(now);
  for (let offset = 0; offset <= 7; offset++) {
    const day = addDays(today, offset);
    for (const hours of location.openingHours.filter((h) => h.day === day.weekday)) {
      const opens = atLocal(day, parseClock(hours.opens)).getTime();
      const closes = atLocal(day, parseClock(hours.closes)).getTime();
      const ready = Math.max(opens, now.getTime()) + lead * MINUTE;
      if (ready <= closes) return new Date(ready).toISOString();
    }
  }
  return null;
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
