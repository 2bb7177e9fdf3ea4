import { ExpiringMap } from "../../../lib/expiring-map.js";
import { emailKey } from "../../../lib/text.js";
import { MemoryOutbox } from "../../../lib/outbox.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import { orderStatusOf, returnRefusal } from "../lifecycle.js";
import type { OrderSeed } from "../seed.js";
import type {
  CartRecord,
  FulfillmentStatusName,
  OrderEventRecord,
  FulfillmentWithOrder,
  OrderRecord,
  OrderStore,
  SalesSummaryRecord,
  AddReturnResult,
  ReturnRecord,
  CartChange,
  CartLineRecord,
  CartWrite,
  CheckoutClaim,
  EventsOf,
  ReturnWithOrder,
  SettlementRecord,
  SettlementState,
  SettlementStep,
} from "./index.js";
import { withMailReturnCode } from "./return-rma.js";
import { applyReceipt, DEFAULT_ANONYMOUS_CART_TTL_SECONDS, OPEN_PICKUP_STATUSES, settlementRef } from "./index.js";
import type { ReturnReceipt } from "./index.js";
import { MemoryRedemptions } from "./redemptions-memory.js";
import type { GiftCardRecord, Redemption } from "./index.js";
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

function orderTotal(order: OrderRecord): number {
  return (
    order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, order.shippingTotal) -
    (order.discountTotal ?? 0) +
    (order.taxTotal ?? 0)
  );
}

/** The embedded default: orders and carts held in maps, with the indexes the batched reads need. */
export class MemoryOrderStore implements OrderStore {
  /** Recorded by every write in the same synchronous step as its change. */
  readonly outbox = new MemoryOutbox();
  private readonly orders = new Map<string, OrderRecord>();
  private readonly ordersByNumberMap = new Map<string, OrderRecord>();
  /** Oldest first, so a new order is an append; reversed on read. */
  private readonly ordersOfCustomer = new Map<string, OrderRecord[]>();
  private readonly ordersOfAssociate = new Map<string, OrderRecord[]>();
  /** Guest orders by their contact email's key, until they join the account registered with it. */
  private readonly guestOrdersOf = new Map<string, OrderRecord[]>();
  private readonly ordersByTokenMap = new Map<string, OrderRecord>();
  /** Pickup fulfillments per store, oldest order first; by reference, so a status changed on the order shows. */
  private readonly pickupsAt = new Map<string, { order: OrderRecord; fulfillmentId: string }[]>();
  private readonly orderOfFulfillment = new Map<string, OrderRecord>();
  /** Shipments per origin (ship-from-store work), oldest order first, by reference like pickupsAt. */
  private readonly shipsFrom = new Map<string, { order: OrderRecord; fulfillmentId: string }[]>();
  /** Anonymous carts lapse ANONYMOUS_CART_TTL_SECONDS after their last write, as their Redis keys expire. */
  private readonly carts: ExpiringMap<string, CartRecord>;
  private readonly activeCarts = new Map<string, CartRecord>();
  /** Discount code uses and gift card balances. */
  private readonly redemptions = new MemoryRedemptions();

  constructor(seed: OrderSeed, options: { anonymousCartTtlSeconds?: number } = {}) {
    const ttlMs = (options.anonymousCartTtlSeconds ?? DEFAULT_ANONYMOUS_CART_TTL_SECONDS) * 1000;
    this.carts = new ExpiringMap(ttlMs, (cart) => cart.customerId === null);
    const oldestFirst = [...seed.orders].sort((a, b) => newestFirst(b, a));
    for (const order of oldestFirst) this.indexOrder(order);
    for (const card of seed.giftCards ?? []) this.redemptions.issue(card);
    for (const cart of seed.carts) {
      this.carts.set(cart.id, cart);
      const current = cart.customerId ? this.activeCarts.get(cart.customerId) : undefined;
      if (cart.customerId && (!current || cart.updatedAt > current.updatedAt)) this.activeCarts.set(cart.customerId, cart);
    }
  }

  async ordersById(ids: readonly string[]) {
    return ids.map((id) => this.orders.get(id) ?? null);
  }

  async ordersByNumber(numbers: readonly string[]) {
    return numbers.map((number) => this.ordersByNumberMap.get(number) ?? null);
  }

