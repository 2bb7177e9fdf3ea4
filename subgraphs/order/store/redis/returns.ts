import type { OrderRecord, ReturnWithOrder } from "../records/orders.js";
import type { AddReturnResult, ReturnReceipt } from "../records/return-requests.js";
import type { EventsOf, ReturnRequest } from "../order-store.js";
import { applyReturn, applyReturnReceipt, returnWithOrder } from "../rules.js";
import { Change, parse, recorded, type Attempt } from "./change.js";
import type { OrderRedis } from "./client.js";
import { orderKeys } from "./keys.js";

/**
 * Returns on Redis: by id (following the return → order hash in one script), and the two writes, each a
 * compare-and-set on the order's JSON — adding a return (checked against exactly the order it replaces) and
 * receiving one.
 */

export async function returnsById(db: OrderRedis, ids: readonly string[]) {
  const orders = await db.referenced(orderKeys.orderPrefix, orderKeys.returnOrders, ids);
  return orders.map((json, i) => returnWithOrder(parse<OrderRecord>(json), ids[i]));
}

export function addReturn(db: OrderRedis, request: ReturnRequest, events?: EventsOf<ReturnWithOrder>) {
  return db.untilApplied(async (): Promise<Attempt<AddReturnResult | null>> => {
    const key = orderKeys.order(request.orderId);
    const json = await db.redis.get(key);
    const order = parse<OrderRecord>(json);
    if (!order) return { value: null };
    // Checked against exactly the order the commit replaces: a return that slipped in meanwhile forces a re-check.
    const result = applyReturn(order, request);
    if (!result.ok) return { value: result };
    const added = result.return;
    const change = new Change().expect(key, json).set(key, JSON.stringify(order)).hset(orderKeys.returnOrders, added.id, order.id);
    if (events) change.record(events(added));
    return { value: { ok: true, return: added }, change };
  });
}

export function receiveReturn(db: OrderRedis, receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
  return db.untilApplied(async (): Promise<Attempt<ReturnWithOrder | null>> => {
    const [json] = await db.referenced(orderKeys.orderPrefix, orderKeys.returnOrders, [receipt.returnId]);
    const order = parse<OrderRecord>(json);
    const received = order && applyReturnReceipt(order, receipt);
    if (!order || !received) return { value: null };
    const key = orderKeys.order(order.id);
    return recorded(received, new Change().expect(key, json).set(key, JSON.stringify(order)), events);
  });
}
