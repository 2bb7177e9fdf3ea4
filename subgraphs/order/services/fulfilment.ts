import { actsForStore, deny } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { domainEvent } from "../../../lib/events.js";
import { cleanText, requireText } from "../../../lib/text.js";
import { canSeeOrder } from "../access.js";
import type { FulfillmentError } from "../error-codes.js";
import { canMove, fulfillmentEventType } from "../lifecycle.js";
import type { FulfillmentStatusName, FulfillmentWithOrder } from "../store/index.js";
import { carrierName } from "./carriers.js";
import type { Caller, OrderServices } from "./deps.js";

export const MAX_PARKING_SPOT = 40;

/** What a fulfilment service answers: the fulfillment as it now is (as it was when refused), or why not. */
export interface FulfillmentResult {
  fulfillment: FulfillmentWithOrder | null;
  userErrors: FulfillmentError[];
}

/** The store an associate or a store device works at; null for everyone else. */
function storeOf(caller: Caller): string | null {
  return caller.viewer.kind === "associate" ? caller.viewer.storeId : caller.storeId;
}

/**
 * One compare-and-set step from the status the caller saw, then the domain event when the timeline cares. A lost
 * race (someone moved it first) is a userError with the fulfillment as it now is.
 */
async function move(
  services: OrderServices,
  caller: Caller,
  fulfillment: FulfillmentWithOrder,
  to: FulfillmentStatusName,
  parkingSpot?: string | null,
  tracking?: { carrier: string; number: string },
): Promise<FulfillmentResult> {
  const type = fulfillmentEventType(to);
  // The staff member who handed over or shipped it, for the timeline.
  const associateId = caller.viewer.kind === "associate" ? caller.viewer.id : null;
  // What the timeline hears of the move is recorded with it, and published before the answer.
  const events = type
    ? (moved: FulfillmentWithOrder) => [
        domainEvent(type, caller.channel, {
          orderId: moved.order.id,
          orderNumber: moved.order.number,
          customerId: moved.order.customerId,
          fulfillmentId: moved.id,
          locationId: moved.pickupLocationId ?? moved.originId,
          ...(type === "FULFILLMENT_PICKED_UP" || type === "FULFILLMENT_SHIPPED" ? { associateId } : {}),
        }),
      ]
    : undefined;
  const moved = await services.store.moveFulfillment(
    {
      fulfillmentId: fulfillment.id,
      from: fulfillment.status,
      to,
      parkingSpot,
      tracking,
      event: {
        type: `FULFILLMENT_${to}`,
        at: new Date().toISOString(),
        channel: caller.channel,
        locationId: storeOf(caller) ?? (to === "CUSTOMER_ARRIVED" ? fulfillment.pickupLocationId : null),
      },
    },
    events,
  );
  if (!moved) {
    const [current] = await services.store.fulfillmentsById([fulfillment.id]);
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

/** The fulfillment, when the caller works at the store that fulfils it. */
async function fulfillmentToMove(services: OrderServices, caller: Caller, fulfillmentId: string): Promise<FulfillmentWithOrder> {
  const [fulfillment] = await services.store.fulfillmentsById([fulfillmentId]);
  if (!fulfillment) throw new NotFoundError("Fulfillment", fulfillmentId);
  if (!actsForStore(caller.viewer, fulfillment.originId) && !actsForStore(caller.viewer, fulfillment.pickupLocationId)) {
    deny(caller.viewer, "only associates of the store that fulfils it can move a fulfillment.");
  }
  return fulfillment;
}

/** Associates of the fulfilling store move a fulfillment one legal step. */
export async function advanceFulfillment(
  services: OrderServices,
  caller: Caller,
  fulfillmentId: string,
  to: FulfillmentStatusName,
): Promise<FulfillmentResult> {
  const fulfillment = await fulfillmentToMove(services, caller, fulfillmentId);
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
  return move(services, caller, fulfillment, to);
}

/** The customer (or staff for them) reports arrival for a ready curbside pickup, with where they parked. */
export async function notifyArrival(
  services: OrderServices,
  caller: Caller,
  orderId: string,
  parkingSpot: string | null,
): Promise<FulfillmentResult> {
  // Shown to the store's staff as typed: NFC, one line, nothing invisible or direction-changing (BAD_USER_INPUT).
  const spot = parkingSpot == null ? null : requireText(parkingSpot, { field: ["parkingSpot"] }) || null;
  if (spot !== null && spot.length > MAX_PARKING_SPOT) {
    throw new BadUserInputError(`A parking spot has at most ${MAX_PARKING_SPOT} characters.`, ["parkingSpot"]);
  }
  const [order] = await services.store.ordersById([orderId]);
  if (!order || !canSeeOrder(caller.viewer, order)) throw new NotFoundError("Order", orderId);
  const curbside = order.fulfillments.filter((f) => f.method === "CURBSIDE");
  if (caller.viewer.kind === "associate" && curbside.length > 0 && !curbside.some((f) => actsForStore(caller.viewer, f.pickupLocationId))) {
    deny(caller.viewer, "only associates of the pickup store can report a curbside arrival.");
  }
  if (curbside.length === 0) {
    return { fulfillment: null, userErrors: [{ code: "NOT_CURBSIDE", message: "This order has no curbside pickup.", field: ["orderId"] }] };
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
  return move(services, caller, { ...ready, order }, "CUSTOMER_ARRIVED", spot);
}

/** Associates of the pickup store hand over a pickup or curbside order by the code the customer shows. */
export async function completePickup(services: OrderServices, caller: Caller, pickupCode: string): Promise<FulfillmentResult> {
  const storeId = storeOf(caller);
  const code = pickupCode.trim().toUpperCase();
  const [fulfillment] = storeId && code ? await services.store.pickupsByCode(storeId, [code]) : [null];
  // A code of another store's order reads exactly like a made-up one: nothing about other stores' orders leaks.
  if (!fulfillment || !actsForStore(caller.viewer, fulfillment.pickupLocationId)) {
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
  return move(services, caller, fulfillment, "PICKED_UP");
}

export const MAX_TRACKING = 64;

/**
 * Associates of the shipping store hand a shipment to the carrier: PICKING or PACKED → SHIPPED, with the carrier and
 * tracking number recorded in the same step (the customer sees them on their order).
 */
export async function shipFulfillment(
  services: OrderServices,
  caller: Caller,
  fulfillmentId: string,
  carrier: string,
  trackingNumber: string,
): Promise<FulfillmentResult> {
  const fulfillment = await fulfillmentToMove(services, caller, fulfillmentId);
  if (fulfillment.method !== "SHIP_TO_HOME") {
    return {
      fulfillment,
      userErrors: [
        { code: "NOT_A_SHIPMENT", message: `A ${fulfillment.method} fulfillment is handed over, not shipped.`, field: ["fulfillmentId"] },
      ],
    };
  }
  const tracking = trackingOf(carrier, trackingNumber);
  if ("problem" in tracking) return { fulfillment, userErrors: [tracking.problem] };
  if (!canMove(fulfillment.method, fulfillment.status, "SHIPPED")) {
    return {
      fulfillment,
      userErrors: [
        {
          code: "INVALID_TRANSITION",
          message: `This shipment is ${fulfillment.status}; it ships from PICKING or PACKED.`,
          field: ["fulfillmentId"],
        },
      ],
    };
  }
  return move(services, caller, fulfillment, "SHIPPED", undefined, tracking);
}

/** The carrier (by its known name) and tracking number as kept, each cleaned text of 1 to MAX_TRACKING characters. */
function trackingOf(
  carrier: string,
  trackingNumber: string,
): { carrier: string; number: string } | { problem: { code: "INVALID_TRACKING"; message: string; field: string[] } } {
  const values: string[] = [];
  for (const [raw, field, name] of [
    [carrier, "carrier", "carrier"],
    [trackingNumber, "trackingNumber", "tracking number"],
  ] as const) {
    const result = cleanText(raw, { field: [field], what: `A ${name}`, maxLength: MAX_TRACKING });
    if (!result.ok || !result.value) {
      const message = result.ok ? `The ${name} is empty.` : result.error.message;
      return { problem: { code: "INVALID_TRACKING", message, field: [field] } };
    }
    values.push(result.value);
  }
  return { carrier: carrierName(values[0]), number: values[1] };
}
