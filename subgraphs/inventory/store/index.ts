export type LocationKindName = "STORE" | "DISTRIBUTION_CENTER";
export type CapabilityName = "PICKUP" | "CURBSIDE" | "SHIP_FROM_STORE" | "RETURNS";

/** Local opening hours for one weekday (0 = Sunday), "HH:MM" in the location's time zone. */
export interface OpeningHoursRecord {
  day: number;
  opens: string;
  closes: string;
}

export interface LocationRecord {
  id: string;
  name: string;
  type: LocationKindName;
  address: { line1: string; line2: string | null; city: string; region: string | null; postalCode: string; country: string };
  geo: { lat: number; lng: number };
  openingHours: OpeningHoursRecord[];
  capabilities: CapabilityName[];
  pickupLeadTimeMinutes: number | null;
}

/** Stock of one SKU at one location. Available to promise is derived, never stored. */
export interface StockRecord {
  locationId: string;
  sku: string;
  onHand: number;
  reserved: number;
  /** Units held back from promising, against miscounts and shrink. */
  safetyStock: number;
  updatedAt: string;
}

export interface StockKey {
  locationId: string;
  sku: string;
}

/**
 * Everything the inventory subgraph reads. Batched reads take many keys and answer one entry per key, in order,
 * null (or an empty list) where nothing exists. The resolvers only ever see this interface.
 *
 * The write side (stock adjustments, reservations with expiry and idempotency keys) will be added here by a later
 * issue; a store must then apply each write atomically so two buyers never both get the last unit.
 */
export interface InventoryStore {
  locationsById(ids: readonly string[]): Promise<(LocationRecord | null)[]>;
  /** Every location, ordered by id. */
  allLocations(): Promise<LocationRecord[]>;
  stockLevels(keys: readonly StockKey[]): Promise<(StockRecord | null)[]>;
  /** Per SKU, the record of every location that carries it, ordered by location id. */
  stockForSkus(skus: readonly string[]): Promise<StockRecord[][]>;
}
