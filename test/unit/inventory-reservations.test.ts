import { describe, expect, it } from "vitest";
import {
  assertPlanFits,
  canSettle,
  DEFAULT_TTL_SECONDS,
  hasLapsed,
  heldReservation,
  lapsedAt,
  MAX_TTL_SECONDS,
  refusedReservation,
  totalsByStock,
} from "../../subgraphs/inventory/rules/reservations.js";
import type { HoldRecord, ReservationRecord } from "../../subgraphs/inventory/store/index.js";

// Reservation rules both stores follow: when holds lapse, what a settling write may move, and how holds are summed.

const T0 = new Date("2030-03-04T15:00:00.000Z");
const hold = (lineKey: string, locationId: string, sku: string, quantity: number): HoldRecord => ({ lineKey, locationId, sku, quantity });
const held = (ttlSeconds: number) => heldReservation("key", [hold("l1", "store-a", "TEE", 2)], T0, ttlSeconds);

describe("a new reservation", () => {
  it("is HELD until ttlSeconds after it was made, with its own id and a copy of the holds", () => {
    const holds = [hold("l1", "store-a", "TEE", 2)];
    const reservation = heldReservation("key", holds, T0, 900);
    expect(reservation).toMatchObject({ key: "key", status: "HELD", shortfalls: [], createdAt: T0.toISOString(), settledAt: null });
    expect(reservation.id).toMatch(/^rsv-/);
    expect(reservation.expiresAt).toBe("2030-03-04T15:15:00.000Z");
    expect(reservation.holds).toEqual(holds);
    expect(reservation.holds[0]).not.toBe(holds[0]);
    expect(heldReservation("key", holds, T0, 900).id).not.toBe(reservation.id);
  });

  it("lasts a quarter of an hour unless asked otherwise, a day at most", () => {
    expect(DEFAULT_TTL_SECONDS).toBe(900);
    expect(MAX_TTL_SECONDS).toBe(86_400);
  });

  it("is a refusal with no id, nothing held and nothing to expire when a line has a shortfall", () => {
    const shortfall = { lineKey: "l1", sku: "TEE", requested: 3, available: 1, alternatives: ["store-b"] };
    expect(refusedReservation("key", [shortfall], T0)).toEqual({
      id: null,
      key: "key",
      status: "REFUSED",
      holds: [],
      shortfalls: [shortfall],
      createdAt: T0.toISOString(),
      expiresAt: null,
      settledAt: null,
    });
  });
});

describe("expiry", () => {
  it("lapses a HELD reservation at its expiry, not a millisecond before", () => {
    const reservation = held(60);
    expect(hasLapsed(reservation, T0.getTime() + 59_999)).toBe(false);
    expect(hasLapsed(reservation, T0.getTime() + 60_000)).toBe(true);
  });

  it("never lapses a settled one", () => {
    for (const status of ["COMMITTED", "RELEASED", "EXPIRED", "RETURNED"] as const) {
      expect(hasLapsed({ ...held(60), status }, T0.getTime() + 3_600_000)).toBe(false);
    }
  });

  it("picks what a sweep gives back and when the next one has work", () => {
    const soon = held(60);
    const later = held(120);
    const latest = held(600);
    const { lapsed, nextLapse } = lapsedAt([latest, soon, later], T0.getTime() + 60_000);
    expect(lapsed).toEqual([soon]);
    expect(nextLapse).toBe(T0.getTime() + 120_000);
    expect(lapsedAt([soon], T0.getTime() + 60_000)).toEqual({ lapsed: [soon], nextLapse: Infinity });
    expect(lapsedAt([], T0.getTime())).toEqual({ lapsed: [], nextLapse: Infinity });
  });
});

describe("settling", () => {
  it("commits and releases only from HELD, returns only from COMMITTED", () => {
    const statuses: ReservationRecord["status"][] = ["HELD", "COMMITTED", "RELEASED", "EXPIRED", "REFUSED", "RETURNED"];
    const allowed = (to: "COMMITTED" | "RELEASED" | "RETURNED") => statuses.filter((status) => canSettle(status, to));
    expect(allowed("COMMITTED")).toEqual(["HELD"]);
    expect(allowed("RELEASED")).toEqual(["HELD"]);
    expect(allowed("RETURNED")).toEqual(["COMMITTED"]);
  });
});

describe("holds per stock record", () => {
  it("sums split and repeated lines per location and SKU, leaving the holds as they were", () => {
    const holds = [
      hold("l1", "store-a", "TEE", 2),
      hold("l2", "store-a", "TEE", 3),
      hold("l1", "dc-1", "TEE", 1),
      hold("l3", "store-a", "MUG", 1),
    ];
    const totals = totalsByStock(holds);
    expect(totals.map(({ locationId, sku, quantity }) => [locationId, sku, quantity])).toEqual([
      ["store-a", "TEE", 5],
      ["dc-1", "TEE", 1],
      ["store-a", "MUG", 1],
    ]);
    expect(holds[0].quantity).toBe(2);
  });

  it("stops a plan that holds more than it was shown, before anything changes", () => {
    const available = (locationId: string, sku: string) => (locationId === "store-a" && sku === "TEE" ? 4 : 0);
    expect(() => assertPlanFits([hold("l1", "store-a", "TEE", 4)], available)).not.toThrow();
    expect(() => assertPlanFits([hold("l1", "store-a", "TEE", 5)], available)).toThrow(/planned 5 of TEE at store-a/);
    expect(() => assertPlanFits([hold("l1", "store-b", "TEE", 1)], available)).toThrow(/more than is available/);
  });
});
