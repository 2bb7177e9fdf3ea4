import { addDays, atLocal, localTime, parseClock } from "./localtime.js";
import type { LocationRecord } from "../store/index.js";

const MINUTE = 60_000;

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
