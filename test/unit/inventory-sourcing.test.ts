import { describe, expect, it } from "vitest";
import { MAX_ALTERNATIVES, planSourcing } from "../../subgraphs/inventory/rules/sourcing.js";
import type { LocationRecord, ReservationLine } from "../../subgraphs/inventory/store/index.js";

// Where each line of a reservation comes from (rules/sourcing.ts), over a network on one meridian so distances read
// as latitude: dc-1 far south, then store-a, store-b 5.6 km north of it, store-c 11 km north of store-b.

function place(id: string, type: LocationRecord["type"], lat: number, capabilities: LocationRecord["capabilities"]): LocationRecord {
  return {
    id,
    name: id,
    type,
    address: { line1: "1 Main St", line2: null, city: "Chicago", region: "IL", postalCode: "60601", country: "US" },
    geo: { lat, lng: -87.65 },
    openingHours: [],
    capabilities,
    pickupLeadTimeMinutes: type === "STORE" ? 60 : null,
  };
}

const NETWORK = [
  place("dc-1", "DISTRIBUTION_CENTER", 41.5, []),
  place("store-a", "STORE", 41.9, ["PICKUP", "CURBSIDE", "SHIP_FROM_STORE"]),
  place("store-b", "STORE", 41.95, ["PICKUP"]),
  place("store-c", "STORE", 42.05, ["PICKUP", "CURBSIDE"]),
];
const NEAR_A = { lat: 41.9, lng: -87.65 };

/** Availability as sourcing sees it, from "location|sku" → units (0 for anything not listed). */
const availability = (units: Record<string, number>) => (locationId: string, sku: string) => units[`${locationId}|${sku}`] ?? 0;
const pickup = (lineKey: string, sku: string, quantity: number, locationId: string): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "PICKUP_IN_STORE",
  locationId,
  shipTo: null,
});
const curbside = (lineKey: string, sku: string, quantity: number, locationId: string): ReservationLine => ({
  ...pickup(lineKey, sku, quantity, locationId),
  method: "CURBSIDE",
});
const ship = (lineKey: string, sku: string, quantity: number, shipTo: { lat: number; lng: number } | null = NEAR_A): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "SHIP_TO_HOME",
  locationId: null,
  shipTo,
});
const where = (plan: ReturnType<typeof planSourcing>) => plan.holds.map((h) => `${h.lineKey}:${h.quantity}@${h.locationId}`);

describe("pickup and curbside", () => {
  it("hold at the asked store when it has enough", () => {
    const plan = planSourcing([pickup("l1", "TEE", 2, "store-a")], NETWORK, availability({ "store-a|TEE": 2 }));
    expect(where(plan)).toEqual(["l1:2@store-a"]);
    expect(plan.shortfalls).toEqual([]);
  });

  it("fall short with what the store has and up to three nearby stores offering the service that could take the line", () => {
    const plan = planSourcing(
      [pickup("l1", "TEE", 3, "store-c")],
      NETWORK,
      availability({ "store-c|TEE": 1, "store-b|TEE": 12, "store-a|TEE": 5, "dc-1|TEE": 100 }),
    );
    expect(plan.holds).toEqual([]);
    expect(plan.shortfalls).toEqual([{ lineKey: "l1", sku: "TEE", requested: 3, available: 1, alternatives: ["store-b", "store-a"] }]);
    expect(MAX_ALTERNATIVES).toBe(3);
  });

  it("fall short with nothing available at a store that does not offer the service", () => {
    const plan = planSourcing(
      [curbside("l1", "TEE", 2, "store-b")],
      NETWORK,
      availability({ "store-b|TEE": 9, "store-a|TEE": 5, "store-c|TEE": 1 }),
    );
    expect(plan.shortfalls).toEqual([{ lineKey: "l1", sku: "TEE", requested: 2, available: 0, alternatives: ["store-a"] }]);
  });

  it("never count one unit for two lines of the same SKU", () => {
    const plan = planSourcing(
      [pickup("l1", "TEE", 3, "store-a"), pickup("l2", "TEE", 3, "store-a")],
      NETWORK,
      availability({ "store-a|TEE": 5 }),
    );
    expect(where(plan)).toEqual(["l1:3@store-a"]);
    expect(plan.shortfalls).toEqual([{ lineKey: "l2", sku: "TEE", requested: 3, available: 2, alternatives: [] }]);
  });
});

describe("ship to home", () => {
  it("ships every line from one location that has them all, though a nearer one has some", () => {
    const plan = planSourcing(
      [ship("l1", "TEE", 1), ship("l2", "MUG", 1)],
      NETWORK,
      availability({ "store-a|TEE": 5, "dc-1|TEE": 5, "dc-1|MUG": 5 }),
    );
    expect(where(plan)).toEqual(["l1:1@dc-1", "l2:1@dc-1"]);
  });

  it("takes the nearest of the locations that cover every line, and the lowest id without a destination", () => {
    const units = availability({ "store-a|TEE": 5, "dc-1|TEE": 5 });
    expect(where(planSourcing([ship("l1", "TEE", 1)], NETWORK, units))).toEqual(["l1:1@store-a"]);
    expect(where(planSourcing([ship("l1", "TEE", 1, null)], NETWORK, units))).toEqual(["l1:1@dc-1"]);
  });

  it("never ships from a store that does not ship from store", () => {
    const plan = planSourcing([ship("l1", "TEE", 1)], NETWORK, availability({ "store-b|TEE": 50, "dc-1|TEE": 1 }));
    expect(where(plan)).toEqual(["l1:1@dc-1"]);
  });

  it("splits a line no single location covers across locations, nearest first", () => {
    const plan = planSourcing([ship("l1", "TEE", 4)], NETWORK, availability({ "store-a|TEE": 2, "dc-1|TEE": 3 }));
    expect(where(plan)).toEqual(["l1:2@store-a", "l1:2@dc-1"]);
  });

  it("falls short with the network's availability, suggesting pickup stores near the destination", () => {
    const plan = planSourcing([ship("l1", "TEE", 10)], NETWORK, availability({ "store-a|TEE": 2, "dc-1|TEE": 3, "store-b|TEE": 12 }));
    expect(plan.holds).toEqual([]);
    expect(plan.shortfalls).toEqual([{ lineKey: "l1", sku: "TEE", requested: 10, available: 5, alternatives: ["store-b"] }]);
  });

  it("takes what pickup lines left: they are placed first because they cannot move", () => {
    const plan = planSourcing(
      [ship("l1", "TEE", 4), pickup("l2", "TEE", 5, "store-a")],
      NETWORK,
      availability({ "store-a|TEE": 5, "dc-1|TEE": 3 }),
    );
    expect(where(plan)).toEqual(["l2:5@store-a"]);
    expect(plan.shortfalls).toEqual([{ lineKey: "l1", sku: "TEE", requested: 4, available: 3, alternatives: [] }]);
  });

  it("plans each destination on its own", () => {
    const far = { lat: 41.5, lng: -87.65 };
    const plan = planSourcing(
      [ship("l1", "TEE", 1, NEAR_A), ship("l2", "TEE", 1, far)],
      NETWORK,
      availability({ "store-a|TEE": 5, "dc-1|TEE": 5 }),
    );
    expect(where(plan)).toEqual(["l1:1@store-a", "l2:1@dc-1"]);
  });
});
