import type { SalesChannel } from "../../../lib/channel.js";
import type { StockChangeReason } from "../../../lib/events.js";
import { holdableIn } from "../rules/availability.js";
import { stockChanged } from "./events.js";
import type { AvailabilityLookup, HoldRecord, HoursExceptionRecord, ReservationRecord, ShortfallRecord, StockRecord } from "./records.js";

/** How the Redis store reads the JSON its scripts answer, and writes the event template they fill. */

/** What is known of each SKU's stock while planning: sku → location id → record. */
export type Snapshot = Map<string, Map<string, StockRecord>>;

/** The event a write script records with its change, its levels left for the script to fill with what it changed. */
export function eventTemplate(channel: SalesChannel | null | undefined, reason: StockChangeReason): string {
  return JSON.stringify(stockChanged(channel ?? null, reason, []));
}

export function parseStock(raw: string): StockRecord {
  const record = JSON.parse(raw) as StockRecord;
  return {
    locationId: record.locationId,
    sku: record.sku,
    onHand: record.onHand,
    reserved: record.reserved,
    safetyStock: record.safetyStock,
    updatedAt: record.updatedAt,
  };
}

export function parseHoursException(raw: string): HoursExceptionRecord {
  const record = JSON.parse(raw) as HoursExceptionRecord;
  return {
    locationId: record.locationId,
    date: record.date,
    closed: record.closed,
    opens: record.opens ?? null,
    closes: record.closes ?? null,
    reason: record.reason,
  };
}

/** An HGETALL answer (location id, JSON, ...) as records. */
export function recordsOf(fields: readonly string[]): StockRecord[] {
  const records: StockRecord[] = [];
  for (let i = 1; i < fields.length; i += 2) records.push(parseStock(fields[i]));
  return records;
}

/** One HGETALL answer per SKU, as the snapshot a plan is made from. */
export function snapshotOf(skus: readonly string[], hashes: readonly string[][]): Snapshot {
  const snapshot: Snapshot = new Map();
  skus.forEach((sku, i) => snapshot.set(sku, new Map(recordsOf(hashes[i]).map((record) => [record.locationId, record]))));
  return snapshot;
}

/** What the planner sees of a snapshot. */
export function lookup(snapshot: Snapshot, ignoreSafetyStock: boolean): AvailabilityLookup {
  return holdableIn((locationId, sku) => snapshot.get(sku)?.get(locationId), ignoreSafetyStock);
}

/** Lua's JSON encoder cannot tell an empty array from an empty object; every list is read back as an array. */
function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function parseReservation(raw: string): ReservationRecord {
  const record = JSON.parse(raw) as ReservationRecord;
  return {
    id: record.id,
    key: record.key,
    status: record.status,
    holds: list<HoldRecord>(record.holds).map((hold) => ({
      lineKey: hold.lineKey,
      locationId: hold.locationId,
      sku: hold.sku,
      quantity: hold.quantity,
    })),
    shortfalls: list<ShortfallRecord>(record.shortfalls).map((shortfall) => ({
      ...shortfall,
      alternatives: list<string>(shortfall.alternatives),
    })),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    settledAt: record.settledAt,
  };
}
