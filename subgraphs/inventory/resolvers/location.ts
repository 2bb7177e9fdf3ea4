import { Arg, Ctx, Directive, Float, ID, Int, Query, Resolver } from "type-graphql";
import { GeoPointInput } from "../../../lib/graphql/types.js";
import { pageRequest, paginate } from "../../../lib/paging.js";
import { servicesOf, type InventoryContext } from "../context.js";
import type { LocationRecord } from "../store/index.js";
import { Location, LocationCapability, LocationConnection } from "../types/location.js";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Resolver(() => Location)
export class LocationResolver {
  @Directive(`@tag(name: "partner")`)
  @Query(() => Location, { nullable: true, description: "One store or distribution center by id; null when there is none." })
  location(@Arg("id", () => ID, { description: "Location id." }) id: string, @Ctx() ctx: InventoryContext): Promise<LocationRecord | null> {
    return ctx.loaders.locationById.load(id);
  }

  @Directive(`@tag(name: "partner")`)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  // A connection inherits its freshness, and a root field has none to inherit: the hint is given here.
  @Directive(CACHE.catalog)
  @Query(() => LocationConnection, {
    description: "Stores and distribution centers: nearest first when `near` is given, otherwise by id.",
  })
  async locations(
    @Ctx() ctx: InventoryContext,
    @Arg("near", () => GeoPointInput, { nullable: true, description: "Sort by distance from this point." }) near: GeoPointInput | null,
    @Arg("radiusKm", () => Float, {
      nullable: true,
      description: "Only locations within this many kilometres of `near` (needs `near`; at most 500).",
    })
    radiusKm: number | null,
    @Arg("capability", () => LocationCapability, { nullable: true, description: "Only locations offering this service." })
    capability: LocationCapability | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
  ) {
    const page = pageRequest("locations", first, after);
    const found = await servicesOf(ctx).locations.search({ near, radiusKm, capability });
    const connection = paginate("locations", found, page);
    for (const location of connection.nodes) ctx.loaders.locationById.prime(location.id, location);
    return connection;
  }
}
