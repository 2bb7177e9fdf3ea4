import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { PEOPLE } from "../../../lib/auth/access.js";
import { servicesOf, type OrderContext } from "../context.js";
import { KNOWN_CARRIERS } from "../services/carriers.js";
import {
  advanceFulfillment,
  completePickup,
  MAX_PARKING_SPOT,
  MAX_TRACKING,
  notifyArrival,
  shipFulfillment,
} from "../services/fulfilment.js";
import type { FulfillmentStatusName } from "../store/index.js";
import { FulfillmentStatus } from "../types/fulfillment.js";
import { FulfillmentPayload } from "../types/payloads.js";

/** Moving fulfillments on: picking, shipping, curbside arrival, handing over (services/fulfilment.ts). */
@Resolver()
export class FulfillmentMutations {
  @Authorized("associate", "service")
  @Mutation(() => FulfillmentPayload, {
    description:
      "Associates of the store that fulfils it: move a fulfillment one legal step (PENDING → PICKING → READY_FOR_PICKUP → PICKED_UP, or PICKING → PACKED → SHIPPED → DELIVERED). The order's status follows. Shipping with a carrier and tracking number is shipFulfillment.",
  })
  advanceFulfillment(
    @Arg("fulfillmentId", () => ID, { description: "The fulfillment to move." }) fulfillmentId: string,
    @Arg("to", () => FulfillmentStatus, { description: "The status to move it to." }) to: FulfillmentStatus,
    @Ctx() ctx: OrderContext,
  ): Promise<FulfillmentPayload> {
    return advanceFulfillment(servicesOf(ctx), ctx, fulfillmentId, to as FulfillmentStatusName);
  }

  @Authorized(...PEOPLE)
  @Mutation(() => FulfillmentPayload, {
    description:
      "The order's customer (or staff on their behalf) reports arrival for a curbside pickup that is ready: READY_FOR_PICKUP → CUSTOMER_ARRIVED, with where they parked, so the store brings it out.",
  })
  notifyArrival(
    @Arg("orderId", () => ID, { description: "The order being collected." }) orderId: string,
    @Arg("parkingSpot", () => String, {
      nullable: true,
      description: `Where the customer waits, e.g. "Bay 4" (at most ${MAX_PARKING_SPOT} characters, one line, no control, direction or invisible characters).`,
    })
    parkingSpot: string | null,
    @Ctx() ctx: OrderContext,
  ): Promise<FulfillmentPayload> {
    return notifyArrival(servicesOf(ctx), ctx, orderId, parkingSpot);
  }

  @Authorized("associate", "service")
  @Mutation(() => FulfillmentPayload, {
    description:
      "Associates of the pickup store hand over a pickup or curbside order by the code the customer shows: READY_FOR_PICKUP or CUSTOMER_ARRIVED → PICKED_UP. The order's status follows.",
  })
  completePickup(
    @Arg("pickupCode", () => String, { description: "The code the customer shows (case and surrounding spaces do not matter)." })
    pickupCode: string,
    @Ctx() ctx: OrderContext,
  ): Promise<FulfillmentPayload> {
    return completePickup(servicesOf(ctx), ctx, pickupCode);
  }

  @Authorized("associate", "service")
  @Mutation(() => FulfillmentPayload, {
    description:
      "Associates of the shipping store (ship-from-store) or services: hand a shipment to the carrier, PICKING or PACKED → SHIPPED, with its carrier and tracking number, which the customer sees on their order (Fulfillment.tracking). NOT_A_SHIPMENT for a pickup, INVALID_TRACKING, INVALID_TRANSITION otherwise.",
  })
  shipFulfillment(
    @Arg("fulfillmentId", () => ID, { description: "The shipment." }) fulfillmentId: string,
    @Arg("carrier", () => String, {
      description: `The carrier (${KNOWN_CARRIERS.join(", ")} link to their tracking page; others are recorded as given), at most ${MAX_TRACKING} characters.`,
    })
    carrier: string,
    @Arg("trackingNumber", () => String, { description: `The carrier's tracking number, at most ${MAX_TRACKING} characters.` })
    trackingNumber: string,
    @Ctx() ctx: OrderContext,
  ): Promise<FulfillmentPayload> {
    return shipFulfillment(servicesOf(ctx), ctx, fulfillmentId, carrier, trackingNumber);
  }
}
