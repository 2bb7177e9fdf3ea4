import type { RedisClient } from "../../../lib/redis.js";
import { RedisOutbox } from "../../../lib/outbox.js";
import type { OrderSeed } from "../seed.js";
import type { CartChange, CartRecord } from "./records/carts.js";
import type { FulfillmentStatusName } from "./records/fulfilment.js";
import type { GiftCardRecord, Redemption } from "./records/gift-cards.js";
import type { FulfillmentWithOrder, OrderRecord, ReturnWithOrder } from "./records/orders.js";
import type { ReturnReceipt } from "./records/return-requests.js";
import { DEFAULT_ANONYMOUS_CART_TTL_SECONDS } from "./records/carts.js";
import type { SettlementRecord, SettlementState, SettlementStep } from "./records/settlement.js";
import type { CartMerge, EventsOf, FulfillmentMove, OrderCancellation, OrderStore, ReturnRequest } from "./order-store.js";
import { RedisRedemptions } from "./redemptions-redis.js";
import * as carts from "./redis/carts.js";
import { OrderRedis } from "./redis/client.js";
import * as fulfilment from "./redis/fulfilment.js";
import { orderKeys } from "./redis/keys.js";
import * as orders from "./redis/orders.js";
import * as returns from "./redis/returns.js";
import { seedIfEmpty } from "./redis/seed.js";
import * as settlement from "./redis/settlement.js";

/**
 * Orders, carts and checkouts in Redis, shared by every order-subgraph instance. Batched reads are one command each
 * (MGET, or one read-only script where a read follows an index); every write reads, decides with the rules both stores
 * share (rules.ts), and commits with one script that applies it only if nothing it read has changed — else it reads
 * again. This class only hands each call to its concern in redis/ (orders, fulfilment, returns, carts, settlement,
 * seed); the keys are in redis/keys.ts, the change a write commits in redis/change.ts.
 */

export { orderKeys };

export interface RedisOrderStoreOptions {
  /** Seeds an empty Redis with this data (see `seedIfEmpty`); nothing is written when Redis was seeded before. */
  seed?: OrderSeed;
  /** ANONYMOUS_CART_TTL_SECONDS: an anonymous cart's key expires this long after its last write. Default 7 days. */
  anonymousCartTtlSeconds?: number;
}

export class RedisOrderStore implements OrderStore {
  readonly outbox: RedisOutbox;
  readonly outboxLease: { redis: RedisClient; key: string };
  private readonly db: OrderRedis;
  private readonly redemptions: RedisRedemptions;

  constructor(redis: RedisClient, options: Pick<RedisOrderStoreOptions, "anonymousCartTtlSeconds"> = {}) {
    this.outbox = new RedisOutbox(redis, orderKeys.outbox);
    this.outboxLease = { redis, key: orderKeys.outboxLease };
    this.db = new OrderRedis(redis, (options.anonymousCartTtlSeconds ?? DEFAULT_ANONYMOUS_CART_TTL_SECONDS) * 1000);
    this.redemptions = new RedisRedemptions(redis);
  }

  /** Loads `seed` into an empty Redis, once across every instance; true when this call seeded (redis/seed.ts). */
  seedIfEmpty(seed: OrderSeed): Promise<boolean> {
    return seedIfEmpty(this.db, this.redemptions, seed);
  }

  // ── orders ──
  async ordersById(ids: readonly string[]) {
    return orders.ordersById(this.db, ids);
  }
  async ordersByNumber(numbers: readonly string[]) {
    return orders.ordersByNumber(this.db, numbers);
  }
  async ordersByCustomer(customerIds: readonly string[]) {
    return orders.ordersByCustomer(this.db, customerIds);
  }
  async ordersByToken(tokens: readonly string[]) {
    return orders.ordersByToken(this.db, tokens);
  }
  async attributedSales(associateIds: readonly string[], from: string, to: string) {
    return orders.attributedSales(this.db, associateIds, from, to);
  }
  async joinGuestOrders(key: string, customerId: string) {
    return orders.joinGuestOrders(this.db, key, customerId);
  }
  async createOrder(draft: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>) {
    return orders.createOrder(this.db, draft, events);
  }
  async cancelOrder(request: OrderCancellation, events?: EventsOf<OrderRecord>) {
    return orders.cancelOrder(this.db, request, events);
  }

  // ── fulfilment ──
  async fulfillmentsById(ids: readonly string[]) {
    return fulfilment.fulfillmentsById(this.db, ids);
  }
  async pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    return fulfilment.pickupQueue(this.db, locationIds, statuses);
  }
  async fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    return fulfilment.fulfillmentQueue(this.db, locationIds, statuses);
  }
  async pickupsByCode(locationId: string, codes: readonly string[]) {
    return fulfilment.pickupsByCode(this.db, locationId, codes);
  }
  async moveFulfillment(move: FulfillmentMove, events?: EventsOf<FulfillmentWithOrder>) {
    return fulfilment.moveFulfillment(this.db, move, events);
  }

  // ── returns ──
  async returnsById(ids: readonly string[]) {
    return returns.returnsById(this.db, ids);
  }
  async addReturn(request: ReturnRequest, events?: EventsOf<ReturnWithOrder>) {
    return returns.addReturn(this.db, request, events);
  }
  async receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
    return returns.receiveReturn(this.db, receipt, events);
  }

  // ── carts ──
  async cartsById(ids: readonly string[]) {
    return carts.cartsById(this.db, ids);
  }
  async activeCartByCustomer(customerIds: readonly string[]) {
    return carts.activeCartByCustomer(this.db, customerIds);
  }
  async createCart(cart: CartRecord) {
    return carts.createCart(this.db, cart);
  }
  async updateCart(cartId: string, expectedVersion: number, change: CartChange) {
    return carts.updateCart(this.db, cartId, expectedVersion, change);
  }
  async mergeCarts(merge: CartMerge, events?: EventsOf<CartRecord>) {
    return carts.mergeCarts(this.db, merge, events);
  }

  // ── settlements ──
  async checkoutsByKey(keys: readonly string[]) {
    return settlement.checkoutsByKey(this.db, keys);
  }
  async settlementsByRef(refs: readonly string[]) {
    return settlement.settlementsByRef(this.db, refs);
  }
  async claimCheckout(key: string, cartId: string, cartVersion: number, dueAt: string) {
    return settlement.claimCheckout(this.db, key, cartId, cartVersion, dueAt);
  }
  async claimSale(sale: SettlementRecord) {
    return settlement.claimSale(this.db, sale);
  }
  async advanceSettlement(ref: string, from: SettlementState, attempt: number, step: SettlementStep) {
    return settlement.advanceSettlement(this.db, ref, from, attempt, step);
  }
  async settlementsDue(now: string, limit: number) {
    return settlement.settlementsDue(this.db, now, limit);
  }
  async leaseSettlement(ref: string, holder: string, ttlMs: number) {
    return settlement.leaseSettlement(this.db, ref, holder, ttlMs);
  }
  async releaseSettlementLease(ref: string, holder: string) {
    return settlement.releaseSettlementLease(this.db, ref, holder);
  }

  // ── discount codes and gift cards (redemptions-redis.ts) ──
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
}

/** A Redis order store, seeded first when `options.seed` is given. */
export async function createRedisOrderStore(redis: RedisClient, options: RedisOrderStoreOptions = {}): Promise<RedisOrderStore> {
  const store = new RedisOrderStore(redis, options);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}
