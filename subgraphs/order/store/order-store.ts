import type { DomainEvent } from "../../../lib/events.js";
import type { Outbox, OutboxLease } from "../../../lib/outbox.js";
import type { CartChange, CartLineRecord, CartRecord, CartWrite } from "./records/carts.js";
import type { FulfillmentStatusName } from "./records/fulfilment.js";
import type { GiftCardRecord, Redemption, RedemptionResult } from "./records/gift-cards.js";
import type { FulfillmentWithOrder, OrderEventRecord, OrderRecord, ReturnWithOrder, SalesSummaryRecord } from "./records/orders.js";
import type { AddReturnResult, ReturnReceipt } from "./records/return-requests.js";
import type { ReturnRecord } from "./records/returns.js";
import type { CheckoutClaim, CheckoutRecord, SettlementRecord, SettlementState, SettlementStep } from "./records/settlement.js";

/**
 * Everything the order subgraph reads and writes, one sub-interface per concern (orders, fulfilment work, returns,
 * carts, settlements, redemptions) joined as OrderStore; the resolvers only ever see OrderStore. Batched reads take
 * many keys and answer one entry per key, in order, null or [] where nothing exists. Every write is atomic, and checks
 * that what it changes is still as the caller saw it. Also the named arguments of the larger writes.
 */

/**
 * The events a write records with its change, computed from what it wrote (a new order's number included); recorded
 * only when the change is applied. Their ids must be fixed by then, so a re-publish carries the same id.
 */
export type EventsOf<T> = (written: T) => DomainEvent[];

/** What moveFulfillment changes. */
export interface FulfillmentMove {
  fulfillmentId: string;
  from: FulfillmentStatusName;
  to: FulfillmentStatusName;
  event: OrderEventRecord;
  /** Curbside arrival: recorded in the same step as the move. */
  parkingSpot?: string | null;
  /** Shipping: the carrier and tracking number, recorded in the same step as the move. */
  tracking?: { carrier: string; number: string } | null;
}

/** What cancelOrder changes: the order, each fulfillment's status as the caller saw it, and what to record. */
export interface OrderCancellation {
  orderId: string;
  expected: readonly { fulfillmentId: string; status: FulfillmentStatusName }[];
  cancellation: { reason: string | null; at: string };
  event: OrderEventRecord;
}

/** What addReturn adds to an order. */
export interface ReturnRequest {
  orderId: string;
  ret: ReturnRecord;
  event: OrderEventRecord;
}

/** What mergeCarts takes: the anonymous source, the customer's active cart (null: none) as the caller saw them. */
export interface CartMerge {
  sourceId: string;
  sourceVersion: number;
  targetId: string | null;
  targetVersion: number | null;
  customerId: string;
  lines: CartLineRecord[];
  change: Omit<CartChange, "lines" | "customerId">;
}

export interface OrderReads {
  ordersById(ids: readonly string[]): Promise<(OrderRecord | null)[]>;
  ordersByNumber(numbers: readonly string[]): Promise<(OrderRecord | null)[]>;
  /** Orders by their order token: null for an unknown token. */
  ordersByToken(tokens: readonly string[]): Promise<(OrderRecord | null)[]>;
  /** Every order of each customer, on every channel, newest first. */
  ordersByCustomer(customerIds: readonly string[]): Promise<OrderRecord[][]>;
  /** Non-cancelled orders attributed to each associate with placedAt in [from, to) (ISO instants). */
  attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]>;
}

export interface OrderWrites {
  /**
   * Creates an order and gives it the next order number, indexing it for every read, in one step. Idempotent on
   * `order.id`: when an order with that id exists, it is returned unchanged and nothing is created. In the same step,
   * each open pickup or curbside fulfillment with a null pickupCode gets a 6-character code no other open pickup has.
   */
  createOrder(order: Omit<OrderRecord, "number">, events?: EventsOf<OrderRecord>): Promise<OrderRecord>;
  /**
   * Cancels an order: every fulfillment → CANCELLED, the order → CANCELLED, `cancellation` recorded (with the
   * fulfillments that were still live) and `event` appended, at once — only if each fulfillment is still in the status the caller saw (`expected`, one entry per
   * fulfillment). Null when the order is gone or anything moved since (someone shipped or handed it over first).
   */
  cancelOrder(change: OrderCancellation, events?: EventsOf<OrderRecord>): Promise<OrderRecord | null>;
  /**
   * Guest orders (no customer) whose contact email has this key (lib/text.ts emailKey) become `customerId`'s, each in
   * one step, indexed for ordersByCustomer; answers the ids joined. Idempotent: an order joined already, or belonging
   * to a customer, is left as it is, so a redelivered registration changes nothing.
   */
  joinGuestOrders(emailKey: string, customerId: string): Promise<string[]>;
}

