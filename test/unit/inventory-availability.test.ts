import { describe, expect, it } from "vitest";
import { adjustedOnHand, emptyStock, unreserved } from "../../subgraphs/inventory/rules/adjustments.js";
import {
  availableToHold,
  availableToPromise,
  defaultSafetyStock,
  holdableIn,
  shipsOnline,
} from "../../subgraphs/inventory/rules/availability.js";
import type { LocationRecord, StockRecord } from "../../subgraphs/inventory/store/index.js";

// Available-to-promise arithmetic and the checks an adjustment passes: what both stores and every view compute.

const counts = (onHand: number, reserved: number, safetyStock: number) => ({ onHand, reserved, safetyStock });
const at = (type: LocationRecord["type"], capabilities: LocationRecord["capabilities"]) => ({ type, capabilities }) as LocationRecord;

describe("available to promise", () => {
  it("is on hand less reserved less safety stock", () => {
    expect(availableToPromise(counts(10, 3, 2))).toBe(5);
    expect(availableToPromise(counts(10, 0, 0))).toBe(10);
  });

  it("is never negative, even when counts are off", () => {
    expect(availableToPromise(counts(3, 2, 5))).toBe(0);
    expect(availableToPromise(counts(0, 0, 1))).toBe(0);
  });
});

describe("available to hold", () => {
  it("is available to promise for an order, and everything unreserved for a till sale", () => {
    expect(availableToHold(counts(10, 3, 2), false)).toBe(5);
    expect(availableToHold(counts(10, 3, 2), true)).toBe(7);
    expect(availableToHold(counts(2, 3, 0), true)).toBe(0);
  });

  it("is what sourcing sees of a store's records, 0 where a location does not carry the SKU", () => {
    const records = new Map<string, StockRecord>([["store-a|TEE", { ...emptyStock("store-a", "TEE", new Date(0)), ...counts(6, 1, 1) }]]);
    const lookup = holdableIn((locationId, sku) => records.get(`${locationId}|${sku}`), false);
    expect(lookup("store-a", "TEE")).toBe(4);
    expect(lookup("store-a", "MUG")).toBe(0);
    expect(holdableIn((locationId, sku) => records.get(`${locationId}|${sku}`), true)("store-a", "TEE")).toBe(5);
  });
});

describe("the network's policies", () => {
  it("gives a SKU a location starts carrying a safety stock of 1 at a store and 5 at a warehouse", () => {
    expect(defaultSafetyStock({ type: "STORE" })).toBe(1);
    expect(defaultSafetyStock({ type: "DISTRIBUTION_CENTER" })).toBe(5);
  });

  it("counts distribution centers and ship-from-store stores towards online availability, no other store", () => {
    expect(shipsOnline(at("DISTRIBUTION_CENTER", []))).toBe(true);
    expect(shipsOnline(at("STORE", ["PICKUP", "SHIP_FROM_STORE"]))).toBe(true);
    expect(shipsOnline(at("STORE", ["PICKUP", "CURBSIDE"]))).toBe(false);
  });
});

describe("an adjustment", () => {
  it("moves on hand by the delta, also from nothing where the location never carried the SKU", () => {
    expect(adjustedOnHand({ onHand: 10, reserved: 4 }, 5)).toBe(15);
    expect(adjustedOnHand(null, 5)).toBe(5);
  });

  it("may take on hand down to what is reserved, never below it or below zero", () => {
    expect(adjustedOnHand({ onHand: 10, reserved: 4 }, -6)).toBe(4);
    expect(adjustedOnHand({ onHand: 10, reserved: 4 }, -7)).toBeNull();
    expect(adjustedOnHand({ onHand: 3, reserved: 0 }, -3)).toBe(0);
    expect(adjustedOnHand(null, -1)).toBeNull();
    expect(unreserved({ onHand: 10, reserved: 4 })).toBe(6);
  });

  it("answers zero counts as of now where the location does not carry the SKU", () => {
    expect(emptyStock("store-a", "TEE", new Date("2030-01-15T16:00:00Z"))).toEqual({
      locationId: "store-a",
      sku: "TEE",
      onHand: 0,
      reserved: 0,
      safetyStock: 0,
      updatedAt: "2030-01-15T16:00:00.000Z",
    });
  });
});
