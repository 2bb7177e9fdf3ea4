import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, Float, ID, Info, Int, Resolver, Root } from "type-graphql";
import { cacheAtMost } from "../../../lib/graphql/cache-control.js";
import { GeoPointInput } from "../../../lib/graphql/types.js";
import { servicesOf, type InventoryContext } from "../context.js";
import type { StockView, StoreAvailabilityRecord } from "../services/availability.js";
import type { StockRecord } from "../store/index.js";
import { OnlineAvailability, StockLevel, StoreAvailability } from "../types/stock.js";
import { Variant } from "../types/variant.js";

/** The view's value, its answer cached no longer than the view stays true (until the earliest hold lapses). */
function fresh<T>(info: GraphQLResolveInfo, view: StockView<T>): T {
  if (view.freshForSeconds !== null) cacheAtMost(info, view.freshForSeconds);
  return view.value;
}

@Resolver(() => Variant)
export class VariantResolver {
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
    const view = await servicesOf(ctx).availability.stockAt(ctx.loaders, variant.sku, locationId);
    return view && fresh(info, view);
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
  ): Promise<StoreAvailabilityRecord[]> {
    const search = { near, radiusKm: radiusKm ?? 25, first: first ?? 5 };
    return fresh(info, await servicesOf(ctx).availability.storesNear(ctx.loaders, variant.sku, search));
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
    return fresh(info, await servicesOf(ctx).availability.online(ctx.loaders, variant.sku));
  }
}