export interface FulfilmentWork {
  /** Fulfillments with their order, by fulfillment id. */
  fulfillmentsById(ids: readonly string[]): Promise<(FulfillmentWithOrder | null)[]>;
  /** Fulfillments to be handed over at each location with one of `statuses`, oldest order first. */
  pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]): Promise<FulfillmentWithOrder[][]>;
  /**
   * A location's work, oldest order first: pickups and curbside handed over there, and shipments leaving from there
   * (ship-from-store), with one of `statuses`.
   */
  fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]): Promise<FulfillmentWithOrder[][]>;
  /**
   * Pickup and curbside fulfillments handed over at `locationId`, by pickup code: one entry per code, null when no
   * fulfillment picked up at that store has it (a code from another store is as unknown as a made-up one).
   */
  pickupsByCode(locationId: string, codes: readonly string[]): Promise<(FulfillmentWithOrder | null)[]>;
  /**
   * Moves a fulfillment from `from` to `to`, recomputes its order's status and appends `event`, all at once.
   * Null when the fulfillment is gone or no longer in `from` (someone else moved it first).
   */
  moveFulfillment(move: FulfillmentMove, events?: EventsOf<FulfillmentWithOrder>): Promise<FulfillmentWithOrder | null>;
}

export interface ReturnWork {
  /** Returns with their order, by return id. */
  returnsById(ids: readonly string[]): Promise<(ReturnWithOrder | null)[]>;
  /**
   * Adds a REQUESTED return to an order and appends `event`, checking in the same step that every line is handed over
   * and that no line would be returned more often than it was bought (returns already requested count), so two
   * concurrent requests can never return the same unit twice. Null when the order is gone.
   */
  addReturn(request: ReturnRequest, events?: EventsOf<ReturnWithOrder>): Promise<AddReturnResult | null>;
  /**
   * Marks a REQUESTED return REFUNDED with `refund` and `receivedAt` and appends `event`, at once (compare-and-set on
   * REQUESTED). Null when the return is gone or was received already: a second receive changes nothing.
   */
  receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>): Promise<ReturnWithOrder | null>;
}

