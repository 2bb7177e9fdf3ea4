import type { FulfillmentStatusName } from "../records/fulfilment.js";
import type { FulfillmentWithOrder, OrderRecord } from "../records/orders.js";
import type { EventsOf, FulfillmentMove } from "../order-store.js";
import { applyMove, atLocation, fulfillmentWithOrder, meantPickup, oldestOrderFirst } from "../rules.js";
import { Change, parse, recorded, type Attempt } from "./change.js";
import type { OrderRedis } from "./client.js";
import { reindexFulfillment, withOrders } from "./indexes.js";
import { orderKeys } from "./keys.js";

/**
 * Fulfilment work on Redis: fulfillments by id, a store's pickup queue and its whole queue (pickups and ship-from-store
 * shipments), pickups by code — each one script over the location's status sets — and moving a fulfillment on.
 */

export async function fulfillmentsById(db: OrderRedis, ids: readonly string[]) {
  const orders = await db.referenced(orderKeys.orderPrefix, orderKeys.fulfillmentOrders, ids);
  return orders.map((json, i) => fulfillmentWithOrder(parse<OrderRecord>(json), ids[i]));
}

/** A store's pickups in `statuses`, per location, oldest order first. */
export const pickupQueue = (db: OrderRedis, locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) =>
  queueAt(db, locationIds, statuses, false);

/** A store's whole queue in `statuses`: its pickups and its ship-from-store shipments, per location, oldest order first. */
export const fulfillmentQueue = (db: OrderRedis, locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) =>
  queueAt(db, locationIds, statuses, true);

/** One script over each location's status sets: its pickups', and its shipments' too when `withShipments`. */
async function queueAt(
  db: OrderRedis,
  locationIds: readonly string[],
  statuses: readonly FulfillmentStatusName[],
  withShipments: boolean,
): Promise<FulfillmentWithOrder[][]> {
  const wanted = [...new Set(statuses)];
  if (locationIds.length === 0 || wanted.length === 0) return locationIds.map(() => []);
  const sets = (locationId: string) =>
    wanted.flatMap((status) => [orderKeys.pickups(locationId, status), ...(withShipments ? [orderKeys.ships(locationId, status)] : [])]);
  const keys = [orderKeys.orderPrefix, orderKeys.fulfillmentOrders, ...locationIds.flatMap(sets)];
  const groups = await db.scripts.orderReadFulfillmentGroups(keys.length, ...keys, wanted.length * (withShipments ? 2 : 1));
  const isHere = (f: FulfillmentWithOrder, locationId: string) =>
    withShipments ? atLocation(f, locationId) : f.pickupLocationId === locationId;
  return groups.map((pairs, i) =>
    oldestOrderFirst(withOrders(pairs).filter((f) => isHere(f, locationIds[i]) && wanted.includes(f.status))),
  );
}

export async function pickupsByCode(db: OrderRedis, locationId: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const found = await db.scripts.orderReadPickupCodes(
    orderKeys.orderPrefix,
    orderKeys.fulfillmentOrders,
    orderKeys.pickupCodes(locationId),
    ...codes,
  );
  return found.map((pairs, i) =>
    meantPickup(
      oldestOrderFirst(
        withOrders(pairs).filter((f) => f.pickupLocationId === locationId && f.pickupCode !== null && f.pickupCode === codes[i]),
      ),
    ),
  );
}

export function moveFulfillment(db: OrderRedis, move: FulfillmentMove, events?: EventsOf<FulfillmentWithOrder>) {
  return db.untilApplied(async (): Promise<Attempt<FulfillmentWithOrder | null>> => {
    const [json] = await db.referenced(orderKeys.orderPrefix, orderKeys.fulfillmentOrders, [move.fulfillmentId]);
    const order = parse<OrderRecord>(json);
    const found = order?.fulfillments.find((f) => f.id === move.fulfillmentId);
    const before = found && { ...found };
    const moved = order && applyMove(order, move);
    if (!order || !before || !moved) return { value: null };
    const change = new Change().expect(orderKeys.order(order.id), json).set(orderKeys.order(order.id), JSON.stringify(order));
    reindexFulfillment(change, order, before, moved);
    return recorded({ ...moved, order }, change, events);
  });
}
