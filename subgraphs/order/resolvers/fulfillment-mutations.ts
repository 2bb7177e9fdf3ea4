import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import type { OrderContext } from "../context.js";
import { canMove } from "../lifecycle.js";
import type { OrderStore } from "../store/index.js";
import { FulfillmentStatus } from "../types/fulfillment.js";
import { FulfillmentPayload } from "../types/payloads.js";

export function fulfillmentMutations(store: OrderStore) {
  @Resolver()
  class FulfillmentMutations {
    @Authorized("associate", "service")
    @Mutation(() => FulfillmentPayload, {
      description:
        "Associates of the store that fulfils it: move a fulfillment one legal step (PENDING → PICKING → READY_FOR_PICKUP → PICKED_UP, or → SHIPPED → DELIVERED). The order's status follows.",
    })
    async advanceFulfillment(
      @Arg("fulfillmentId", () => ID, { description: "The fulfillment to move." }) fulfillmentId: string,
      @Arg("to", () => FulfillmentStatus, { description: "The status to move it to." }) to: FulfillmentStatus,
      @Ctx() ctx: OrderContext,
    ): Promise<FulfillmentPayload> {
      const [fulfillment] = await store.fulfillmentsById([fulfillmentId]);
      if (!fulfillment) throw new NotFoundError("Fulfillment", fulfillmentId);
      if (!actsForStore(ctx.viewer, fulfillment.originId) && !actsForStore(ctx.viewer, fulfillment.pickupLocationId)) {
        deny(ctx.viewer, "only associates of the store that fulfils it can move a fulfillment.");
      }
      if (!canMove(fulfillment.method, fulfillment.status, to)) {
        return {
          fulfillment,
          userErrors: [
            { code: "INVALID_TRANSITION", message: `A ${fulfillment.method} fulfillment cannot go from ${fulfillment.status} to ${to}.`, field: ["to"] },
          ],
        };
      }
      const moved = await store.moveFulfillment({
        fulfillmentId,
        from: fulfillment.status,
        to,
        event: {
          type: `FULFILLMENT_${to}`,
          at: new Date().toISOString(),
          channel: ctx.channel,
          locationId: ctx.viewer.kind === "associate" ? ctx.viewer.storeId : null,
        },
      });
      if (!moved) {
        const [current] = await store.fulfillmentsById([fulfillmentId]);
        return {
          fulfillment: current,
          userErrors: [{ code: "FULFILLMENT_CHANGED", message: "Someone else moved this fulfillment first; reload and try again.", field: null }],
        };
      }
      return { fulfillment: moved, userErrors: [] };
    }
  }
  return FulfillmentMutations;
}
