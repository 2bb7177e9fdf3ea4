import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { OrderContext } from "../context.js";
import { OPEN_PICKUP_STATUSES } from "../store/index.js";
import { Fulfillment, FulfillmentStatus } from "../types/fulfillment.js";
import { Location } from "../types/location.js";

@Resolver(() => Location)
export class LocationResolver {
  @FieldResolver(() => [Fulfillment], {
    nullable: true,
    description: "Pickup and curbside fulfillments to hand over at this store, oldest order first.",
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
    return ctx.loaders.pickupQueue.load({ id: location.id, args: status ? [status] : OPEN_PICKUP_STATUSES });
  }
}
