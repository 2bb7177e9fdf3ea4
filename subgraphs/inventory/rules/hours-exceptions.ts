import { addDays, isoDate, localTime, parseClock, parseIsoDate } from "./localtime.js";
import type { HoursExceptionRecord } from "../store/index.js";

/** How far ahead a dated exception may be set: a year and a day, so next year's holiday fits. */
export const MAX_DAYS_AHEAD = 366;
/** The longest reason shown to customers. */
export const MAX_REASON_LENGTH = 100;

/** Why a manager's change to a store's dated hours was refused (types/hours.ts describes each for clients). */
export type HoursRefusalCode = "INVALID_DATE" | "INVALID_HOURS" | "INVALID_REASON" | "UNKNOWN_LOCATION" | "NOT_A_STORE";

export interface HoursRefusal {
  code: HoursRefusalCode;
  message: string;
  /** The input field at fault. */
  field: string;
}

/** A dated exception as a manager sends it. */
export interface HoursExceptionRequest {
  locationId: string;
  date: string;
  closed: boolean;
  opens?: string | null;
  closes?: string | null;
  reason: string;
}

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** INVALID_DATE unless `date` is a real "YYYY-MM-DD" day from today (the store's local day at `now`) to a year ahead. */
export function checkExceptionDate(date: string, now: Date): HoursRefusal | null {
  const day = parseIsoDate(date);
  const today = localTime(now);
  const last = isoDate(addDays(today, MAX_DAYS_AHEAD));
  if (!day) return { code: "INVALID_DATE", message: `"${date}" is not a calendar date written YYYY-MM-DD.`, field: "date" };
  if (date < isoDate(today) || date > last) {
    return { code: "INVALID_DATE", message: `The date must be from today (${isoDate(today)}) to ${last}.`, field: "date" };
  }
  return null;
}

/**
 * The exception to save, or why not: a real date from today to a year ahead; a closed day without hours; special
 * hours with both times "HH:MM" (24-hour, up to 24:00) and opening before closing; a reason of 1 to 100 characters.
 */
export function checkHoursException(request: HoursExceptionRequest, now: Date): HoursExceptionRecord | HoursRefusal {
  const badDate = checkExceptionDate(request.date, now);
  if (badDate) return badDate;
  const opens = request.opens ?? null;
  const closes = request.closes ?? null;
  if (request.closed && (opens !== null || closes !== null)) {
    return {
      code: "INVALID_HOURS",
      message: "A day closed all day has no opening or closing time.",
      field: opens !== null ? "opens" : "closes",
    };
  }
  if (!request.closed) {
    for (const [field, value] of [
      ["opens", opens],
      ["closes", closes],
    ] as const) {
      if (value === null || !CLOCK.test(value)) {
        return { code: "INVALID_HOURS", message: `Special hours need "${field}" as HH:MM on a 24-hour clock.`, field };
      }
    }
    if (parseClock(opens!) >= parseClock(closes!)) {
      return { code: "INVALID_HOURS", message: "The store must open before it closes, on the same day.", field: "closes" };
    }
  }
  const reason = request.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON_LENGTH) {
    return { code: "INVALID_REASON", message: `The reason must be 1 to ${MAX_REASON_LENGTH} characters.`, field: "reason" };
  }
  return { locationId: request.locationId, date: request.date, closed: request.closed, opens, closes, reason };
}

/** Whether a check answered a refusal rather than the exception to save. */
export function isRefusal(checked: HoursExceptionRecord | HoursRefusal): checked is HoursRefusal {
  return "code" in checked;
}

/** The exceptions from the local day of `now` on (the past ones are history, not hours), by date. */
export function upcoming(exceptions: readonly HoursExceptionRecord[], now: Date): HoursExceptionRecord[] {
  const today = isoDate(localTime(now));
  return exceptions.filter((exception) => exception.date >= today).sort((a, b) => a.date.localeCompare(b.date));
}
