/**
 * Wall-clock arithmetic in one IANA time zone with nothing but Intl, so store hours ("09:00") and the ship cutoff
 * follow daylight saving time without a date library.
 */

/** Every location is in the Chicago metro area; a per-location zone can replace this when the network grows. */
export const NETWORK_TIME_ZONE = "America/Chicago";

/** A local calendar day and, where it matters, a time on it. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local day of `at` and the minutes since local midnight. */
export function localTime(at: Date, timeZone = NETWORK_TIME_ZONE): LocalDay & { minutes: number; seconds: number } {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
  };
}

function offsetMs(atMs: number, timeZone: string): number {
  const local = localTime(new Date(atMs), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes, local.seconds);
  return asUtc - (atMs - (((atMs % 1000) + 1000) % 1000));
}

/**
 * The instant at `minutes` after local midnight of `day`. Like Temporal's "compatible" rule: a time repeated when
 * clocks fall back is its first occurrence, a time skipped when they spring forward lands an hour later.
 */
export function atLocal(day: Omit<LocalDay, "weekday">, minutes: number, timeZone = NETWORK_TIME_ZONE): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, 0, minutes);
  const first = wall - offsetMs(wall, timeZone);
  const offset = offsetMs(first, timeZone);
  const second = wall - offset;
  return new Date(offsetMs(second, timeZone) === offset ? second : first);
}

/** The local calendar day `days` after `day`. */
export function addDays(day: LocalDay, days: number): LocalDay {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
}

/** A local day as an ISO calendar date, "YYYY-MM-DD": how dated store hours name their day. */
export function isoDate(day: Omit<LocalDay, "weekday">): string {
  return `${String(day.year).padStart(4, "0")}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}

/** "YYYY-MM-DD" → the local day, or null when the text is not a real calendar date (2026-02-30 is not). */
export function parseIsoDate(text: string): LocalDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day, weekday: date.getUTCDay() };
}

/** "HH:MM" → minutes since midnight. */
export function parseClock(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`expected a "HH:MM" time, got "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}
