import { loadExisting } from "../../../lib/loaders.js";
import type { InventoryLoaders } from "../loaders.js";
import { stockKey } from "../loaders.js";
import { emptyStock } from "../rules/adjustments.js";
import { availableToPromise, earliestShipDate, shipsOnline } from "../rules/availability.js";
import { byDistance } from "../rules/distance.js";
import { pickupReadyBy } from "../rules/store-hours.js";
import { assertCount, assertGeoPoint, assertRadius } from "../rules/validation.js";
import type { LocationRecord, StockRecord } from "../store/index.js";

/**
 * An answer and how long it may be cached at most: a hold lapses at its expiry with no write and no event (stores
 * give the units back on their next read), so an answer counting held units is true only until the earliest hold
 * lapses; null when nothing in it is held (no limit beyond the type's hint).
 */
export interface StockView<T> {
  value: T;
  freshForSeconds: number | null;
}

export interface StoreAvailabilityRecord {
  location: LocationRecord;
  distanceKm: number;
  availableToPromise: number;
  pickupReadyBy: string | null;
}

export interface NearbySearch {
  near: { lat: number; lng: number };
  radiusKm: number;
  /** At most this many stores, 1 to 50. */
  first: number;
}

/** What a variant's stock fields answer: every read goes through the request's loaders, so a page reads stock once. */
export class AvailabilityService {
  constructor(private readonly now: () => Date) {}

  /** Stock at one location: zero counts where it does not carry the SKU, null where there is no such location. */
  async stockAt(loaders: InventoryLoaders, sku: string, locationId: string): Promise<StockView<StockRecord> | null> {
    const [location, stock] = await Promise.all([loaders.locationById.load(locationId), loaders.stockAt.load(stockKey(locationId, sku))]);
    if (!location) return null;
    if (!stock) return { value: emptyStock(locationId, sku, this.now()), freshForSeconds: null };
    return { value: stock, freshForSeconds: await this.freshFor(loaders, [stock]) };
  }

  /** Stores within the radius that can promise the SKU now, nearest first, with when a pickup would be ready. */
  async storesNear(
    loaders: InventoryLoaders,
    sku: string,
    { near, radiusKm, first }: NearbySearch,
  ): Promise<StockView<StoreAvailabilityRecord[]>> {
    assertGeoPoint(near, "near");
    assertRadius(radiusKm);
    assertCount(first, 1, 50, "first");
    const at = this.now();
    const { pairs, freshForSeconds } = await this.stockWithLocations(loaders, sku);
    const stores = pairs
      .filter(({ location }) => location.type === "STORE")
      .map(({ stock, location }) => ({ id: location.id, geo: location.geo, location, atp: availableToPromise(stock) }));
    const nearest = byDistance(stores, near)
      .filter(({ location: store, km }) => km <= radiusKm && store.atp > 0)
      .slice(0, first);
    // Dated hours (a holiday) move the pickup time: every listed store's exceptions in one read.
    const exceptions = await Promise.all(nearest.map(({ location: store }) => loaders.hoursExceptions.load(store.id)));
    const value = nearest.map(({ location: store, km }, i) => ({
      location: store.location,
      distanceKm: Math.round(km * 10) / 10,
      availableToPromise: store.atp,
      pickupReadyBy: pickupReadyBy(store.location, at, exceptions[i]),
    }));
    return { value, freshForSeconds };
  }

  /** Ship-to-home availability: ATP summed over distribution centers and ship-from-store stores, and when it ships. */
  async online(
    loaders: InventoryLoaders,
    sku: string,
  ): Promise<StockView<{ availableToPromise: number; earliestShipDate: string | null }>> {
    const { pairs, freshForSeconds } = await this.stockWithLocations(loaders, sku);
    const network = pairs.filter(({ location }) => shipsOnline(location)).reduce((sum, { stock }) => sum + availableToPromise(stock), 0);
    return { value: { availableToPromise: network, earliestShipDate: earliestShipDate(network, this.now()) }, freshForSeconds };
  }

  /** Every location's stock of a SKU next to its location: one stock read and one location read per request. */
  private async stockWithLocations(
    loaders: InventoryLoaders,
    sku: string,
  ): Promise<{ pairs: { stock: StockRecord; location: LocationRecord }[]; freshForSeconds: number | null }> {
    const records = await loaders.stockBySku.load(sku);
    const freshForSeconds = await this.freshFor(loaders, records);
    const locations = await loadExisting(
      loaders.locationById,
      records.map((record) => record.locationId),
    );
    const byId = new Map(locations.map((location) => [location.id, location]));
    const pairs = records.flatMap((stock) => {
      const location = byId.get(stock.locationId);
      return location ? [{ stock, location }] : [];
    });
    return { pairs, freshForSeconds };
  }

  /** Seconds until the earliest hold lapses, when `records` count held units; null when they count none. */
  private async freshFor(loaders: InventoryLoaders, records: readonly StockRecord[]): Promise<number | null> {
    if (!records.some((record) => record.reserved > 0)) return null;
    const lapse = await loaders.nextLapse();
    return lapse === null ? null : Math.floor((lapse - this.now().getTime()) / 1000);
  }
}
