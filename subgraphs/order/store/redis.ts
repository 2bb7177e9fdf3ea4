import { createHash, randomUUID } from "node:crypto";
import type { ChainableCommander } from "ioredis";
import type { DomainEvent } from "../../../lib/events.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import { emailKey } from "../../../lib/text.js";
import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import { RedisOutbox } from "../../../lib/outbox.js";
import { orderStatusOf, returnRefusal } from "../lifecycle.js";
import type { OrderSeed } from "../seed.js";
import type {
  AddReturnResult,
  CartChange,
  CartLineRecord,
  CartRecord,
  CartWrite,
  CheckoutClaim,
  CheckoutRecord,
  EventsOf,
  FulfillmentRecord,
  FulfillmentStatusName,
  FulfillmentWithOrder,
  OrderEventRecord,
  OrderRecord,
  OrderStore,
  ReturnRecord,
  ReturnWithOrder,
  SalesSummaryRecord,
  SettlementRecord,
  SettlementState,
  SettlementStep,
} from "./index.js";
import { withMailReturnCode } from "./return-rma.js";
import { applyReceipt, DEFAULT_ANONYMOUS_CART_TTL_SECONDS, OPEN_PICKUP_STATUSES } from "./index.js";
import type { ReturnReceipt } from "./index.js";
import {
  canStartAgain,
  cartRefusal,
  isFinished,
  newCheckout,
  newestFirst,
  newPickupCode,
  nextSettlement,
  oldestOrderFirst,
} from "./rules.js";
import { orderScripts, type OrderScripts } from "./scripts.js";
import { RedisRedemptions } from "./redemptions-redis.js";
import type { GiftCardRecord, Redemption } from "./index.js";

/**
 * Every key under one hash tag, so each script and MGET lands in one cluster slot (and the whole order subgraph on
 * one shard). The client's keyPrefix (per deployment or test) goes in front of these.
 */
const TAG = "{order}";
export const orderKeys = {
  /** Set once by the first seeding; its presence means "never seed again". */
  seeded: `${TAG}:seeded`,
  /** The numeric part of the last order number handed out. */
  sequence: `${TAG}:order-sequence`,
  /** The order as JSON, with its fulfillments, returns and events inside. */
  order: (id: string) => `${TAG}:order:${id}`,
  /** What scripts put an order id after, to follow a reference. */
  orderPrefix: `${TAG}:order:`,
  /** Hashes of a number / fulfillment id / return id → order id. */
  orderNumbers: `${TAG}:order-numbers`,
  fulfillmentOrders: `${TAG}:fulfillment-orders`,
  returnOrders: `${TAG}:return-orders`,
  /** Sorted sets of order ids by placedAt (epoch ms). */
  ordersOfCustomer: (customerId: string) => `${TAG}:customer-orders:${customerId}`,
  ordersOfAssociate: (associateId: string) => `${TAG}:associate-orders:${associateId}`,
  /** SET of guest order ids by their contact email's key, until they join the account registered with it. */
  guestOrders: (key: string) => `${TAG}:guest-orders:${key}`,
  /** An order token → the order's id. */
  orderToken: (token: string) => `${TAG}:token:${token}`,
  /** Fulfillment ids handed over at a location, one sorted set per status, by their order's placedAt. */
  pickups: (locationId: string, status: FulfillmentStatusName) => `${TAG}:pickups:${locationId}:${status}`,
  /** Shipment ids leaving from a location (ship-from-store work), one sorted set per status, by their order's placedAt. */
  ships: (locationId: string, status: FulfillmentStatusName) => `${TAG}:ships:${locationId}:${status}`,
  /** A location's pickup codes: one sorted set of 'CODE|fulfillment id', read by lexical range. */
  pickupCodes: (locationId: string) => `${TAG}:pickup-codes:${locationId}`,
  /** Hash code → how many open pickups hold it: what a new code must avoid. */
  openPickupCodes: `${TAG}:open-pickup-codes`,
  cart: (id: string) => `${TAG}:cart:${id}`,
  cartPrefix: `${TAG}:cart:`,
  /** Hash customer id → their active cart's id. */
  activeCarts: `${TAG}:active-carts`,
  /** The customer's carts neither checked out nor merged: where the next active cart comes from. */
  openCarts: (customerId: string) => `${TAG}:open-carts:${customerId}`,
  /** A checkout's settlement record, by the client's idempotency key (its ref is "checkout:<key>"). */
  checkout: (key: string) => `${TAG}:checkout:${key}`,
  /** A settlement record by ref: "checkout:<key>" or "sale:<locationId>:<key>". */
  settlement: (ref: string) => `${TAG}:${ref}`,
  /** Sorted set of unfinished settlements' refs by dueAt (epoch ms): the recovery worker's scan. */
  settlementsDue: `${TAG}:settlements-due`,
  /** The recovery worker holding a settlement (SET NX PX): one at a time across instances. */
  settlementLease: (ref: string) => `${TAG}:settlement-lease:${ref}`,
  /** LIST of JSON domain events recorded with their changes, oldest first, until the relay has published them. */
  outbox: `${TAG}:outbox`,
  /** The relay working the outbox (SET NX PX): one at a time across instances. */
  outboxLease: `${TAG}:outbox-lease`,
};

