import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny, PEOPLE } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { requireText } from "../../../lib/text.js";
import { domainEvent } from "../../../lib/events.js";
import type { OrderServices } from "../index.js";
import { canSeeOrder } from "../access.js";
import type { OrderContext } from "../context.js";
import { canMove, fulfillmentEventType } from "../lifecycle.js";
import type { FulfillmentStatusName, FulfillmentWithOrder } from "../store/index.js";
import { FulfillmentStatus } from "../types/fulfillment.js";
import { FulfillmentPayload } from "../types/payloads.js";

const MAX_PARKING_SPOT = 40;

/** The store an associate or a store device works at; null for everyone else. */
function storeOf(ctx: OrderContext): string | null {
  return ctx.viewer.kind === "associate" ? ctx.viewer.storeId : ctx.storeId;
}

export function fulfillmentMutations(services: OrderServices) {
  const { store } = services;

  /**
   * One compare-and-set step from the status the caller saw, then the domain event when the timeline cares. A lost
   * race (someone moved it first) is a userError with the fulfillment as it now is.
   */
  async function move(
    ctx: OrderContext,
    fulfillment: FulfillmentWithOrder,
    to: FulfillmentStatusName,
    parkingSpot?: string | null,
  ): Promise<FulfillmentPayload> {
    const type = fulfillmentEventType(to);
    // What the timeline hears of the move is recorded with it, and published before the answer.
    const events = type
      ? (moved: FulfillmentWithOrder) => [
          domainEvent(type, ctx.channel, {
            orderId: moved.order.id,
            orderNumber: moved.order.number,
            customerId: moved.order.customerId,
            fulfillmentId: moved.id,
            locationId: moved.pickupLocationId ?? moved.originId,
          }),
        ]
      : undefined;
    const moved = await store.moveFulfillment(
      {
        fulfillmentId: fulfillment.id,
        from: fulfillment.status,
        to,
        parkingSpot,
        event: {
          type: `FULFILLMENT_${to}`,
          at: new Date().toISOString(),
          channel: ctx.channel,
          locationId: storeOf(ctx) ?? (to === "CUSTOMER_ARRIVED" ? fulfillment.pickupLocationId : null),
        },
      },
      events,
    );
    if (!moved) {
      const [current] = await store.fulfillmentsById([fulfillment.id]);
      return {
        fulfillment: current,
        userErrors: [
          { code: "FULFILLMENT_CHANGED", message: "Someone else moved this fulfillment first; reload and try again.", field: null },
        ],
      };
    }
    await services.announcer.flush();
    return { fulfillment: moved, userErrors: [] };
  }

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
            {
              code: "INVALID_TRANSITION",
              message: `A ${fulfillment.method} fulfillment cannot go from ${fulfillment.status} to ${to}.`,
              field: ["to"],
            },
          ],
        };
      }
      return move(ctx, fulfillment, to);
    }

    @Authorized(...PEOPLE)
    @Mutation(() => FulfillmentPayload, {
      description:
        "The order's customer (or staff on their behalf) reports arrival for a curbside pickup that is ready: READY_FOR_PICKUP → CUSTOMER_ARRIVED, with where they parked, so the store brings it out.",
    })
    async notifyArrival(
      @Arg("orderId", () => ID, { description: "The order being collected." }) orderId: string,
      @Arg("parkingSpot", () => String, {
        nullable: true,
        description: `Where the customer waits, e.g. "Bay 4" (at most ${MAX_PARKING_SPOT} characters, one line, no control, direction or invisible characters).`,
      })
      parkingSpot: string | null,
      @Ctx() ctx: OrderContext,
    ): Promise<FulfillmentPayload> {
      // Shown to the store's staff as typed: NFC, one line, nothing invisible or direction-changing (BAD_USER_INPUT).
      const spot = parkingSpot == null ? null : requireText(parkingSpot, { field: ["parkingSpot"] }) || null;
      if (spot !== null && spot.length > MAX_PARKING_SPOT) {
        throw new BadUserInputError(`A parking spot has at most ${MAX_PARKING_SPOT} characters.`, ["parkingSpot"]);
      }
      const [order] = await store.ordersById([orderId]);
      if (!order || !canSeeOrder(ctx.viewer, order)) throw new NotFoundError("Order", orderId);
      const curbside = order.fulfillments.filter((f) => f.method === "CURBSIDE");
      if (ctx.viewer.kind === "associate" && curbside.length > 0 && !curbside.some((f) => actsForStore(ctx.viewer, f.pickupLocationId))) {
        deny(ctx.viewer, "only associates of the pickup store can report a curbside arrival.");
      }
      if (curbside.length === 0) {
        return {
          fulfillment: null,
          userErrors: [{ code: "NOT_CURBSIDE", message: "This order has no curbside pickup.", field: ["orderId"] }],
        };
      }
      const ready = curbside.find((f) => f.status === "READY_FOR_PICKUP");
      if (!ready) {
        const [first] = curbside;
        return {
          fulfillment: { ...first, order },
          userErrors: [
            {
              code: "INVALID_TRANSITION",
              message: `The curbside pickup is ${first.status}; arrival can be reported once it is READY_FOR_PICKUP.`,
              field: ["orderId"],
            },
          ],
        };
      }
      return move(ctx, { ...ready, order }, "CUSTOMER_ARRIVED", spot);
    }

    @Authorized("associate", "service")
    @Mutation(() => FulfillmentPayload, {
      description:
        "Associates of the pickup store hand over a pickup or curbside order by the code the customer shows: READY_FOR_PICKUP or CUSTOMER_ARRIVED → PICKED_UP. The order's status follows.",
    })
    async completePickup(
      @Arg("pickupCode", () => String, { description: "The code the customer shows (case and surrounding spaces do not matter)." })
      pickupCode: string,
      @Ctx() ctx: OrderContext,
    ): Promise<FulfillmentPayload> {
      const storeId = storeOf(ctx);
      const code = pickupCode.trim().toUpperCase();
      const [fulfillment] = storeId && code ? await store.pickupsByCode(storeId, [code]) : [null];
      // A code of another store's order reads exactly like a made-up one: nothing about other stores' orders leaks.
      if (!fulfillment || !actsForStore(ctx.viewer, fulfillment.pickupLocationId)) {
        return {
          fulfillment: null,
          userErrors: [{ code: "PICKUP_CODE_INVALID", message: "No pickup at this store has that code.", field: ["pickupCode"] }],
        };
      }
      if (!canMove(fulfillment.method, fulfillment.status, "PICKED_UP")) {
        return {
          fulfillment,
          userErrors: [
            {
              code: "INVALID_TRANSITION",
              message: `This pickup is ${fulfillment.status}; it can be handed over when READY_FOR_PICKUP or CUSTOMER_ARRIVED.`,
              field: ["pickupCode"],
            },
          ],
        };
      }
      return move(ctx, fulfillment, "PICKED_UP");
    }
  }
  return FulfillmentMutations;
}
