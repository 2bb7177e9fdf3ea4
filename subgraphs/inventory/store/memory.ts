import type { InventorySeed } from "../seed.js";
import type { InventoryStore, LocationRecord, StockKey, StockRecord } from "./index.js";

/** The embedded default: locations and stock held in maps, answered in batches like any other store. */
export class MemoryInventoryStore implements InventoryStore {
  private readonly locations = new Map<string, LocationRecord>();
  private readonly byId: LocationRecord[];
  /** sku → locationId → record */
  private readonly stock = new Map<string, Map<string, StockRecord>>();

  constructor(seed: InventorySeed) {
    for (const location of seed.locations) this.locations.set(location.id, location);
    this.byId = [...seed.locations].sort((a, b) => a.id.localeCompare(b.id));
    const ordered = [...seed.stock].sort((a, b) => a.locationId.localeCompare(b.locationId));
    for (const record of ordered) {
      let atLocations = this.stock.get(record.sku);
      if (!atLocations) this.stock.set(record.sku, (atLocations = new Map()));
      atLocations.set(record.locationId, record);
    }
  }

  async locationsById(ids: readonly string[]) {
    return ids.map((id) => this.locations.get(id) ?? null);
  }

  async allLocations() {
    return [...this.byId];
  }

  async stockLevels(keys: readonly StockKey[]) {
    return keys.map(({ locationId, sku }) => this.stock.get(sku)?.get(locationId) ?? null);
  }

  async stockForSkus(skus: readonly string[]) {
    return skus.map((sku) => [...(this.stock.get(sku)?.values() ?? [])]);
  }
}
