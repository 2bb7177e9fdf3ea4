import { randomUUID } from "node:crypto";
import { DEFAULT_CURRENCY } from "../../../../lib/money.js";
import type { OrderRecord, SalesSummaryRecord } from "../records/orders.js";
import type { EventsOf, OrderCancellation } from "../order-store.js";
import { applyCancellation, needsPickupCode, newestFirst, newPickupCode, ORDER_NUMBER_FLOOR } from "../rules.js";
import { Change, parse, recorded, type Attempt } from "./change.js";
import type { OrderRedis } from "./client.js";
import { indexOrder, reindexFulfillment, scoreOf } from "./indexes.js";
import { orderKeys } from "./keys.js";

/**
 * Orders on Redis: the batched reads (by id, number, token, customer; an associate's sales summed in a script), and
 * the writes on a whole order — creating one (number and pickup codes drawn inside the script), cancelling one, and
 * guest orders joining the account registered with their email.
 */

/** Candidate pickup codes sent per code needed; with a billion codes, running out of 8 is already unheard of. */
const CODE_CANDIDATES = 8;

export function ordersById(db: OrderRedis, ids: readonly string[]) {
  return db.mget<OrderRecord>(ids.map(orderKeys.order));
}

export async function ordersByNumber(db: OrderRedis, numbers: readonly string[]) {
  return (await db.referenced(orderKeys.orderPrefix, orderKeys.orderNumbers, numbers)).map(parse<OrderRecord>);
}

export async function ordersByCustomer(db: OrderRedis, customerIds: readonly string[]) {
  if (customerIds.length === 0) return [];
  const keys = [orderKeys.orderPrefix, ...customerIds.map(orderKeys.ordersOfCustomer)];
  const lists = await db.scripts.orderReadLists(keys.length, ...keys, "desc");
  return lists.map((list) => list.flatMap((json) => (json ? [JSON.parse(json) as OrderRecord] : [])).sort(newestFirst));
}

export async function ordersByToken(db: OrderRedis, tokens: readonly string[]) {
  if (tokens.length === 0) return [];
  const ids = await db.redis.mget(...tokens.map(orderKeys.orderToken));
  const orders = await ordersById(
    db,
    ids.map((id) => id ?? ""),
  );
  return orders.map((order, i) => (ids[i] && order?.orderToken === tokens[i] ? order : null));
}

export async function attributedSales(
  db: OrderRedis,
  associateIds: readonly string[],
  from: string,
  to: string,
): Promise<SalesSummaryRecord[]> {
  const start = Date.parse(from);
  const end = Date.parse(to);
  // An unreadable bound matches nothing, as in the memory store's comparisons.
  if (associateIds.length === 0 || !Number.isFinite(start) || !Number.isFinite(end)) {
    return associateIds.map(() => ({ orderCount: 0, total: 0, currencyCode: DEFAULT_CURRENCY }));
  }
  const keys = [orderKeys.orderPrefix, ...associateIds.map(orderKeys.ordersOfAssociate)];
  // Summed in the script as lifecycle.ts orderTotalCents sums one order (lua/read-attributed-sales.lua).
  const sums = await db.scripts.orderReadAttributedSales(keys.length, ...keys, start, end);
  return sums.map(([orderCount, total, currencyCode]) => ({ orderCount, total, currencyCode: currencyCode ?? DEFAULT_CURRENCY }));
}

export async function joinGuestOrders(db: OrderRedis, key: string, customerId: string) {
  const guestKey = orderKeys.guestOrders(key);
  const joined: string[] = [];
  for (const id of await db.redis.smembers(guestKey)) {
    const done = await db.untilApplied(async (): Promise<Attempt<boolean>> => {
      const orderKey = orderKeys.order(id);
      const json = await db.redis.get(orderKey);
      const order = parse<OrderRecord>(json);
      const change = new Change().expect(orderKey, json).srem(guestKey, id);
      if (!order || order.customerId !== null) return { value: false, change };
      order.customerId = customerId;
      change.set(orderKey, JSON.stringify(order));
      change.zadd(orderKeys.ordersOfCustomer(customerId), scoreOf(order), id);
      return { value: true, change };
    });
    if (done) joined.push(id);
  }
  return joined;
}

export async function createOrder(
  db: OrderRedis,
  draft: Omit<OrderRecord, "number">,
  events?: EventsOf<OrderRecord>,
): Promise<OrderRecord> {
  for (let attempt = 0; attempt < 10; attempt++) {
    // The number and the codes are decided inside the script; the record and its index entries carry placeholders.
    const nonce = randomUUID().replaceAll("-", "");
    const numberToken = `~og-${nonce}-number~`;
    const codeTokens: string[] = [];
    const order: OrderRecord = {
      ...draft,
      number: numberToken,
      fulfillments: draft.fulfillments.map((f) => {
        if (!needsPickupCode(f)) return f;
        codeTokens.push(`~og-${nonce}-code${codeTokens.length}~`);
        return { ...f, pickupCode: codeTokens[codeTokens.length - 1] };
      }),
    };
    const change = new Change([orderKeys.order(order.id), orderKeys.sequence, orderKeys.openPickupCodes]);
    indexOrder(change, order);
    // Recorded with the order, their placeholders filled like the record's.
    if (events) change.record(events(order));
    const candidates = Array.from({ length: codeTokens.length * CODE_CANDIDATES }, newPickupCode);
    const [status, json] = await db.scripts.orderCreate(
      change.keys.length,
      ...change.keys,
      numberToken,
      ORDER_NUMBER_FLOOR,
      codeTokens.length,
      ...codeTokens,
      candidates.length,
      ...candidates,
      ...change.opArgs(),
    );
    if (status !== -1) return JSON.parse(json!) as OrderRecord;
  }
  throw new Error(`createOrder found no free pickup code for order "${draft.id}" in 10 tries`);
}

export function cancelOrder(db: OrderRedis, request: OrderCancellation, events?: EventsOf<OrderRecord>) {
  return db.untilApplied(async (): Promise<Attempt<OrderRecord | null>> => {
    const key = orderKeys.order(request.orderId);
    const json = await db.redis.get(key);
    const order = parse<OrderRecord>(json);
    const cancelled = order && applyCancellation(order, request);
    if (!order || !cancelled) return { value: null };
    const change = new Change().expect(key, json);
    for (const before of cancelled)
      reindexFulfillment(
        change,
        order,
        before,
        order.fulfillments.find((f) => f.id === before.id)!,
      );
    change.set(key, JSON.stringify(order));
    return recorded(order, change, events);
  });
}
