import { batchLoader, listLoader } from "../../lib/loaders.js";
import type { InventoryStore, StockKey } from "./store/index.js";

/** Cache key for one location's stock of one SKU; JSON so no id can make two keys collide. */
export function stockKey(locationId: string, sku: string): string {
  return JSON.stringify([locationId, sku]);
}

function parseStockKey(key: string): StockKey {
  const [locationId, sku] = JSON.parse(key) as [string, string];
  return { locationId, sku };
}

/** One request's loaders: every location and stock read in the request goes through these. */
export function createLoaders(store: InventoryStore) {
  let nextLapse: Promise<number | null> | undefined;
  return {
    locationById: batchLoader((ids: readonly string[]) => store.locationsById(ids)),
    /** Keyed by stockKey(locationId, sku). */
    stockAt: batchLoader((keys: readonly string[]) => store.stockLevels(keys.map(parseStockKey))),
    /** Every location's record for a SKU: what a product page's availability needs, one read for all variants. */
    stockBySku: listLoader((skus: readonly string[]) => store.stockForSkus(skus)),
    /** Per location id, its dated exceptions to the weekly hours, by date. */
    hoursExceptions: listLoader((locationIds: readonly string[]) => store.hoursExceptions(locationIds)),
    /** When the earliest hold lapses (InventoryStore.nextLapse): asked at most once per request, and only if needed. */
    nextLapse: (): Promise<number | null> => (nextLapse ??= store.nextLapse()),
  };
}

export type InventoryLoaders = ReturnType<typeof createLoaders>;