export interface RedisOrderStoreOptions {
  /** Seeds an empty Redis with this data (see `seedIfEmpty`); nothing is written when Redis was seeded before. */
  seed?: OrderSeed;
  /** ANONYMOUS_CART_TTL_SECONDS: an anonymous cart's key expires this long after its last write. Default 7 days. */
  anonymousCartTtlSeconds?: number;
}

/** Order numbers start above this, as in the memory store. */
const ORDER_NUMBER_FLOOR = 100_000;
/** Commands sent per pipeline while seeding: few round trips, none so large that it stalls the server. */
const SEED_CHUNK = 1_000;
/** Seeding pipelines sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;
/**
 * Reads-and-commits one write may take while others keep changing the same record. Each lost race means someone
 * else's change went in, so a crowd of N on one record settles within N attempts.
 */
const WRITE_ATTEMPTS = 100;
/** Candidate pickup codes sent per code needed; with a billion codes, running out of 8 is already unheard of. */
const CODE_CANDIDATES = 8;

type Arg = string | number;

type Command = "SET" | "DEL" | "HSET" | "HDEL" | "HINCRBY" | "SADD" | "SREM" | "ZADD" | "ZREM" | "PEXPIRE" | "RPUSH";

/**
 * One write, as the scripts take it: what must still hold (a key's or hash field's value, compared by SHA-1), then
 * the commands to run. Every key gets a KEYS slot, so the script names all it touches.
 */
class Change {
  readonly keys: string[] = [];
  readonly ops: { command: Command; key: string; args: Arg[] }[] = [];
  private readonly slots = new Map<string, number>();
  private readonly checks: Arg[] = [];

  constructor(leadingKeys: readonly string[] = []) {
    for (const key of leadingKeys) this.slot(key);
  }

  /** Only while `key` (or its hash `field`) still holds `value`; null: while it is still absent. */
  expect(key: string, value: string | null, field = ""): this {
    this.checks.push(this.slot(key), field, value === null ? "" : sha1(value));
    return this;
  }

  set(key: string, value: string) {
    return this.op("SET", key, value);
  }
  hset(key: string, field: string, value: string) {
    return this.op("HSET", key, field, value);
  }
  hdel(key: string, field: string) {
    return this.op("HDEL", key, field);
  }
  /** Removes the field when it reaches zero. */
  hincrby(key: string, field: string, by: number) {
    return this.op("HINCRBY", key, field, by);
  }
  sadd(key: string, member: string) {
    return this.op("SADD", key, member);
  }
  srem(key: string, member: string) {
    return this.op("SREM", key, member);
  }
  zadd(key: string, score: number, member: string) {
    return this.op("ZADD", key, score, member);
  }
  zrem(key: string, member: string) {
    return this.op("ZREM", key, member);
  }
  /** Appends to a list (the outbox: events recorded with the change). */
  rpush(key: string, value: string) {
    return this.op("RPUSH", key, value);
  }
  /** Records events in the outbox with the change. */
  record(events: readonly DomainEvent[]) {
    for (const event of events) this.rpush(orderKeys.outbox, JSON.stringify(event));
    return this;
  }
  /** Expires the key `ms` after the change is applied. */
  pexpire(key: string, ms: number) {
    return this.op("PEXPIRE", key, ms);
  }

  /** The checks and commands as COMMIT's ARGV. */
  commitArgs(): Arg[] {
    return [this.checks.length / 3, ...this.checks, ...this.opArgs()];
  }

  /** The commands alone, each as (command, key slot, arguments...). */
  opArgs(): Arg[] {
    return this.ops.flatMap(({ command, key, args }) => [command, this.slot(key), ...args]);
  }

  private op(command: Command, key: string, ...args: Arg[]): this {
    this.slot(key);
    this.ops.push({ command, key, args });
    return this;
  }

  private slot(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      this.keys.push(key);
      slot = this.keys.length;
      this.slots.set(key, slot);
    }
    return slot;
  }
}

/** What one attempt of a write decided: its answer, and the change to commit for it (none: nothing to write). */
interface Attempt<T> {
  value: T;
  change?: Change;
}

/**
 * Orders, carts and checkouts in Redis, shared by every order-subgraph instance. Batched reads are one command each
 * (MGET, or one read-only script where a read follows an index); every write reads, decides with the memory store's
 * rules, and commits with one script that applies it only if nothing it read has changed — else it reads again.
 */
export class RedisOrderStore implements OrderStore {
  private readonly redis: RedisClient;
  private readonly scripts: OrderScripts;
  private readonly cartTtlMs: number;
  readonly outbox: RedisOutbox;
  readonly outboxLease: { redis: RedisClient; key: string };

  constructor(redis: RedisClient, options: Pick<RedisOrderStoreOptions, "anonymousCartTtlSeconds"> = {}) {
    this.outbox = new RedisOutbox(redis, orderKeys.outbox);
    this.outboxLease = { redis, key: orderKeys.outboxLease };
    this.cartTtlMs = (options.anonymousCartTtlSeconds ?? DEFAULT_ANONYMOUS_CART_TTL_SECONDS) * 1000;
    this.scripts = orderScripts(redis);
    this.redis = redis;
    this.redemptions = new RedisRedemptions(redis);
  }

