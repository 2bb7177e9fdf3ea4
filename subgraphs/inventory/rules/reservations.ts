import { randomUUID } from "node:crypto";
import type { AvailabilityLookup, HoldRecord, ReservationRecord, ShortfallRecord } from "../store/index.js";

/** How long holds last when the caller does not say: a checkout's quarter of an hour. */
export const DEFAULT_TTL_SECONDS = 900;
/** A day: a hold longer than that is stock lost to everyone else. */
export const MAX_TTL_SECONDS = 86_400;

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
): ReservationRecord & { id: string; expiresAt: string } {
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

/** The answer to a plan with shortfalls: nothing held, no id, and nothing remembered (a retry may succeed later). */
export function refusedReservation(key: string, shortfalls: readonly ShortfallRecord[], at: Date): ReservationRecord {
  return {
    id: null,
    key,
    status: "REFUSED",
    holds: [],
    shortfalls: [...shortfalls],
    createdAt: at.toISOString(),
    expiresAt: null,
    settledAt: null,
  };
}

/** Whether a reservation's holds have lapsed at `atMs`: HELD and due at or before that instant (a lapse is inclusive). */
export function hasLapsed(reservation: Pick<ReservationRecord, "status" | "expiresAt">, atMs: number): boolean {
  return reservation.status === "HELD" && reservation.expiresAt !== null && Date.parse(reservation.expiresAt) <= atMs;
}

/**
 * Which of the HELD reservations lapse at `atMs`, and when the earliest of the others does (Infinity when none): what
 * a sweep gives back, and until when the next one has nothing to do.
 */
export function lapsedAt(held: Iterable<ReservationRecord>, atMs: number): { lapsed: ReservationRecord[]; nextLapse: number } {
  const lapsed: ReservationRecord[] = [];
  let nextLapse = Infinity;
  for (const reservation of held) {
    if (hasLapsed(reservation, atMs)) lapsed.push(reservation);
    else if (reservation.expiresAt !== null) nextLapse = Math.min(nextLapse, Date.parse(reservation.expiresAt));
  }
  return { lapsed, nextLapse };
}

/** What a settling write may move a reservation from: commit and release act on HELD only, a return on COMMITTED only. */
export function canSettle(status: ReservationRecord["status"], to: "COMMITTED" | "RELEASED" | "RETURNED"): boolean {
  return to === "RETURNED" ? status === "COMMITTED" : status === "HELD";
}

/**
 * Stops a reserve before anything changes when the planner planned beyond what it was shown (`available`): a bug, not
 * a conflict, and stopping keeps the invariants even then. Both stores check the summed holds with it.
 */
export function assertPlanFits(totals: readonly HoldRecord[], available: AvailabilityLookup): void {
  for (const { locationId, sku, quantity } of totals) {
    if (available(locationId, sku) < quantity)
      throw new Error(`sourcing planned ${quantity} of ${sku} at ${locationId}, more than is available`);
  }
}
