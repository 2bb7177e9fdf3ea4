import type { MemoryOutbox } from "../../../lib/outbox.js";
import type { OrderSeed } from "../seed.js";
import type { CartChange, CartRecord } from "./records/carts.js";
import { DEFAULT_ANONYMOUS_CART_TTL_SECONDS } from "./records/carts.js";
import type { FulfillmentStatusName } from "./records/fulfilment.js";
import type { GiftCardRecord, Redemption } from "./records/gift-cards.js";
import type { FulfillmentWithOrder, OrderRecord, ReturnWithOrder } from "./records/orders.js";
import type { ReturnReceipt } from "./records/return-requests.js";
import type { SettlementRecord, SettlementState, SettlementStep } from "./records/settlement.js";
import type { CartMerge, EventsOf, FulfillmentMove, OrderCancellation, OrderStore, ReturnRequest } from "./order-store.js";
import { MemoryRedemptions } from "./redemptions-memory.js";
import { activeCartsOf, newestFirst } from "./rules.js";
import * as carts from "./memory/carts.js";
import * as fulfilment from "./memory/fulfilment.js";
import * as orders from "./memory/orders.js";
import * as returns from "./memory/returns.js";
import * as settlement from "./memory/settlement.js";
import { MemoryOrderState } from "./memory/state.js";

/**
 * The embedded default: orders and carts held in maps, with the indexes the batched reads need (memory/state.ts).
 * Decisions come from the rules both stores share (rules.ts); this class seeds the state and hands each call to its
 * concern in memory/ (orders, fulfilment, returns, carts, settlement). Every write checks and changes with no await
 * in between: in one process that is what makes it atomic.
 */
export class MemoryOrderStore implements OrderStore {
  /** Recorded by every write in the same synchronous step as its change. */
  readonly outbox: MemoryOutbox;
  private readonly state: MemoryOrderState;
  /** Discount code uses and gift card balances. */
  private readonly redemptions = new MemoryRedemptions();

  constructor(seed: OrderSeed, options: { anonymousCartTtlSeconds?: number } = {}) {
    this.state = new MemoryOrderState((options.anonymousCartTtlSeconds ?? DEFAULT_ANONYMOUS_CART_TTL_SECONDS) * 1000);
    this.outbox = this.state.outbox;
    const oldestFirst = [...seed.orders].sort((a, b) => newestFirst(b, a));
    for (const order of oldestFirst) this.state.indexOrder(order);
    for (const card of seed.giftCards ?? []) this.redemptions.issue(card);
    for (const cart of seed.carts) this.state.carts.set(cart.id, cart);
    for (const [customerId, cart] of activeCartsOf(seed.carts)) this.state.activeCarts.set(customerId, cart);
  }

  // ── orders ──
  async ordersById(ids: readonly string[]) {
    return orders.ordersById(this.state, ids);
  }
  async ordersByNumber(numbers: readonly string[]) {
    return orders.ordersByNumber(this.state, numbers);
  }
  async ordersByCustomer(customerIds: readonly string[]) {
    return orders.ordersByCustomer(this.state, customerIds);
  }
  async ordersByToken(tokens: readonly string[]) {
    return orders.ordersByToken(this.state, tokens);
  }
  async attributedSales(associateIds: readonly string[], from: string, to: string) {
    return orders.attributedSales(this.state, associateIds, from, to);
  }
  async joinGuestOrders(key: string, customerId: string) {
    return orders.joinGuestOrders(this.state, key, customerId);
  }
  async createOrder(draft: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>) {
    return orders.createOrder(this.state, draft, events);
  }
  async cancelOrder(request: OrderCancellation, events?: EventsOf<OrderRecord>) {
    return orders.cancelOrder(this.state, request, events);
  }

  // ── fulfilment ──
  async fulfillmentsById(ids: readonly string[]) {
    return fulfilment.fulfillmentsById(this.state, ids);
  }
  async pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    return fulfilment.pickupQueue(this.state, locationIds, statuses);
  }
  async fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    return fulfilment.fulfillmentQueue(this.state, locationIds, statuses);
  }
  async pickupsByCode(locationId: string, codes: readonly string[]) {
    return fulfilment.pickupsByCode(this.state, locationId, codes);
  }
  async moveFulfillment(move: FulfillmentMove, events?: EventsOf<FulfillmentWithOrder>) {
    return fulfilment.moveFulfillment(this.state, move, events);
  }

  // ── returns ──
  async returnsById(ids: readonly string[]) {
    return returns.returnsById(this.state, ids);
  }
  async addReturn(request: ReturnRequest, events?: EventsOf<ReturnWithOrder>) {
    return returns.addReturn(this.state, request, events);
  }
  async receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
    return returns.receiveReturn(this.state, receipt, events);
  }

  // ── carts ──
  async cartsById(ids: readonly string[]) {
    return carts.cartsById(this.state, ids);
  }
  async activeCartByCustomer(customerIds: readonly string[]) {
    return carts.activeCartByCustomer(this.state, customerIds);
  }
  async createCart(cart: CartRecord) {
    return carts.createCart(this.state, cart);
  }
  async updateCart(cartId: string, expectedVersion: number, change: CartChange) {
    return carts.updateCart(this.state, cartId, expectedVersion, change);
  }
  async mergeCarts(merge: CartMerge, events?: EventsOf<CartRecord>) {
    return carts.mergeCarts(this.state, merge, events);
  }

  // ── settlements ──
  async checkoutsByKey(keys: readonly string[]) {
    return settlement.checkoutsByKey(this.state, keys);
  }
  async settlementsByRef(refs: readonly string[]) {
    return settlement.settlementsByRef(this.state, refs);
  }
  async claimCheckout(key: string, cartId: string, cartVersion: number, dueAt: string) {
    return settlement.claimCheckout(this.state, key, cartId, cartVersion, dueAt);
  }
  async claimSale(sale: SettlementRecord) {
    return settlement.claimSale(this.state, sale);
  }
  async advanceSettlement(ref: string, from: SettlementState, attempt: number, step: SettlementStep) {
    return settlement.advanceSettlement(this.state, ref, from, attempt, step);
  }
  async settlementsDue(now: string, limit: number) {
    return settlement.settlementsDue(this.state, now, limit);
  }
  async leaseSettlement(ref: string, holder: string, ttlMs: number) {
    return settlement.leaseSettlement(this.state, ref, holder, ttlMs);
  }
  async releaseSettlementLease(ref: string, holder: string) {
    settlement.releaseSettlementLease(this.state, ref, holder);
  }

  // ── discount codes and gift cards (redemptions-memory.ts) ──
  async redeem(key: string, redemption: Redemption) {
    return this.redemptions.redeem(key, structuredClone(redemption));
  }
  async releaseRedemption(key: string) {
    this.redemptions.release(key);
  }
  async discountCodeUses(codes: readonly string[]) {
    return this.redemptions.codeUses(codes);
  }
  async issueGiftCard(card: GiftCardRecord) {
    return this.redemptions.issue(card);
  }
  async giftCardsByCode(codes: readonly string[]) {
    return this.redemptions.cardsByCode(codes);
  }
  async refundGiftCard(key: string, code: string, amount: number) {
    this.redemptions.refund(key, code, amount);
  }
}