  private readonly redemptions: RedisRedemptions;

  redeem(key: string, redemption: Redemption) {
    return this.redemptions.redeem(key, redemption);
  }

  releaseRedemption(key: string) {
    return this.redemptions.release(key);
  }

  discountCodeUses(codes: readonly string[]) {
    return this.redemptions.codeUses(codes);
  }

  issueGiftCard(card: GiftCardRecord) {
    return this.redemptions.issue(card);
  }

  giftCardsByCode(codes: readonly string[]) {
    return this.redemptions.cardsByCode(codes);
  }

  refundGiftCard(key: string, code: string, amount: number) {
    return this.redemptions.refund(key, code, amount);
  }

  // ── reads: one command each ──

  async ordersById(ids: readonly string[]) {
    return this.mget<OrderRecord>(ids.map(orderKeys.order));
  }

  async ordersByNumber(numbers: readonly string[]) {
    return (await this.referenced(orderKeys.orderPrefix, orderKeys.orderNumbers, numbers)).map(parse<OrderRecord>);
  }

  async ordersByCustomer(customerIds: readonly string[]) {
    if (customerIds.length === 0) return [];
    const keys = [orderKeys.orderPrefix, ...customerIds.map(orderKeys.ordersOfCustomer)];
    const lists = await this.scripts.orderReadLists(keys.length, ...keys, "desc");
    return lists.map((list) => list.flatMap((json) => (json ? [JSON.parse(json) as OrderRecord] : [])).sort(newestFirst));
  }

  async ordersByToken(tokens: readonly string[]) {
    if (tokens.length === 0) return [];
    const ids = await this.redis.mget(...tokens.map(orderKeys.orderToken));
    const orders = await this.ordersById(ids.map((id) => id ?? ""));
    return orders.map((order, i) => (ids[i] && order?.orderToken === tokens[i] ? order : null));
  }

