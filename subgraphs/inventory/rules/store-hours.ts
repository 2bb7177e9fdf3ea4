import { addDays, atLocal, isoDate, localTime, parseClock, type LocalDay } from "./localtime.js";
import type { HoursExceptionRecord, LocationRecord } from "../store/index.js";

const MINUTE = 60_000;

/**
 * How many local days ahead the hours are searched for an opening. Weekly hours alone repeat within a week; dated
 * exceptions can close a store for longer (a refit), so the search looks eight weeks ahead before it says "never".
 */
export const OPENING_HORIZON_DAYS = 56;

/** One stretch of time a location is open, as epoch milliseconds. */
export interface OpenPeriod {
  opens: number;
  closes: number;
}

/**
 * When a location is open on one local day: its dated exception when it has one (closed: not at all; special hours:
 * those alone), otherwise its weekly hours for that weekday. Earliest first.
 */
export function hoursOn(location: LocationRecord, exceptions: ReadonlyMap<string, HoursExceptionRecord>, day: LocalDay): OpenPeriod[] {
  const exception = exceptions.get(isoDate(day));
  const hours = exception
    ? exception.closed || exception.opens === null || exception.closes === null
      ? []
      : [{ opens: exception.opens, closes: exception.closes }]
    : location.openingHours.filter((h) => h.day === day.weekday);
  return hours
    .map((h) => ({ opens: atLocal(day, parseClock(h.opens)).getTime(), closes: atLocal(day, parseClock(h.closes)).getTime() }))
    .sort((a, b) => a.opens - b.opens);
}

/** Every open period from the local day of `now` on, for `days` days, in order (including ones already over). */
export function* openPeriods(
  location: LocationRecord,
  exceptions: readonly HoursExceptionRecord[],
  now: Date,
  days = OPENING_HORIZON_DAYS,
): Generator<OpenPeriod> {
  const byDate = new Map(exceptions.map((exception) => [exception.date, exception]));
  const today = localTime(now);
  for (let offset = 0; offset <= days; offset++) yield* hoursOn(location, byDate, addDays(today, offset));
}

/** Whether the location is open at `now` (from its opening time up to, not including, its closing time). */
export function isOpenAt(location: LocationRecord, exceptions: readonly HoursExceptionRecord[], now: Date): boolean {
  const at = now.getTime();
  for (const period of openPeriods(location, exceptions, now, 0)) if (period.opens <= at && at < period.closes) return true;
  return false;
}

/**
 * When the location next opens after `now` (while it is open, the opening after this one); null when it does not
 * open within the horizon: a distribution center, or a store closed for longer.
 */
export function nextOpening(location: LocationRecord, exceptions: readonly HoursExceptionRecord[], now: Date): string | null {
  for (const period of openPeriods(location, exceptions, now))
    if (period.opens > now.getTime()) return new Date(period.opens).toISOString();
  return null;
}

/**
 * When an order placed at `now` is ready for pickup: `now` + lead time while the store is open and can finish
 * before closing, otherwise the next opening + lead time, with the store's dated exceptions applied (on a holiday the
 * next opening is after it). Null without pickup, or with no opening within the horizon.
 */
export function pickupReadyBy(location: LocationRecord, now: Date, exceptions: readonly HoursExceptionRecord[] = []): string | null {
  const lead = location.pickupLeadTimeMinutes;
  if (!location.capabilities.includes("PICKUP") || lead === null) return null;
  for (const { opens, closes } of openPeriods(location, exceptions, now)) {
    const ready = Math.max(opens, now.getTime()) + lead * MINUTE;
    if (ready <= closes) return new Date(ready).toISOString();
  }
  return null;
}
