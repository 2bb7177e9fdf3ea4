import { Arg, Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { actsForStore, deny } from "../../../lib/auth/access.js";
import type { OrderContext } from "../context.js";
import { OPEN_PICKUP_STATUSES } from "../store/index.js";
import { Fulfillment, FulfillmentStatus } from "../types/fulfillment.js";
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
}