  async joinGuestOrders(key: string, customerId: string) {
    const guestKey = orderKeys.guestOrders(key);
    const joined: string[] = [];
    for (const id of await this.redis.smembers(guestKey)) {
      const done = await this.untilApplied(async (): Promise<Attempt<boolean>> => {
        const orderKey = orderKeys.order(id);
        const json = await this.redis.get(orderKey);
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

  async cartsById(ids: readonly string[]) {
    return this.mget<CartRecord>(ids.map(orderKeys.cart));
  }

  async activeCartByCustomer(customerIds: readonly string[]) {
    return (await this.referenced(orderKeys.cartPrefix, orderKeys.activeCarts, customerIds)).map(parse<CartRecord>);
  }

  async pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    const wanted = [...new Set(statuses)];
    if (locationIds.length === 0 || wanted.length === 0) return locationIds.map(() => []);
    const keys = [
      orderKeys.orderPrefix,
      orderKeys.fulfillmentOrders,
      ...locationIds.flatMap((locationId) => wanted.map((status) => orderKeys.pickups(locationId, status))),
    ];
    const groups = await this.scripts.orderReadFulfillmentGroups(keys.length, ...keys, wanted.length);
    return groups.map((pairs, i) =>
      oldestOrderFirst(withOrders(pairs).filter((f) => f.pickupLocationId === locationIds[i] && wanted.includes(f.status))),
    );
  }

  async fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    const wanted = [...new Set(statuses)];
    if (locationIds.length === 0 || wanted.length === 0) return locationIds.map(() => []);
    const sets = (locationId: string) =>
      wanted.flatMap((status) => [orderKeys.pickups(locationId, status), orderKeys.ships(locationId, status)]);
    const keys = [orderKeys.orderPrefix, orderKeys.fulfillmentOrders, ...locationIds.flatMap(sets)];
    const groups = await this.scripts.orderReadFulfillmentGroups(keys.length, ...keys, wanted.length * 2);
    return groups.map((pairs, i) =>
      oldestOrderFirst(withOrders(pairs).filter((f) => atLocation(f, locationIds[i]) && wanted.includes(f.status))),
    );
  }

  async attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    // An unreadable bound matches nothing, as in the memory store's comparisons.
    if (associateIds.length === 0 || !Number.isFinite(start) || !Number.isFinite(end)) {
      return associateIds.map(() => ({ orderCount: 0, total: 0, currencyCode: DEFAULT_CURRENCY }));
    }
    const keys = [orderKeys.orderPrefix, ...associateIds.map(orderKeys.ordersOfAssociate)];
    const sums = await this.scripts.orderReadAttributedSales(keys.length, ...keys, start, end);
    return sums.map(([orderCount, total, currencyCode]) => ({ orderCount, total, currencyCode: currencyCode ?? DEFAULT_CURRENCY }));
  }

  async fulfillmentsById(ids: readonly string[]) {
    const orders = await this.referenced(orderKeys.orderPrefix, orderKeys.fulfillmentOrders, ids);
    return orders.map((json, i): FulfillmentWithOrder | null => {
      const order = parse<OrderRecord>(json);
      const fulfillment = order?.fulfillments.find((f) => f.id === ids[i]);
      return order && fulfillment ? { ...fulfillment, order } : null;
    });
  }

  async pickupsByCode(locationId: string, codes: readonly string[]) {
    if (codes.length === 0) return [];
    const found = await this.scripts.orderReadPickupCodes(
      orderKeys.orderPrefix,
      orderKeys.fulfillmentOrders,
      orderKeys.pickupCodes(locationId),
      ...codes,
    );
    return found.map((pairs, i) => {
      const matches = oldestOrderFirst(
        withOrders(pairs).filter((f) => f.pickupLocationId === locationId && f.pickupCode !== null && f.pickupCode === codes[i]),
      );
      // Codes are short, so an old handed-over pickup may share one with a waiting pickup: the waiting one is meant.
      return matches.find((f) => OPEN_PICKUP_STATUSES.includes(f.status)) ?? matches[0] ?? null;
    });
  }

  async returnsById(ids: readonly string[]) {
    const orders = await this.referenced(orderKeys.orderPrefix, orderKeys.returnOrders, ids);
    return orders.map((json, i): ReturnWithOrder | null => {
      const order = parse<OrderRecord>(json);
      const ret = order?.returns.find((r) => r.id === ids[i]);
      return order && ret ? { ...ret, order } : null;
    });
  }

  async checkoutsByKey(keys: readonly string[]) {
    return this.mget<CheckoutRecord>(keys.map(orderKeys.checkout));
  }

  async settlementsByRef(refs: readonly string[]) {
    return this.mget<SettlementRecord>(refs.map(orderKeys.settlement));
  }

  // ── orders, fulfilment and returns ──

  async createOrder(draft: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>): Promise<OrderRecord> {
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
      const [status, json] = await this.scripts.orderCreate(
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

  async moveFulfillment(
    move: {
      fulfillmentId: string;
      from: FulfillmentStatusName;
      to: FulfillmentStatusName;
      event: OrderEventRecord;
      parkingSpot?: string | null;
      tracking?: { carrier: string; number: string } | null;
    },
    events?: EventsOf<FulfillmentWithOrder>,
  ) {
    return this.untilApplied(async (): Promise<Attempt<FulfillmentWithOrder | null>> => {
      const [json] = await this.referenced(orderKeys.orderPrefix, orderKeys.fulfillmentOrders, [move.fulfillmentId]);
      const order = parse<OrderRecord>(json);
      const fulfillment = order?.fulfillments.find((f) => f.id === move.fulfillmentId);
      if (!order || !fulfillment || fulfillment.status !== move.from) return { value: null };
      const before = { ...fulfillment };
      fulfillment.status = move.to;
      if (move.parkingSpot !== undefined) fulfillment.parkingSpot = move.parkingSpot;
      if (move.tracking) Object.assign(fulfillment, { carrier: move.tracking.carrier, trackingNumber: move.tracking.number });
      order.status = orderStatusOf(order.fulfillments);
      order.events.push(move.event);
      const change = new Change().expect(orderKeys.order(order.id), json).set(orderKeys.order(order.id), JSON.stringify(order));
      reindexFulfillment(change, order, before, fulfillment);
      return recorded({ ...fulfillment, order }, change, events);
    });
  }

  async cancelOrder(
    request: {
      orderId: string;
      expected: readonly { fulfillmentId: string; status: FulfillmentStatusName }[];
      cancellation: { reason: string | null; at: string };
      event: OrderEventRecord;
    },
    events?: EventsOf<OrderRecord>,
  ) {
    return this.untilApplied(async (): Promise<Attempt<OrderRecord | null>> => {
      const key = orderKeys.order(request.orderId);
      const json = await this.redis.get(key);
      const order = parse<OrderRecord>(json);
      if (!order || request.expected.length !== order.fulfillments.length) return { value: null };
      const seen = new Map(request.expected.map((e) => [e.fulfillmentId, e.status]));
      if (order.fulfillments.some((f) => seen.get(f.id) !== f.status)) return { value: null };
      const change = new Change().expect(key, json);
      const live = order.fulfillments.filter((f) => f.status !== "CANCELLED");
      for (const fulfillment of live) {
        const before = { ...fulfillment };
        fulfillment.status = "CANCELLED";
        reindexFulfillment(change, order, before, fulfillment);
      }
      order.status = orderStatusOf(order.fulfillments);
      order.cancellation = { ...request.cancellation, fulfillmentIds: live.map((f) => f.id) };
      order.events.push(request.event);
      change.set(key, JSON.stringify(order));
      return recorded(order, change, events);
    });
  }

  async addReturn(request: { orderId: string; ret: ReturnRecord; event: OrderEventRecord }, events?: EventsOf<ReturnWithOrder>) {
    return this.untilApplied(async (): Promise<Attempt<AddReturnResult | null>> => {
      const key = orderKeys.order(request.orderId);
      const json = await this.redis.get(key);
      const order = parse<OrderRecord>(json);
      if (!order) return { value: null };
      // Checked against exactly the order the commit replaces: a return that slipped in meanwhile forces a re-check.
      const ret = withMailReturnCode(order, request.ret);
      const refusal = returnRefusal(order, ret.lines);
      if (refusal) return { value: { ok: false, ...refusal } };
      order.returns.push(ret);
      order.events.push(request.event);
      const change = new Change().expect(key, json).set(key, JSON.stringify(order)).hset(orderKeys.returnOrders, ret.id, order.id);
      const added: ReturnWithOrder = { ...ret, order };
      if (events) change.record(events(added));
      return { value: { ok: true, return: added }, change };
    });
  }

  async receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
    return this.untilApplied(async (): Promise<Attempt<ReturnWithOrder | null>> => {
      const [json] = await this.referenced(orderKeys.orderPrefix, orderKeys.returnOrders, [receipt.returnId]);
      const order = parse<OrderRecord>(json);
      const ret = order?.returns.find((r) => r.id === receipt.returnId);
      if (!order || !ret || ret.status !== "REQUESTED") return { value: null };
      applyReceipt(ret, receipt);
      order.events.push(receipt.event);
      const key = orderKeys.order(order.id);
      return recorded({ ...ret, order }, new Change().expect(key, json).set(key, JSON.stringify(order)), events);
    });
  }

  // ── carts and checkout ──

  async createCart(cart: CartRecord) {
    const change = putCart(new Change().expect(orderKeys.cart(cart.id), null), cart, this.cartTtlMs);
    if (cart.customerId) {
      change.hset(orderKeys.activeCarts, cart.customerId, cart.id);
      if (isOpen(cart)) change.sadd(orderKeys.openCarts(cart.customerId), cart.id);
    }
    if (!(await this.commit(change))) throw new Error(`createCart expects a new cart id, "${cart.id}" exists`);
    return cart;
  }

  async updateCart(cartId: string, expectedVersion: number, cartChange: CartChange): Promise<CartWrite> {
    return this.untilApplied(async (): Promise<Attempt<CartWrite>> => {
      const json = await this.redis.get(orderKeys.cart(cartId));
      const cart = parse<CartRecord>(json);
      if (!cart) return { value: { status: "NOT_FOUND" } };
      const refusal = cartRefusal(cart, expectedVersion);
      if (refusal) return { value: refusal };
      const change = new Change().expect(orderKeys.cart(cartId), json);
      return { value: { status: "UPDATED", cart: changeCart(change, cart, cartChange, this.cartTtlMs) }, change };
    });
  }

  async mergeCarts(
    merge: {
      sourceId: string;
      sourceVersion: number;
      targetId: string | null;
      targetVersion: number | null;
      customerId: string;
      lines: CartLineRecord[];
      change: Omit<CartChange, "lines" | "customerId">;
    },
    events?: EventsOf<CartRecord>,
  ): Promise<CartWrite> {
    return this.untilApplied(async (): Promise<Attempt<CartWrite>> => {
      const [sourceJson, activeId] = await Promise.all([
        this.redis.get(orderKeys.cart(merge.sourceId)),
        this.redis.hget(orderKeys.activeCarts, merge.customerId),
      ]);
      const source = parse<CartRecord>(sourceJson);
      if (!source) return { value: { status: "NOT_FOUND" } };
      const refusal = cartRefusal(source, merge.sourceVersion);
      if (refusal) return { value: refusal };
      if (source.customerId !== null || (activeId ?? null) !== merge.targetId) return { value: { status: "CHANGED", cart: source } };
      const change = new Change().expect(orderKeys.cart(source.id), sourceJson).expect(orderKeys.activeCarts, activeId, merge.customerId);
      if (!activeId) {
        const given = changeCart(change, source, { ...merge.change, customerId: merge.customerId, lines: merge.lines }, this.cartTtlMs);
        if (events) change.record(events(given));
        return { value: { status: "UPDATED", cart: given }, change };
      }
      const activeJson = await this.redis.get(orderKeys.cart(activeId));
      const active = parse<CartRecord>(activeJson);
      if (!active) throw new Error(`customer "${merge.customerId}" has active cart "${activeId}", which does not exist`);
      change.expect(orderKeys.cart(active.id), activeJson);
      const targetRefusal = cartRefusal(active, merge.targetVersion ?? -1);
      if (targetRefusal) return { value: targetRefusal };
      const merged: CartRecord = {
        ...source,
        customerId: merge.customerId,
        mergedIntoId: active.id,
        lastActiveChannel: merge.change.lastActiveChannel,
        updatedAt: merge.change.updatedAt,
        version: source.version + 1,
      };
      change.set(orderKeys.cart(source.id), JSON.stringify(merged));
      const target = changeCart(change, active, { ...merge.change, lines: merge.lines }, this.cartTtlMs);
      if (events) change.record(events(target));
      return { value: { status: "UPDATED", cart: target }, change };
    });
  }

  async claimCheckout(key: string, cartId: string, cartVersion: number, dueAt: string): Promise<CheckoutClaim> {
    return this.untilApplied(async (): Promise<Attempt<CheckoutClaim>> => {
      const [knownJson, cartJson] = await this.redis.mget(orderKeys.checkout(key), orderKeys.cart(cartId));
      const known = parse<CheckoutRecord>(knownJson);
      if (known && known.cartId !== cartId) return { value: { status: "KEY_REUSED", checkout: known } };
      if (known && !canStartAgain(known)) return { value: { status: isFinished(known) ? "DONE" : "IN_PROGRESS", checkout: known } };
      const cart = parse<CartRecord>(cartJson);
      if (!cart) return { value: { status: "NOT_FOUND" } };
      if (cart.orderId || cart.mergedIntoId) return { value: { status: "CART_CLOSED", cart } };
      if (cart.checkoutKey) return { value: { status: "CART_BUSY", cart } };
      if (cart.version !== cartVersion) return { value: { status: "CART_CHANGED", cart } };
      const checkout = newCheckout(key, cartId, dueAt, (known?.attempt ?? 0) + 1);
      const held: CartRecord = { ...cart, checkoutKey: key };
      const change = new Change().expect(orderKeys.checkout(key), knownJson).expect(orderKeys.cart(cartId), cartJson);
      putSettlement(change, checkout);
      putCart(change, held, this.cartTtlMs);
      return { value: { status: "CLAIMED", checkout, cart: held }, change };
    });
  }

  async claimSale(sale: SettlementRecord) {
    return this.untilApplied(async (): Promise<Attempt<{ claimed: boolean; sale: SettlementRecord }>> => {
      const json = await this.redis.get(orderKeys.settlement(sale.ref));
      const known = parse<SettlementRecord>(json);
      if (known && !canStartAgain(known)) return { value: { claimed: false, sale: known } };
      const started: SettlementRecord = { ...sale, attempt: (known?.attempt ?? 0) + 1 };
      return {
        value: { claimed: true, sale: started },
        change: putSettlement(new Change().expect(orderKeys.settlement(sale.ref), json), started),
      };
    });
  }

  async advanceSettlement(ref: string, from: SettlementState, attempt: number, step: SettlementStep) {
    return this.untilApplied(async (): Promise<Attempt<SettlementRecord | null>> => {
      const json = await this.redis.get(orderKeys.settlement(ref));
      const settlement = parse<SettlementRecord>(json);
      if (!settlement || settlement.state !== from || settlement.attempt !== attempt) return { value: null };
      const next = nextSettlement(settlement, step);
      const change = putSettlement(new Change().expect(orderKeys.settlement(ref), json), next);
      if (next.cartId && next.state === "ORDERED" && next.orderId) await this.closeCart(change, next.cartId, next.orderId);
      if (next.cartId && next.state === "UNWOUND") {
        const cartJson = await this.redis.get(orderKeys.cart(next.cartId));
        const cart = parse<CartRecord>(cartJson);
        change.expect(orderKeys.cart(next.cartId), cartJson);
        if (cart?.checkoutKey === next.key) putCart(change, { ...cart, checkoutKey: null }, this.cartTtlMs);
      }
      return { value: next, change };
    });
  }

  async settlementsDue(now: string, limit: number) {
    const refs = await this.redis.zrangebyscore(orderKeys.settlementsDue, "-inf", Date.parse(now), "LIMIT", 0, limit);
    const found = await this.settlementsByRef(refs);
    return found.filter((s): s is SettlementRecord => s !== null && s.dueAt !== null);
  }

  async leaseSettlement(ref: string, holder: string, ttlMs: number) {
    return (await this.scripts.orderSettlementLeaseTake(orderKeys.settlementLease(ref), holder, ttlMs)) === 1;
  }

  async releaseSettlementLease(ref: string, holder: string) {
    await this.scripts.orderSettlementLeaseGiveUp(orderKeys.settlementLease(ref), holder);
  }

  /** Adds closing the cart as checked out into `orderId` to `change`, with the owner's next active cart. */
  private async closeCart(change: Change, cartId: string, orderId: string): Promise<void> {
    const json = await this.redis.get(orderKeys.cart(cartId));
    const cart = parse<CartRecord>(json);
    change.expect(orderKeys.cart(cartId), json);
    if (!cart || cart.orderId) return;
    const closed: CartRecord = { ...cart, orderId, checkoutKey: null, version: cart.version + 1, updatedAt: new Date().toISOString() };
    putCart(change, closed, this.cartTtlMs);
    const owner = cart.customerId;
    if (!owner) return;
    change.srem(orderKeys.openCarts(owner), cartId);
    const [activeId, openIds] = await Promise.all([
      this.redis.hget(orderKeys.activeCarts, owner),
      this.redis.smembers(orderKeys.openCarts(owner)),
    ]);
    // Any cart the owner gets or changes meanwhile becomes their active cart, so this check covers the choice below.
    change.expect(orderKeys.activeCarts, activeId, owner);
    if (activeId !== cartId) return;
    const others = await this.mget<CartRecord>(openIds.filter((id) => id !== cartId).map(orderKeys.cart));
    // The next active cart is the customer's most recently updated open one, if any.
    const open = others.filter((c): c is CartRecord => c !== null && c.customerId === owner && isOpen(c));
    const latest = open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    if (latest) change.hset(orderKeys.activeCarts, owner, latest.id);
    else change.hdel(orderKeys.activeCarts, owner);
  }

  // ── seeding ──

  /**
   * Loads `seed` into an empty Redis, once: the first caller claims the marker (SET NX, with the order-number
   * sequence lifted past the seeded numbers in the same step) and writes in pipelined chunks; every later caller,
   * on any instance, writes nothing. True when this call seeded.
   */
  async seedIfEmpty(seed: OrderSeed): Promise<boolean> {
    const highest = seed.orders.reduce(
      (max, order) => Math.max(max, Number(/^OG-(\d+)$/.exec(order.number)?.[1] ?? 0)),
      ORDER_NUMBER_FLOOR,
    );
    const claimed = await this.scripts.orderClaimSeed(orderKeys.seeded, orderKeys.sequence, new Date().toISOString(), highest);
    if (claimed !== 1) return false;
    for (const card of seed.giftCards ?? []) await this.redemptions.issue(card);
    const change = new Change();
    for (const order of seed.orders) indexOrder(change, order);
    const active = new Map<string, CartRecord>();
    for (const cart of seed.carts) {
      change.set(orderKeys.cart(cart.id), JSON.stringify(cart));
      if (!cart.customerId) continue;
      if (isOpen(cart)) change.sadd(orderKeys.openCarts(cart.customerId), cart.id);
      const current = active.get(cart.customerId);
      if (!current || cart.updatedAt > current.updatedAt) active.set(cart.customerId, cart);
    }
    for (const [customerId, cart] of active) change.hset(orderKeys.activeCarts, customerId, cart.id);
    await inBatches(change.ops, SEED_CHUNK, SEED_IN_FLIGHT, async (ops) => {
      const batch = this.redis.pipeline();
      for (const op of ops) queue(batch, op);
      await run(batch);
    });
    return true;
  }

  // ── plumbing ──

  /** Runs a write until its commit finds what it read unchanged; each lost race re-reads and decides again. */
  private async untilApplied<T>(attempt: () => Promise<Attempt<T>>): Promise<T> {
    for (let tries = 0; tries < WRITE_ATTEMPTS; tries++) {
      const { value, change } = await attempt();
      if (!change || (await this.commit(change))) return value;
      // Jitter spreads a crowd that lost the same race, so the next round is not another pile-up.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** tries, 20)));
    }
    throw new Error(`an order-store write lost ${WRITE_ATTEMPTS} races in a row on the same records`);
  }

  private async commit(change: Change): Promise<boolean> {
    return (await this.scripts.orderCommit(change.keys.length, ...change.keys, ...change.commitArgs())) === 1;
  }

  private async mget<T>(keys: string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    return (await this.redis.mget(...keys)).map(parse<T>);
  }

  /** Raw JSON of the records a hash's fields point at, in one script call. */
  private async referenced(recordPrefix: string, index: string, fields: readonly string[]): Promise<(string | null)[]> {
    if (fields.length === 0) return [];
    return this.scripts.orderReadReferenced(recordPrefix, index, ...fields);
  }
}

/** A Redis order store, seeded first when `options.seed` is given. */
export async function createRedisOrderStore(redis: RedisClient, options: RedisOrderStoreOptions = {}): Promise<RedisOrderStore> {
  const store = new RedisOrderStore(redis, options);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}

// ── the order's index entries ──

/** Writes an order and files it under every index the reads use; seeded and new orders alike. */
function indexOrder(change: Change, order: OrderRecord): void {
  const score = scoreOf(order);
  change.set(orderKeys.order(order.id), JSON.stringify(order));
  change.hset(orderKeys.orderNumbers, order.number, order.id);
  if (order.customerId) change.zadd(orderKeys.ordersOfCustomer(order.customerId), score, order.id);
  if (order.attribution.associateId) change.zadd(orderKeys.ordersOfAssociate(order.attribution.associateId), score, order.id);
  if (!order.customerId && order.contactEmail) change.sadd(orderKeys.guestOrders(emailKey(order.contactEmail)), order.id);
  if (order.orderToken) change.set(orderKeys.orderToken(order.orderToken), order.id);
  for (const fulfillment of order.fulfillments) {
    change.hset(orderKeys.fulfillmentOrders, fulfillment.id, order.id);
    if (shipsFrom(fulfillment)) change.zadd(orderKeys.ships(shipsFrom(fulfillment)!, fulfillment.status), score, fulfillment.id);
    const locationId = fulfillment.pickupLocationId;
    if (!locationId) continue;
    change.zadd(orderKeys.pickups(locationId, fulfillment.status), score, fulfillment.id);
    if (fulfillment.pickupCode) {
      change.zadd(orderKeys.pickupCodes(locationId), 0, `${fulfillment.pickupCode}|${fulfillment.id}`);
      if (OPEN_PICKUP_STATUSES.includes(fulfillment.status)) change.hincrby(orderKeys.openPickupCodes, fulfillment.pickupCode, 1);
    }
  }
  for (const ret of order.returns) change.hset(orderKeys.returnOrders, ret.id, order.id);
}

/** A write's answer and change, with its events recorded in the outbox in the same script. */
function recorded<T>(value: T, change: Change, events: EventsOf<T> | undefined): Attempt<T> {
  if (events) change.record(events(value));
  return { value, change };
}

/** Writes a settlement and files it under the recovery index while unfinished, by when it is due. */
function putSettlement(change: Change, settlement: SettlementRecord): Change {
  change.set(orderKeys.settlement(settlement.ref), JSON.stringify(settlement));
  if (settlement.dueAt === null) change.zrem(orderKeys.settlementsDue, settlement.ref);
  else change.zadd(orderKeys.settlementsDue, Date.parse(settlement.dueAt), settlement.ref);
  return change;
}

/** Moves a fulfillment between its location's status sets, and frees or takes its code as it leaves or enters "open". */
function reindexFulfillment(change: Change, order: OrderRecord, before: FulfillmentRecord, after: FulfillmentRecord): void {
  const origin = shipsFrom(after);
  if (origin && before.status !== after.status) {
    change.zrem(orderKeys.ships(origin, before.status), after.id);
    change.zadd(orderKeys.ships(origin, after.status), scoreOf(order), after.id);
  }
  const locationId = after.pickupLocationId;
  if (!locationId || before.status === after.status) return;
  change.zrem(orderKeys.pickups(locationId, before.status), after.id);
  change.zadd(orderKeys.pickups(locationId, after.status), scoreOf(order), after.id);
  const wasOpen = OPEN_PICKUP_STATUSES.includes(before.status);
  const isOpenNow = OPEN_PICKUP_STATUSES.includes(after.status);
  if (after.pickupCode && wasOpen !== isOpenNow) change.hincrby(orderKeys.openPickupCodes, after.pickupCode, isOpenNow ? 1 : -1);
}

// ── the memory store's rules, applied to records read from Redis ──

/** Applies a change as a new version; an owned cart becomes its owner's active cart. */
function changeCart(change: Change, cart: CartRecord, cartChange: CartChange, ttlMs: number): CartRecord {
  const next: CartRecord = { ...cart, ...cartChange, version: cart.version + 1 };
  putCart(change, next, ttlMs);
  if (cart.customerId && cart.customerId !== next.customerId) change.srem(orderKeys.openCarts(cart.customerId), next.id);
  if (next.customerId) {
    change.hset(orderKeys.activeCarts, next.customerId, next.id);
    change.sadd(orderKeys.openCarts(next.customerId), next.id);
  }
  return next;
}

/**
 * Writes the cart. An anonymous cart expires `ttlMs` after this write (ANONYMOUS_CART_TTL_SECONDS, renewed by each
 * one); SET alone clears any expiry, so a cart attached to a customer keeps no TTL.
 */
function putCart(change: Change, cart: CartRecord, ttlMs: number): Change {
  change.set(orderKeys.cart(cart.id), JSON.stringify(cart));
  if (cart.customerId === null) change.pexpire(orderKeys.cart(cart.id), ttlMs);
  return change;
}

function isOpen(cart: CartRecord): boolean {
  return !cart.orderId && !cart.mergedIntoId;
}

function needsPickupCode(fulfillment: FulfillmentRecord): boolean {
  return fulfillment.method !== "SHIP_TO_HOME" && fulfillment.pickupCode === null && OPEN_PICKUP_STATUSES.includes(fulfillment.status);
}

/** Where a shipment leaves from (its location's ship-from-store work); null for pickups. */
function shipsFrom(fulfillment: FulfillmentRecord): string | null {
  return fulfillment.method === "SHIP_TO_HOME" ? fulfillment.originId : null;
}

/** A fulfillment is a location's work when handed over there or shipped from there. */
function atLocation(fulfillment: FulfillmentRecord, locationId: string): boolean {
  return fulfillment.pickupLocationId === locationId || shipsFrom(fulfillment) === locationId;
}

/** (fulfillment id, order JSON) pairs from a script, as fulfillments with their order. */
function withOrders(pairs: string[]): FulfillmentWithOrder[] {
  const found: FulfillmentWithOrder[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const order = JSON.parse(pairs[i + 1]) as OrderRecord;
    const fulfillment = order.fulfillments.find((f) => f.id === pairs[i]);
    if (fulfillment) found.push({ ...fulfillment, order });
  }
  return found;
}

/** A sorted-set score for an order's placedAt; anything but an ISO-8601 instant would sort nowhere sensible. */
function scoreOf(order: Pick<OrderRecord, "id" | "placedAt">): number {
  const ms = Date.parse(order.placedAt);
  if (!Number.isFinite(ms)) throw new Error(`order "${order.id}" needs an ISO-8601 placedAt, got ${JSON.stringify(order.placedAt)}`);
  return ms;
}

function parse<T>(json: string | null | undefined): T | null {
  return json ? (JSON.parse(json) as T) : null;
}

function sha1(value: string): string {
  return createHash("sha1").update(value, "utf8").digest("hex");
}

function queue(batch: ChainableCommander, { command, key, args }: Change["ops"][number]): void {
  const [a, b] = args;
  if (command === "SET") batch.set(key, a);
  else if (command === "DEL") batch.del(key);
  else if (command === "HSET") batch.hset(key, String(a), b);
  else if (command === "HDEL") batch.hdel(key, String(a));
  else if (command === "HINCRBY") batch.hincrby(key, String(a), b);
  else if (command === "SADD") batch.sadd(key, a);
  else if (command === "SREM") batch.srem(key, a);
  else if (command === "ZADD") batch.zadd(key, a, b);
  else if (command === "RPUSH") batch.rpush(key, a);
  else if (command === "PEXPIRE") batch.pexpire(key, a);
  else batch.zrem(key, a);
}

/** Runs a pipeline and fails on the first command that failed, instead of handing back [error, result] pairs. */
async function run(batch: ChainableCommander): Promise<void> {
  for (const [error] of (await batch.exec()) ?? []) if (error) throw error;
}
