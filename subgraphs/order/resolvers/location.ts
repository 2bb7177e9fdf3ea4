import { Arg, Authorized, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { paginate, pageRequest } from "../../../lib/paging.js";
import { actsForStore, deny } from "../../../lib/auth/access.js";
import type { OrderContext } from "../context.js";
import { OPEN_FULFILLMENT_STATUSES, OPEN_PICKUP_STATUSES, type FulfillmentStatusName } from "../store/index.js";
import { Fulfillment, FulfillmentConnection, FulfillmentMethod, FulfillmentStatus } from "../types/fulfillment.js";
import { Location } from "../types/location.js";

@Resolver(() => Location)
export class LocationResolver {
  @Authorized("associate", "service")
  // A busy store's open pickups on a day.
  @Directive(`@listSize(assumedSize: 50)`)
  @FieldResolver(() => [Fulfillment], {
    nullable: true,
    description: "Associates of this store: pickup and curbside fulfillments to hand over here, oldest order first.",
  })
  pickupQueue(
    @Root() location: Location,
    @Ctx() ctx: OrderContext,
    @Arg("status", () => FulfillmentStatus, {
      nullable: true,
      description: "Only fulfillments in this status; null: the open ones (pending, picking, ready, customer arrived).",
    })
    status: FulfillmentStatus | null,
  ) {
    if (!actsForStore(ctx.viewer, location.id)) deny(ctx.viewer, "only this store's associates see its pickup queue.");
    return ctx.loaders.pickupQueue.load({ id: location.id, args: status ? [status] : OPEN_PICKUP_STATUSES });
  }

  @Authorized("associate", "service")
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @FieldResolver(() => FulfillmentConnection, {
    nullable: true,
    description:
      "This store's associates (managers included): the store's fulfilment work, oldest order first — pickups and curbside handed over here, and shipments leaving from here (ship-from-store: pick, pack, ship).",
  })
  async fulfillmentQueue(
    @Root() location: Location,
    @Ctx() ctx: OrderContext,
    @Arg("method", () => FulfillmentMethod, { nullable: true, description: "Only this method; null: every method." })
    method: FulfillmentMethod | null,
    @Arg("status", () => FulfillmentStatus, {
      nullable: true,
      description: "Only fulfillments in this status; null: the open ones (pending, picking, packed, ready, customer arrived).",
    })
    status: FulfillmentStatus | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
  ) {
    if (!actsForStore(ctx.viewer, location.id)) deny(ctx.viewer, "only this store's associates see its fulfilment work.");
    const page = pageRequest("fulfillmentQueue", first, after);
    const statuses: readonly FulfillmentStatusName[] = status ? [status] : OPEN_FULFILLMENT_STATUSES;
    // Batched: the queues of every location in one answer are one store read (per set of statuses).
    const queue = await ctx.loaders.fulfillmentQueue.load({ id: location.id, args: statuses });
    return paginate("fulfillmentQueue", method ? queue.filter((f) => f.method === method) : queue, page);
  }
}
