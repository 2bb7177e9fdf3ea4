import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, Float, ID, Info, Int, Resolver, Root } from "type-graphql";
import { distanceKm } from "../../../lib/geo.js";
import { GeoPointInput } from "../../../lib/graphql/types.js";
import { loadExisting } from "../../../lib/loaders.js";
import { availableToPromise, earliestShipDate, pickupReadyBy, shipsOnline } from "../availability.js";
import type { InventoryContext } from "../context.js";
import { stockKey } from "../loaders.js";
import type { LocationRecord, StockRecord } from "../store/index.js";
import { OnlineAvailability, StockLevel, StoreAvailability } from "../types/stock.js";
import { Variant } from "../types/variant.js";
import { assertCount, assertGeoPoint, assertRadius } from "../validation.js";
import { cacheAtMost } from "../../../lib/graphql/cache-control.js";

/**
 * A hold lapses at its expiry with no write and no event (stores give the units back on their next read), so an
 * answer that counts held units may be cached only until the earliest hold lapses: it would promise too few after.
 */
async function freshUntilHoldsLapse(
  records: readonly StockRecord[],
  ctx: InventoryContext,
  now: () => Date,
  info: GraphQLResolveInfo,
): Promise<void> {
  if (!records.some((record) => record.reserved > 0)) return;
  const lapse = await ctx.loaders.nextLapse();
  if (lapse !== null) cacheAtMost(info, Math.floor((lapse - now().getTime()) / 1000));
}

/** Every location's stock of a SKU next to its location: one stock read and one location read per request. */
async function stockWithLocations(
  sku: string,
  ctx: InventoryContext,
  now: () => Date,
  info: GraphQLResolveInfo,
): Promise<{ stock: StockRecord; location: LocationRecord }[]> {
  const records = await ctx.loaders.stockBySku.load(sku);
  await freshUntilHoldsLapse(records, ctx, now, info);
  const locations = await loadExisting(
    ctx.loaders.locationById,
    records.map((r) => r.locationId),
  );
  const byId = new Map(locations.map((location) => [location.id, location]));
  return records.flatMap((stock) => {
    const location = byId.get(stock.locationId);
    return location ? [{ stock, location }] : [];
  });
}

export function variantResolver(now: () => Date) {
  @Resolver(() => Variant)
  class VariantResolver {
    @Directive(`@tag(name: "partner")`)
    @FieldResolver(() => StockLevel, {
      nullable: true,
      description: "Stock at one location: zero counts where the location does not carry the SKU, null where there is no such location.",
    })
    async stockAt(
      @Root() variant: Variant,
      @Arg("locationId", () => ID, { description: "Store or distribution center id." }) locationId: string,
      @Ctx() ctx: InventoryContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<StockRecord | null> {
      const [location, stock] = await Promise.all([
        ctx.loaders.locationById.load(locationId),
        ctx.loaders.stockAt.load(stockKey(locationId, variant.sku)),
      ]);
      if (!location) return null;
      if (stock) await freshUntilHoldsLapse([stock], ctx, now, info);
      return stock ?? { locationId, sku: variant.sku, onHand: 0, reserved: 0, safetyStock: 0, updatedAt: now().toISOString() };
    }

    @Directive(`@tag(name: "partner")`)
    // Each store's answer is a distance and an available-to-promise computed from its stock.
    @Directive(`@cost(weight: 5)`)
    @Directive(`@listSize(slicingArguments: ["first"])`)
    @FieldResolver(() => [StoreAvailability], {
      nullable: true,
      description: "Stores near a point that have the SKU available to promise, nearest first.",
    })
    async storeAvailability(
      @Root() variant: Variant,
      @Arg("near", () => GeoPointInput, { description: "Where the shopper is." }) near: GeoPointInput,
      @Arg("radiusKm", () => Float, {
        nullable: true,
        defaultValue: 25,
        description: "Search radius in kilometres, above 0 and at most 500.",
      })
      radiusKm: number | null,
      @Arg("first", () => Int, { nullable: true, defaultValue: 5, description: "How many stores at most, 1 to 50." }) first: number | null,
      @Ctx() ctx: InventoryContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<(Omit<StoreAvailability, "location"> & { location: LocationRecord })[]> {
      const radius = radiusKm ?? 25;
      const limit = first ?? 5;
      assertGeoPoint(near, "near");
      assertRadius(radius);
      assertCount(limit, 1, 50, "first");
      const at = now();
      return (await stockWithLocations(variant.sku, ctx, now, info))
        .filter(({ location }) => location.type === "STORE")
        .map(({ stock, location }) => ({ location, km: distanceKm(near, location.geo), atp: availableToPromise(stock) }))
        .filter(({ km, atp }) => km <= radius && atp > 0)
        .sort((a, b) => a.km - b.km || a.location.id.localeCompare(b.location.id))
        .slice(0, limit)
        .map(({ location, km, atp }) => ({
          location,
          distanceKm: Math.round(km * 10) / 10,
          availableToPromise: atp,
          pickupReadyBy: pickupReadyBy(location, at),
        }));
    }

    @Directive(`@tag(name: "partner")`)
    @FieldResolver(() => OnlineAvailability, {
      nullable: true,
      description: "Ship-to-home availability: distribution centers plus stores that ship from store.",
    })
    async onlineAvailability(
      @Root() variant: Variant,
      @Ctx() ctx: InventoryContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<OnlineAvailability> {
      const network = (await stockWithLocations(variant.sku, ctx, now, info))
        .filter(({ location }) => shipsOnline(location))
        .reduce((sum, { stock }) => sum + availableToPromise(stock), 0);
      return { availableToPromise: network, earliestShipDate: earliestShipDate(network, now()) };
    }
  }
  return VariantResolver;
}