export interface CartWork {
  cartsById(ids: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Each customer's most recently updated cart. */
  activeCartByCustomer(customerIds: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Stores a new cart (its id must be new); a cart with an owner becomes their active cart, in the same step. */
  createCart(cart: CartRecord): Promise<CartRecord>;
  /**
   * Compare-and-set: applies `change`, bumps the version and sets updatedAt, only while the cart is still at
   * `expectedVersion`, open, and held by no checkout; an owned cart becomes its owner's active cart in the same step.
   * Otherwise nothing changes and the answer says why, with the cart as it is.
   */
  updateCart(cartId: string, expectedVersion: number, change: CartChange): Promise<CartWrite>;
  /**
   * A customer claims an anonymous cart, in one step. With `targetId` (the customer's active cart, as the caller saw
   * it): the target takes `lines` and the source is closed as merged into it. With `targetId` null: the source
   * becomes the customer's, with `lines`, and their active cart. Both carts must still be at the versions the caller
   * saw, open and held by no checkout, the source still anonymous, and the customer's active cart still `targetId`;
   * otherwise nothing changes ("CHANGED": read again and retry).
   */
  mergeCarts(merge: CartMerge, events?: EventsOf<CartRecord>): Promise<CartWrite>;
}

export interface SettlementWork {
  /** Checkouts by idempotency key: null for a key never claimed. */
  checkoutsByKey(keys: readonly string[]): Promise<(CheckoutRecord | null)[]>;
  /** Settlements (checkouts and till sales) by ref (see `settlementRef`): null for one never started. */
  settlementsByRef(refs: readonly string[]): Promise<(SettlementRecord | null)[]>;
  /**
   * Starts a checkout under an idempotency key, in one step. A key already known answers for itself: IN_PROGRESS while
   * its settlement runs (ORDERED included: it has its order), DONE once finished with its order, or KEY_REUSED for
   * another cart; an UNWOUND key may start again (the next attempt). A start needs the cart at `cartVersion`, open and
   * held by no other checkout; it then records the key CLAIMED (due for recovery at `dueAt`) and holds the cart, so no
   * cart change slips in between pricing and the order.
   */
  claimCheckout(key: string, cartId: string, cartVersion: number, dueAt: string): Promise<CheckoutClaim>;
  /**
   * Starts a till sale: records `sale` (state CLAIMED) when its ref is new, or as the next attempt when the sale
   * recorded under it was UNWOUND; otherwise answers that sale, unchanged. One step, so one till key settles once
   * however often it is sent.
   */
  claimSale(sale: SettlementRecord): Promise<{ claimed: boolean; sale: SettlementRecord }>;
  /**
   * Compare-and-set on the recorded state: applies `next` only while the settlement is still in `from` (and at
   * `attempt`), in one step, and answers the new record; null when it moved on (another instance or the recovery
   * worker got there first) or does not exist. Reaching ORDERED closes its cart as checked out into the order (it is
   * nobody's active cart any more); reaching UNWOUND lets go of its cart; reaching DONE or UNWOUND takes it off the
   * recovery index (dueAt null).
   */
  advanceSettlement(ref: string, from: SettlementState, attempt: number, next: SettlementStep): Promise<SettlementRecord | null>;
  /** Unfinished settlements whose `dueAt` is at or before `now`, soonest due first, at most `limit`. */
  settlementsDue(now: string, limit: number): Promise<SettlementRecord[]>;
  /**
   * A lease on one settlement for `ttlMs`, so one recovery worker at a time works it across instances: true when
   * `holder` has it now (taken, or held already and renewed). Redis: SET NX PX; memory: a map with expiry.
   */
  leaseSettlement(ref: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives a lease back, only while `holder` still has it. */
  releaseSettlementLease(ref: string, holder: string): Promise<void>;
}

/** What a settlement spends besides card money: discount code uses and gift card balances. */
export interface RedemptionWork {
  /**
   * Spends, in one atomic step under a settlement's attempt key: one use of each code (within its usage limit and the
   * customer's) and each gift card's amount (within its balance). All or nothing. Idempotent on `key`: a redemption
   * recorded under it answers REDEEMED again without spending twice (a released one is not spent again either).
   */
  redeem(key: string, redemption: Redemption): Promise<RedemptionResult>;
  /** Gives back what `redeem` spent under `key`, once; nothing when nothing was (or it was given back already). */
  releaseRedemption(key: string): Promise<void>;
  /** Orders that used each code so far (normalized codes). */
  discountCodeUses(codes: readonly string[]): Promise<number[]>;
  /** Issues a new gift card; false when the code exists. */
  issueGiftCard(card: GiftCardRecord): Promise<boolean>;
  giftCardsByCode(codes: readonly string[]): Promise<(GiftCardRecord | null)[]>;
  /** Puts `amount` back on a gift card (a return or cancellation), once per `key`. */
  refundGiftCard(key: string, code: string, amount: number): Promise<void>;
}

/** The whole order store: every concern above, and the outbox its writes record their events in. */
export interface OrderStore extends OrderReads, OrderWrites, FulfilmentWork, ReturnWork, CartWork, SettlementWork, RedemptionWork {
  /**
   * Domain events recorded in the same step as the change they describe (each write that takes `events`), for the
   * relay (lib/outbox.ts startOutboxRelay) to publish: a crash never loses one, nor publishes one for a change that
   * did not happen.
   */
  readonly outbox: Outbox;
  /** On Redis: the lease by which one relay at a time, across instances, works the outbox. */
  readonly outboxLease?: Omit<OutboxLease, "ttlMs">;
}
