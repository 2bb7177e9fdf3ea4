import type { InventorySeed } from "../../../subgraphs/inventory/seed.js";
import type { LocationRecord, ReservationLine, StockRecord } from "../../../subgraphs/inventory/store/index.js";

/** The small network every contract story starts from, and the lines it reserves. */

export const T0 = Date.parse("2030-03-04T15:00:00.000Z");
export const SEEDED_AT = "2030-03-01T09:00:00.000Z";

export function location(
  id: string,
  type: LocationRecord["type"],
  capabilities: LocationRecord["capabilities"],
  lat: number,
  lng: number,
): LocationRecord {
  return {
    id,
    name: `Test ${id}`,
    type,
    address: { line1: "1 Main St", line2: null, city: "Chicago", region: "IL", postalCode: "60601", country: "US" },
    geo: { lat, lng },
    openingHours: [{ day: 1, opens: "09:00", closes: "21:00" }],
    capabilities,
    pickupLeadTimeMinutes: type === "STORE" ? 60 : null,
  };
}

/** A store open 09:00–21:00 Monday to Saturday, closed on Sunday, ready for pickup an hour after the order (the hours' unit tests). */
export function weekdayStore(overrides: Partial<LocationRecord> = {}): LocationRecord {
  return {
    ...location("store-a", "STORE", ["PICKUP"], 41.9, -87.65),
    name: "Store A",
    openingHours: [1, 2, 3, 4, 5, 6].map((day) => ({ day, opens: "09:00", closes: "21:00" })),
    ...overrides,
  };
}

export const stock = (locationId: string, sku: string, onHand: number, reserved: number, safetyStock: number): StockRecord => ({
  locationId,
  sku,
  onHand,
  reserved,
  safetyStock,
  updatedAt: SEEDED_AT,
});

/** Listed out of id order on purpose: stores answer ordered by id whatever order they were given. */
export function testSeed(): InventorySeed {
  return {
    locations: [
      location("store-b", "STORE", ["PICKUP"], 41.9, -87.65),
      location("store-a", "STORE", ["PICKUP", "CURBSIDE", "SHIP_FROM_STORE"], 41.8837, -87.6278),
      location("dc-1", "DISTRIBUTION_CENTER", [], 41.7, -87.9),
      location("store-c", "STORE", ["PICKUP", "CURBSIDE"], 41.95, -87.7),
    ],
    stock: [
      stock("store-b", "TEE", 3, 0, 1),
      stock("store-a", "TEE", 10, 0, 1),
      stock("dc-1", "TEE", 20, 0, 5),
      // The last 5 promisable units of a mug, at one store.
      stock("store-a", "MUG", 6, 0, 1),
      // Ship-to-home network of 4: one at a ship-from-store store, three at the DC.
      stock("store-a", "LAMP", 2, 0, 1),
      stock("dc-1", "LAMP", 8, 0, 5),
      // Already partly held when seeded.
      stock("store-b", "SOCK", 5, 2, 1),
      stock("store-c", "SOCK", 4, 0, 1),
    ],
    // Listed out of date order on purpose: stores answer a location's exceptions by date.
    hoursExceptions: [
      { locationId: "store-a", date: "2030-03-20", closed: false, opens: "10:00", closes: "16:00", reason: "Stock count" },
      { locationId: "store-a", date: "2030-03-17", closed: true, opens: null, closes: null, reason: "Holiday" },
    ],
  };
}

export const pickup = (lineKey: string, sku: string, quantity: number, locationId: string): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "PICKUP_IN_STORE",
  locationId,
  shipTo: null,
});

export const ship = (lineKey: string, sku: string, quantity: number): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "SHIP_TO_HOME",
  locationId: null,
  shipTo: { lat: 41.88, lng: -87.63 },
});

export const atp = (record: StockRecord | null) => (record ? Math.max(0, record.onHand - record.reserved - record.safetyStock) : 0);
