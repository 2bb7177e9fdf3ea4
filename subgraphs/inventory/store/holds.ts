import { randomUUID } from "node:crypto";
import type { HoldRecord, ReservationRecord } from "./index.js";

/** Holds summed per location and SKU: a split or repeated SKU changes each stock record once (both stores). */
export function totalsByStock(holds: readonly HoldRecord[]): HoldRecord[] {
  const totals = new Map<string, HoldRecord>();
  for (const hold of holds) {
    const key = JSON.stringify([hold.locationId, hold.sku]);
    const total = totals.get(key);
    if (total) total.quantity += hold.quantity;
    else totals.set(key, { ...hold });
  }
  return [...totals.values()];
}

/** A new HELD reservation of `holds` under `key`, expiring `ttlSeconds` after `at`: the same record in both stores. */
export function heldReservation(
  key: string,
  holds: readonly HoldRecord[],
  at: Date,
  ttlSeconds: number,
): ReservationRecord & { id: string } {
  return {
    id: `rsv-${randomUUID()}`,
    key,
    status: "HELD",
    holds: holds.map((hold) => ({ ...hold })),
    shortfalls: [],
    createdAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + ttlSeconds * 1000).toISOString(),
    settledAt: null,
  };
}