  async ordersByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => [...(this.ordersOfCustomer.get(id) ?? [])].reverse());
  }

  async ordersByToken(tokens: readonly string[]) {
    return tokens.map((token) => this.ordersByTokenMap.get(token) ?? null);
  }

  async joinGuestOrders(key: string, customerId: string) {
    const joined = (this.guestOrdersOf.get(key) ?? []).filter((order) => order.customerId === null);
    this.guestOrdersOf.delete(key);
    for (const order of joined) {
      order.customerId = customerId;
      push(this.ordersOfCustomer, customerId, order);
    }
    // Kept oldest first, as a new order's append keeps it.
    if (joined.length > 0) this.ordersOfCustomer.get(customerId)?.sort((a, b) => newestFirst(b, a));
    return joined.map((order) => order.id);
  }

  async cartsById(ids: readonly string[]) {
    return ids.map((id) => this.carts.get(id) ?? null);
  }

  async activeCartByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => this.activeCarts.get(id) ?? null);
  }

  async pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    const wanted = new Set(statuses);
    return locationIds.map((id) => {
      const queue: FulfillmentWithOrder[] = [];
      for (const { order, fulfillmentId } of this.pickupsAt.get(id) ?? []) {
        const fulfillment = order.fulfillments.find((f) => f.id === fulfillmentId);
        if (fulfillment && wanted.has(fulfillment.status)) queue.push({ ...fulfillment, order });
      }
      return queue;
    });
  }

  async fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    const wanted = new Set(statuses);
    return locationIds.map((id) => {
      const work = [...(this.pickupsAt.get(id) ?? []), ...(this.shipsFrom.get(id) ?? [])].flatMap(({ order, fulfillmentId }) => {
        const fulfillment = order.fulfillments.find((f) => f.id === fulfillmentId);
        return fulfillment && wanted.has(fulfillment.status) ? [{ ...fulfillment, order }] : [];
      });
      return oldestOrderFirst(work);
    });
  }

  async fulfillmentsById(ids: readonly string[]) {
    return ids.map((id) => {
      const order = this.orderOfFulfillment.get(id);
      const fulfillment = order?.fulfillments.find((f) => f.id === id);
      return order && fulfillment ? { ...fulfillment, order } : null;
    });
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
    // No await between the check and the write: in one process that makes the compare-and-set atomic.
    const order = this.orderOfFulfillment.get(move.fulfillmentId);
    const fulfillment = order?.fulfillments.find((f) => f.id === move.fulfillmentId);
    if (!order || !fulfillment || fulfillment.status !== move.from) return null;
    fulfillment.status = move.to;
    if (move.parkingSpot !== undefined) fulfillment.parkingSpot = move.parkingSpot;
    if (move.tracking) Object.assign(fulfillment, { carrier: move.tracking.carrier, trackingNumber: move.tracking.number });
    order.status = orderStatusOf(order.fulfillments);
    order.events.push(move.event);
    return this.recorded({ ...fulfillment, order }, events);
  }

  async attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    return associateIds.map((id) => {
      const sold = (this.ordersOfAssociate.get(id) ?? []).filter((order) => {
        const placed = Date.parse(order.placedAt);
        return order.status !== "CANCELLED" && placed >= start && placed < end;
      });
      return {
        orderCount: sold.length,
        total: sold.reduce((sum, order) => sum + orderTotal(order), 0),
        currencyCode: sold[0]?.currencyCode ?? DEFAULT_CURRENCY,
      };
    });
  }

  // ── fulfilment, returns and store sales ──
  // Every write below checks and changes with no await in between: in one process that is what makes it atomic.

  /** Which order each return belongs to. */
  private readonly orderOfReturn = new Map<string, OrderRecord>();
  /** The last order number handed out, as its numeric part; read from the seeded orders on first use. */
  private lastOrderNumber: number | null = null;

  /** Adds an order to every index the reads use; seeded and new orders alike. */
  private indexOrder(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.ordersByNumberMap.set(order.number, order);
    if (order.customerId) push(this.ordersOfCustomer, order.customerId, order);
    if (order.attribution.associateId) push(this.ordersOfAssociate, order.attribution.associateId, order);
    if (!order.customerId && order.contactEmail) push(this.guestOrdersOf, emailKey(order.contactEmail), order);
    if (order.orderToken) this.ordersByTokenMap.set(order.orderToken, order);
    for (const fulfillment of order.fulfillments) {
      this.orderOfFulfillment.set(fulfillment.id, order);
      if (fulfillment.pickupLocationId) push(this.pickupsAt, fulfillment.pickupLocationId, { order, fulfillmentId: fulfillment.id });
      if (fulfillment.method === "SHIP_TO_HOME" && fulfillment.originId) {
        push(this.shipsFrom, fulfillment.originId, { order, fulfillmentId: fulfillment.id });
      }
    }
    for (const ret of order.returns) this.orderOfReturn.set(ret.id, order);
  }

  async pickupsByCode(locationId: string, codes: readonly string[]) {
    const pickups = this.pickupsAt.get(locationId) ?? [];
    return codes.map((code) => {
      const matches: FulfillmentWithOrder[] = [];
      for (const { order, fulfillmentId } of pickups) {
        const fulfillment = order.fulfillments.find((f) => f.id === fulfillmentId);
        if (fulfillment && fulfillment.pickupCode !== null && fulfillment.pickupCode === code) matches.push({ ...fulfillment, order });
      }
      // Codes are short, so an old handed-over pickup may share one with a waiting pickup: the waiting one is meant.
      return matches.find((f) => OPEN_PICKUP_STATUSES.includes(f.status)) ?? matches[0] ?? null;
    });
  }

  async returnsById(ids: readonly string[]) {
    return ids.map((id) => {
      const order = this.orderOfReturn.get(id);
      const ret = order?.returns.find((r) => r.id === id);
      return order && ret ? { ...ret, order } : null;
    });
  }

  async createOrder(draft: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>): Promise<OrderRecord> {
    const existing = this.orders.get(draft.id);
    if (existing) return existing;
    this.lastOrderNumber ??= Math.max(100_000, ...[...this.ordersByNumberMap.keys()].map((n) => Number(/^OG-(\d+)$/.exec(n)?.[1] ?? 0)));
    this.lastOrderNumber += 1;
    const order: OrderRecord = { ...draft, number: `OG-${this.lastOrderNumber}` };
    this.assignPickupCodes(order);
    this.indexOrder(order);
    if (events) this.outbox.record(...events(order));
    return order;
  }

  async cancelOrder(
    change: {
      orderId: string;
      expected: readonly { fulfillmentId: string; status: FulfillmentStatusName }[];
      cancellation: { reason: string | null; at: string };
      event: OrderEventRecord;
    },
    events?: EventsOf<OrderRecord>,
  ) {
    const order = this.orders.get(change.orderId);
    if (!order || change.expected.length !== order.fulfillments.length) return null;
    const seen = new Map(change.expected.map((e) => [e.fulfillmentId, e.status]));
    if (order.fulfillments.some((f) => seen.get(f.id) !== f.status)) return null;
    const live = order.fulfillments.filter((f) => f.status !== "CANCELLED");
    for (const fulfillment of live) fulfillment.status = "CANCELLED";
    order.status = orderStatusOf(order.fulfillments);
    order.cancellation = { ...change.cancellation, fulfillmentIds: live.map((f) => f.id) };
    order.events.push(change.event);
    return this.recorded(order, events);
  }

  async addReturn(
    request: { orderId: string; ret: ReturnRecord; event: OrderEventRecord },
    events?: EventsOf<ReturnWithOrder>,
  ): Promise<AddReturnResult | null> {
    const order = this.orders.get(request.orderId);
    if (!order) return null;
    const ret = withMailReturnCode(order, request.ret);
    const refusal = returnRefusal(order, ret.lines);
    if (refusal) return { ok: false, ...refusal };
    order.returns.push(ret);
    order.events.push(request.event);
    this.orderOfReturn.set(ret.id, order);
    return { ok: true, return: this.recorded({ ...ret, order }, events) };
  }

  async receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
    const order = this.orderOfReturn.get(receipt.returnId);
    const ret = order?.returns.find((r) => r.id === receipt.returnId);
    if (!order || !ret || ret.status !== "REQUESTED") return null;
    applyReceipt(ret, receipt);
    order.events.push(receipt.event);
    return this.recorded({ ...ret, order }, events);
  }

  // ── carts and checkout ──
  // A cart is replaced, never changed in place, so a request that read it keeps a consistent copy; every write
  // checks and changes with no await in between, which is what makes it atomic in one process.

  /** Settlements by ref; those not finished are also in `due`, by ref, for the recovery worker's scan. */
  private readonly settlements = new Map<string, SettlementRecord>();
  private readonly leases = new Map<string, { holder: string; until: number }>();
  /** Refs of the settlements not finished: all the recovery worker's scan looks at. */
  private readonly unfinished = new Set<string>();

  async checkoutsByKey(keys: readonly string[]) {
    return this.settlementsByRef(keys.map((key) => settlementRef("CHECKOUT", key)));
  }

  async settlementsByRef(refs: readonly string[]) {
    return refs.map((ref) => {
      const settlement = this.settlements.get(ref);
      return settlement ? structuredClone(settlement) : null;
    });
  }

  async createCart(cart: CartRecord) {
    if (this.carts.has(cart.id)) throw new Error(`createCart expects a new cart id, "${cart.id}" exists`);
    this.carts.set(cart.id, cart);
    if (cart.customerId) this.activeCarts.set(cart.customerId, cart);
    return cart;
  }

  async updateCart(cartId: string, expectedVersion: number, change: CartChange): Promise<CartWrite> {
    const cart = this.carts.get(cartId);
    if (!cart) return { status: "NOT_FOUND" };
    const refusal = cartRefusal(cart, expectedVersion);
    if (refusal) return refusal;
    return { status: "UPDATED", cart: this.changeCart(cart, change) };
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
    const source = this.carts.get(merge.sourceId);
    if (!source) return { status: "NOT_FOUND" };
    const refusal = cartRefusal(source, merge.sourceVersion);
    if (refusal) return refusal;
    const active = this.activeCarts.get(merge.customerId) ?? null;
    if (source.customerId !== null || (active?.id ?? null) !== merge.targetId) return { status: "CHANGED", cart: source };
    if (!active)
      return {
        status: "UPDATED",
        cart: this.recorded(this.changeCart(source, { ...merge.change, customerId: merge.customerId, lines: merge.lines }), events),
      };
    const targetRefusal = cartRefusal(active, merge.targetVersion ?? -1);
    if (targetRefusal) return targetRefusal;
    this.carts.set(source.id, {
      ...source,
      customerId: merge.customerId,
      mergedIntoId: active.id,
      lastActiveChannel: merge.change.lastActiveChannel,
      updatedAt: merge.change.updatedAt,
      version: source.version + 1,
    });
    return { status: "UPDATED", cart: this.recorded(this.changeCart(active, { ...merge.change, lines: merge.lines }), events) };
  }

  async claimCheckout(key: string, cartId: string, cartVersion: number, dueAt: string): Promise<CheckoutClaim> {
    const ref = settlementRef("CHECKOUT", key);
    const known = this.settlements.get(ref);
    if (known && known.cartId !== cartId) return { status: "KEY_REUSED", checkout: structuredClone(known) };
    if (known && !canStartAgain(known)) return { status: isFinished(known) ? "DONE" : "IN_PROGRESS", checkout: structuredClone(known) };
    const cart = this.carts.get(cartId);
    if (!cart) return { status: "NOT_FOUND" };
    if (cart.orderId || cart.mergedIntoId) return { status: "CART_CLOSED", cart };
    if (cart.checkoutKey) return { status: "CART_BUSY", cart };
    if (cart.version !== cartVersion) return { status: "CART_CHANGED", cart };
    const checkout = newCheckout(key, cartId, dueAt, (known?.attempt ?? 0) + 1);
    this.settlements.set(ref, checkout);
    this.unfinished.add(ref);
    return { status: "CLAIMED", checkout: structuredClone(checkout), cart: this.putCart({ ...cart, checkoutKey: key }) };
  }

  async claimSale(sale: SettlementRecord) {
    const known = this.settlements.get(sale.ref) ?? null;
    if (known && !canStartAgain(known)) return { claimed: false, sale: structuredClone(known) };
    const started: SettlementRecord = { ...structuredClone(sale), attempt: (known?.attempt ?? 0) + 1 };
    this.settlements.set(sale.ref, started);
    this.unfinished.add(sale.ref);
    return { claimed: true, sale: structuredClone(started) };
  }

  async advanceSettlement(ref: string, from: SettlementState, attempt: number, next: SettlementStep) {
    const settlement = this.settlements.get(ref);
    if (!settlement || settlement.state !== from || settlement.attempt !== attempt) return null;
    const advanced = nextSettlement(settlement, next);
    this.settlements.set(ref, advanced);
    if (isFinished(advanced)) this.unfinished.delete(ref);
    if (advanced.cartId && advanced.state === "ORDERED" && advanced.orderId) this.closeCart(advanced.cartId, advanced.orderId);
    if (advanced.cartId && advanced.state === "UNWOUND") {
      const cart = this.carts.get(advanced.cartId);
      if (cart?.checkoutKey === advanced.key) this.putCart({ ...cart, checkoutKey: null });
    }
    return structuredClone(advanced);
  }

  async settlementsDue(now: string, limit: number) {
    const due = [...this.unfinished].map((ref) => this.settlements.get(ref)!).filter((s) => s.dueAt !== null && s.dueAt <= now);
    return due
      .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }

  async leaseSettlement(ref: string, holder: string, ttlMs: number) {
    const lease = this.leases.get(ref);
    if (lease && lease.holder !== holder && lease.until > Date.now()) return false;
    this.leases.set(ref, { holder, until: Date.now() + ttlMs });
    return true;
  }

  async releaseSettlementLease(ref: string, holder: string) {
    if (this.leases.get(ref)?.holder === holder) this.leases.delete(ref);
  }

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

  /** Closes a cart as checked out into `orderId`; the owner's next active cart is their most recently updated open one. */
  private closeCart(cartId: string, orderId: string): void {
    const cart = this.carts.get(cartId);
    if (!cart || cart.orderId) return;
    const closed: CartRecord = { ...cart, orderId, checkoutKey: null, version: cart.version + 1, updatedAt: new Date().toISOString() };
    this.carts.set(cartId, closed);
    if (cart.customerId && this.activeCarts.get(cart.customerId)?.id === cartId) {
      const open = [...this.carts.values()].filter((c) => c.customerId === cart.customerId && !c.orderId && !c.mergedIntoId);
      const latest = open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      if (latest) this.activeCarts.set(cart.customerId, latest);
      else this.activeCarts.delete(cart.customerId);
    }
  }

  /** Records a write's events in the outbox, in the same synchronous step as the write. */
  private recorded<T>(written: T, events: EventsOf<T> | undefined): T {
    if (events) this.outbox.record(...events(written));
    return written;
  }

  /** Applies a change as a new version; an owned cart becomes its owner's active cart (the most recently updated). */
  private changeCart(cart: CartRecord, change: CartChange): CartRecord {
    const next: CartRecord = { ...cart, ...change, version: cart.version + 1 };
    this.carts.set(next.id, next);
    if (next.customerId) this.activeCarts.set(next.customerId, next);
    return next;
  }

  /** Replaces a cart without making it anyone's active cart; an index that held the old copy gets the new one. */
  private putCart(next: CartRecord): CartRecord {
    this.carts.set(next.id, next);
    if (next.customerId && this.activeCarts.get(next.customerId)?.id === next.id) this.activeCarts.set(next.customerId, next);
    return next;
  }

  /** Gives each open pickup or curbside fulfillment that has no code one that no other open pickup has. */
  private assignPickupCodes(order: OrderRecord): void {
    const needing = order.fulfillments.filter(
      (f) => f.method !== "SHIP_TO_HOME" && f.pickupCode === null && OPEN_PICKUP_STATUSES.includes(f.status),
    );
    if (needing.length === 0) return;
    const taken = new Set<string>();
    for (const pickups of this.pickupsAt.values()) {
      for (const { order: other, fulfillmentId } of pickups) {
        const fulfillment = other.fulfillments.find((f) => f.id === fulfillmentId);
        if (fulfillment?.pickupCode && OPEN_PICKUP_STATUSES.includes(fulfillment.status)) taken.add(fulfillment.pickupCode);
      }
    }
    for (const fulfillment of needing) {
      let code = newPickupCode();
      while (taken.has(code)) code = newPickupCode();
      taken.add(code);
      fulfillment.pickupCode = code;
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
