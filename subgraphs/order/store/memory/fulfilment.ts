import type { FulfillmentStatusName } from "../records/fulfilment.js";
import type { FulfillmentWithOrder } from "../records/orders.js";
import type { EventsOf, FulfillmentMove } from "../order-store.js";
import { applyMove, fulfillmentWithOrder, meantPickup, oldestOrderFirst } from "../rules.js";
import type { FiledFulfillment, MemoryOrderState } from "./state.js";

/**
 * Fulfilment work in memory: fulfillments by id, a store's pickup queue and its whole queue (pickups and
 * ship-from-store shipments), pickups by code, read through the location indexes; and moving a fulfillment on.
 */

export function fulfillmentsById(state: MemoryOrderState, ids: readonly string[]) {
  return ids.map((id) => fulfillmentWithOrder(state.orderOfFulfillment.get(id), id));
}

/** A store's pickups in `statuses`, per location, oldest order first. */
export const pickupQueue = (state: MemoryOrderState, locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) =>
  queueAt(state, locationIds, statuses, false);

/** A store's whole queue in `statuses`: its pickups and its ship-from-store shipments, per location, oldest order first. */
export const fulfillmentQueue = (state: MemoryOrderState, locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) =>
  queueAt(state, locationIds, statuses, true);

function queueAt(
  state: MemoryOrderState,
  locationIds: readonly string[],
  statuses: readonly FulfillmentStatusName[],
  withShipments: boolean,
) {
  const wanted = new Set(statuses);
  return locationIds.map((id) => {
    const filed = state.pickupsAt.get(id) ?? [];
    return oldestOrderFirst(inStatus(withShipments ? [...filed, ...(state.shipsFrom.get(id) ?? [])] : filed, wanted));
  });
}

export function pickupsByCode(state: MemoryOrderState, locationId: string, codes: readonly string[]) {
  const pickups = (state.pickupsAt.get(locationId) ?? []).flatMap(
    ({ order, fulfillmentId }) => fulfillmentWithOrder(order, fulfillmentId) ?? [],
  );
  return codes.map((code) => meantPickup(oldestOrderFirst(pickups.filter((f) => f.pickupCode !== null && f.pickupCode === code))));
}

export function moveFulfillment(state: MemoryOrderState, move: FulfillmentMove, events?: EventsOf<FulfillmentWithOrder>) {
  // No await between the check and the write: in one process that makes the compare-and-set atomic.
  const order = state.orderOfFulfillment.get(move.fulfillmentId);
  const moved = order && applyMove(order, move);
  if (!order || !moved) return null;
  return state.recorded({ ...moved, order }, events);
}

/** The filed fulfillments with one of the `wanted` statuses, each with its order. */
function inStatus(filed: readonly FiledFulfillment[], wanted: ReadonlySet<FulfillmentStatusName>): FulfillmentWithOrder[] {
  return filed.flatMap(({ order, fulfillmentId }) => {
    const fulfillment = fulfillmentWithOrder(order, fulfillmentId);
    return fulfillment && wanted.has(fulfillment.status) ? [fulfillment] : [];
  });
}
