import type { CheckoutError } from "../error-codes.js";
import type { SalesChannel } from "../../../lib/channel.js";
import type { DomainEvent } from "../../../lib/events.js";
import type { Outbox, OutboxLease } from "../../../lib/outbox.js";

export type OrderStatusName = "PLACED" | "IN_PROGRESS" | "PARTIALLY_FULFILLED" | "FULFILLED" | "CANCELLED";
export type FulfillmentMethodName = "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
export type FulfillmentStatusName =
  "PENDING" | "PICKING" | "PACKED" | "READY_FOR_PICKUP" | "CUSTOMER_ARRIVED" | "PICKED_UP" | "SHIPPED" | "DELIVERED" | "CANCELLED";
export type ReturnMethodName = "IN_STORE" | "MAIL";
export type ReturnStatusName = "REQUESTED" | "RECEIVED" | "REFUNDED";

/** Statuses of a pickup fulfillment that still needs a store's attention. */
export const OPEN_PICKUP_STATUSES: readonly FulfillmentStatusName[] = ["PENDING", "PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED"];

export interface AddressRecord {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

export interface AttributionRecord {
  channel: SalesChannel;
  locationId: string | null;
  associateId: string | null;
}

export interface OrderLineRecord {
  id: string;
  sku: string;
  quantity: number;
  /** Cents, as charged: the price list of the order's channel at the time it was placed. */
  unitPrice: number;
  fulfillmentId: string | null;
  /** Cents taken off the line by promotions and codes (absent: none); a return refunds the line net of it. */
  discount?: number;
  /** Cents of tax on the line after its discount (absent: none); a return refunds it in proportion. */
  tax?: number;
}

export interface FulfillmentRecord {
  id: string;
  method: FulfillmentMethodName;
  originId: string | null;
  pickupLocationId: string | null;
  status: FulfillmentStatusName;
  pickupCode: string | null;
  trackingNumber: string | null;
  /** The carrier of a shipment, named when it was shipped (absent on older shipments). */
  carrier?: string | null;
  lineIds: string[];
  /** Curbside: where the customer waits, once they reported arrival. */
  parkingSpot?: string | null;
}

export type ReturnReasonName = "DOES_NOT_FIT" | "DAMAGED_IN_TRANSIT" | "NOT_AS_DESCRIBED" | "CHANGED_MIND" | "OTHER";
export type ItemConditionName = "UNOPENED" | "LIKE_NEW" | "USED" | "DAMAGED";
export type ReturnDispositionName = "RESTOCK" | "DAMAGED" | "VENDOR_RETURN";

export interface ReturnLineRecord {
  orderLineId: string;
  quantity: number;
  /** What the customer said of the goods when asking (absent on older returns). */
  condition?: ItemConditionName | null;
  /** Where staff sent the units at receipt (absent until received; older returns went back to stock). */
  disposition?: ReturnDispositionName | null;
}

export interface ReturnRecord {
  id: string;
  method: ReturnMethodName;
  dropOffLocationId: string | null;
  status: ReturnStatusName;
  lines: ReturnLineRecord[];
  /** Cents refunded; null until the return is received. */
  refund: number | null;
  requestedAt: string;
  receivedAt: string | null;
  /** Why the customer sends the goods back (absent on older returns: read as OTHER). */
  reason?: ReturnReasonName | null;
  /** A mail return's authorization code, printed on the parcel; null in store. */
  rma?: string | null;
  /** A mail return's shipping label. */
  label?: { reference: string; url: string | null; carrier: string } | null;
  /** The staff member who received it. */
  receivedBy?: string | null;
}

export interface OrderEventRecord {
  type: string;
  at: string;
  channel: SalesChannel | null;
  locationId: string | null;
}

/** An order with everything that happens to it; fulfillments and returns live inside it and change with it. */
export interface OrderRecord {
  id: string;
  number: string;
  customerId: string | null;
  channel: SalesChannel;
  placedAt: string;
  status: OrderStatusName;
  currencyCode: string;
  lines: OrderLineRecord[];
  /** Cents. */
  shippingTotal: number;
  shippingAddress: AddressRecord | null;
  attribution: AttributionRecord;
  fulfillments: FulfillmentRecord[];
  returns: ReturnRecord[];
  /** Oldest first. */
  events: OrderEventRecord[];
  /** Cents off the order, merchandise and shipping (the lines' `discount` plus any free shipping); absent: none. */
  discountTotal?: number;
  /** What was taken off, by promotion, as the cart showed it. */
  discounts?: { promotionId: string; title: string; code: string | null; amount: number }[];
  /** Cents of tax, the lines' and shipping's; absent: none. */
  taxTotal?: number;
  taxLines?: { title: string; rateBps: number; amount: number }[];
  /** The ship-to-home option chosen (STANDARD, EXPRESS); absent for orders without shipping. */
  shippingOption?: string | null;
  /** Loyalty points spent as a discount: held in the customer service under `key` (the settlement's), given back on cancel or return. */
  loyaltyRedemption?: { key: string; points: number; amount: number } | null;
  /** Gift cards that paid part of the order (cents each): refunds go back to them first. */
  giftCards?: { code: string; amount: number }[];
  /** A till sale's tenders as rung up (cents each, adding up to the total); absent: paid by card (less any gift cards). */
  tenders?: { method: "CARD" | "CASH" | "GIFT_CARD"; amount: number; giftCardCode: string | null }[];
  /** The email a guest checked out with (as typed): how they find the order, and how it joins the account they register later. */
  contactEmail?: string | null;
  /** The opaque token the checkout answered (CheckoutPayload.orderToken): whoever holds it reads the order. Absent on older orders. */
  orderToken?: string | null;
  /** The payment authorization the order was paid with; refunds go back to it. Absent on seeded history. */
  paymentAuthorizationId?: string | null;
  /**
   * Set when cancelled through cancelOrder (absent on seeded history), with the fulfillments it stopped: a retried
   * cancel gives exactly their units back (idempotently) and finishes the refund.
   */
  cancellation?: { reason: string | null; at: string; fulfillmentIds: string[] } | null;
}

/** A fulfillment together with the order it belongs to, so its lines and order resolve without another read. */
export type FulfillmentWithOrder = FulfillmentRecord & { order: OrderRecord };

/** A return together with the order it belongs to, so its lines resolve without another read. */
export type ReturnWithOrder = ReturnRecord & { order: OrderRecord };

export interface CartLineRecord {
  id: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  locationId: string | null;
  shippingAddress: AddressRecord | null;
  /** Cents, snapshot of the price when the line was added; null when not yet priced. */
  unitPrice: number | null;
}

/** ANONYMOUS_CART_TTL_SECONDS' default: a week for a shopper to come back to a cart without signing in. */
export const DEFAULT_ANONYMOUS_CART_TTL_SECONDS = 7 * 86_400;

export interface CartRecord {
  id: string;
  customerId: string | null;
  createdChannel: SalesChannel;
  lastActiveChannel: SalesChannel;
  currencyCode: string;
  lines: CartLineRecord[];
  attribution: AttributionRecord | null;
  /** Bumped by every change, for optimistic concurrency. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The idempotency key of the checkout running on this cart: no other change until it ends. */
  checkoutKey?: string | null;
  /** The order this cart became; set, the cart is closed. */
  orderId?: string | null;
  /** The ship-to-home option the shopper selected; STANDARD when absent. */
  shippingOption?: "STANDARD" | "EXPRESS";
  /** Discount codes as entered, in that order. */
  discountCodes?: string[];
  /** Gift cards to pay with, in the order applied: each pays what it can of what is left. */
  giftCardCodes?: string[];
  /** Loyalty points the owner wants to spend on this cart; 0 or absent: none. */
  loyaltyPoints?: number;
  /** The customer's cart this anonymous cart was merged into; set, the cart is closed. */
  mergedIntoId?: string | null;
}

export interface SalesSummaryRecord {
  orderCount: number;
  /** Cents: the sum of the orders' totals. */
  total: number;
  currencyCode: string;
}

/**
 * Everything the order subgraph reads. Batched reads take many keys and answer one entry per key, in order, null
 * or [] where nothing exists. The resolvers only ever see this interface. Writes (carts, checkout, fulfillment
 * lifecycle, returns, store sales) join it with the mutations.
 */
export interface OrderStore {
  /**
   * Domain events recorded in the same step as the change they describe (each write below that takes `events`),
   * for the relay (lib/outbox.ts startOutboxRelay) to publish: a crash never loses one, nor publishes one for a change
   * that did not happen.
   */
  readonly outbox: Outbox;
  /** On Redis: the lease by which one relay at a time, across instances, works the outbox. */
  readonly outboxLease?: Omit<OutboxLease, "ttlMs">;
  ordersById(ids: readonly string[]): Promise<(OrderRecord | null)[]>;
  ordersByNumber(numbers: readonly string[]): Promise<(OrderRecord | null)[]>;
  /** Orders by their order token: null for an unknown token. */
  ordersByToken(tokens: readonly string[]): Promise<(OrderRecord | null)[]>;
  /**
   * Guest orders (no customer) whose contact email has this key (lib/text.ts emailKey) become `customerId`'s, each in
   * one step, indexed for ordersByCustomer; answers the ids joined. Idempotent: an order joined already, or belonging
   * to a customer, is left as it is, so a redelivered registration changes nothing.
   */
  joinGuestOrders(emailKey: string, customerId: string): Promise<string[]>;
  /** Every order of each customer, on every channel, newest first. */
  ordersByCustomer(customerIds: readonly string[]): Promise<OrderRecord[][]>;
  cartsById(ids: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Each customer's most recently updated cart. */
  activeCartByCustomer(customerIds: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Fulfillments to be handed over at each location with one of `statuses`, oldest order first. */
  pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]): Promise<FulfillmentWithOrder[][]>;
  /** Non-cancelled orders attributed to each associate with placedAt in [from, to) (ISO instants). */
  attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]>;
  /**
   * A location's work, oldest order first: pickups and curbside handed over there, and shipments leaving from there
   * (ship-from-store), with one of `statuses`.
   */
  fulfillmentQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]): Promise<FulfillmentWithOrder[][]>;
  /** Fulfillments with their order, by fulfillment id. */
  fulfillmentsById(ids: readonly string[]): Promise<(FulfillmentWithOrder | null)[]>;

  // ── writes: each is atomic, and checks what it changes is still as the caller saw it ──

  /**
   * Moves a fulfillment from `from` to `to`, recomputes its order's status and appends `event`, all at once.
   * Null when the fulfillment is gone or no longer in `from` (someone else moved it first).
   */
  moveFulfillment(
    move: {
      fulfillmentId: string;
      from: FulfillmentStatusName;
      to: FulfillmentStatusName;
      event: OrderEventRecord;
      /** Curbside arrival: recorded in the same step as the move. */
      parkingSpot?: string | null;
      /** Shipping: the carrier and tracking number, recorded in the same step as the move. */
      tracking?: { carrier: string; number: string } | null;
    },
    events?: EventsOf<FulfillmentWithOrder>,
  ): Promise<FulfillmentWithOrder | null>;

  // ── fulfilment, returns and store sales ──

  /**
   * Pickup and curbside fulfillments handed over at `locationId`, by pickup code: one entry per code, null when no
   * fulfillment picked up at that store has it (a code from another store is as unknown as a made-up one).
   */
  pickupsByCode(locationId: string, codes: readonly string[]): Promise<(FulfillmentWithOrder | null)[]>;
  /** Returns with their order, by return id. */
  returnsById(ids: readonly string[]): Promise<(ReturnWithOrder | null)[]>;
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
  cancelOrder(
    change: {
      orderId: string;
      expected: readonly { fulfillmentId: string; status: FulfillmentStatusName }[];
      cancellation: { reason: string | null; at: string };
      event: OrderEventRecord;
    },
    events?: EventsOf<OrderRecord>,
  ): Promise<OrderRecord | null>;
  /**
   * Adds a REQUESTED return to an order and appends `event`, checking in the same step that every line is handed over
   * and that no line would be returned more often than it was bought (returns already requested count), so two
   * concurrent requests can never return the same unit twice. Null when the order is gone.
   */
  addReturn(
    request: { orderId: string; ret: ReturnRecord; event: OrderEventRecord },
    events?: EventsOf<ReturnWithOrder>,
  ): Promise<AddReturnResult | null>;
  /**
   * Marks a REQUESTED return REFUNDED with `refund` and `receivedAt` and appends `event`, at once (compare-and-set on
   * REQUESTED). Null when the return is gone or was received already: a second receive changes nothing.
   */
  receiveReturn(receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>): Promise<ReturnWithOrder | null>;

  // ── carts and checkout ──

  /** Checkouts by idempotency key: null for a key never claimed. */
  checkoutsByKey(keys: readonly string[]): Promise<(CheckoutRecord | null)[]>;
  /** Settlements (checkouts and till sales) by ref (see `settlementRef`): null for one never started. */
  settlementsByRef(refs: readonly string[]): Promise<(SettlementRecord | null)[]>;
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
  mergeCarts(
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
  ): Promise<CartWrite>;
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

  // ── what a settlement spends besides card money: discount code uses and gift card balances ──

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

/** What one settlement spends besides the card payment. */
export interface Redemption {
  customerId: string | null;
  codes: { code: string; usageLimit: number | null; perCustomerLimit: number | null }[];
  giftCards: { code: string; amount: number }[];
}

export type RedemptionResult =
  | { status: "REDEEMED" }
  | { status: "REFUSED"; reason: "CODE_USED_UP" | "CODE_CUSTOMER_LIMIT" | "GIFT_CARD_BALANCE" | "GIFT_CARD_UNKNOWN"; code: string };

export interface GiftCardRecord {
  /** What the shopper types (upper case). */
  code: string;
  /** Cents left. */
  balance: number;
  initialBalance: number;
  currencyCode: string;
  issuedAt: string;
  /** The staff member who issued it. */
  issuedBy: string | null;
}

/**
 * The events a write records with its change, computed from what it wrote (a new order's number included); recorded
 * only when the change is applied. Their ids must be fixed by then, so a re-publish carries the same id.
 */
export type EventsOf<T> = (written: T) => DomainEvent[];

/** What a cart write sets; computed by the caller from the version it saw. */
export interface CartChange {
  lines?: CartLineRecord[];
  customerId?: string | null;
  currencyCode?: string;
  shippingOption?: "STANDARD" | "EXPRESS";
  discountCodes?: string[];
  giftCardCodes?: string[];
  loyaltyPoints?: number;
  lastActiveChannel: SalesChannel;
  updatedAt: string;
}

/** The outcome of a cart write: applied, or why not, with the cart as it now is. */
export type CartWrite =
  | { status: "UPDATED"; cart: CartRecord }
  /** The cart moved on since the caller read it (a stale expected version). */
  | { status: "CHANGED"; cart: CartRecord }
  /** Checked out or merged into another cart. */
  | { status: "CLOSED"; cart: CartRecord }
  /** A checkout holds the cart. */
  | { status: "CHECKING_OUT"; cart: CartRecord }
  | { status: "NOT_FOUND" };

/** A business failure of a checkout or till sale, as a userError: what a settlement records and answers (error-codes.ts). */
export type { CheckoutError };

/**
 * How far a checkout or till sale got, each step recorded before or after its side effect so that any instance can
 * resume it from the record alone: CLAIMED (key and cart held) → HELD (stock held: reservation recorded, with the
 * priced order draft) → AUTHORIZED (payment authorized: id and amount recorded) → COMMITTED (the units left) →
 * ORDERED (the order exists; a checkout's cart is closed) → DONE (payment captured). A refusal or failure before
 * ORDERED goes UNWINDING (userErrors recorded) → UNWOUND (hold released or committed units restocked, authorization
 * voided, cart free again). Nothing after ORDERED is ever undone.
 */
export type SettlementState = "CLAIMED" | "HELD" | "AUTHORIZED" | "COMMITTED" | "ORDERED" | "DONE" | "UNWINDING" | "UNWOUND";

/** States a settlement rests in for good. */
export const FINISHED_SETTLEMENT_STATES: readonly SettlementState[] = ["DONE", "UNWOUND"];

/** One stock hold of a settlement's reservation, as the inventory service answered it. */
export interface SettlementHold {
  lineKey: string;
  locationId: string;
  sku: string;
  quantity: number;
}

/** A checkout (by its client's idempotency key) or a till sale (by store and till key) and how far it got. */
export interface SettlementRecord {
  /** Where it is recorded: "checkout:<key>" or "sale:<locationId>:<key>" (see `settlementRef`). */
  ref: string;
  kind: "CHECKOUT" | "SALE";
  /** The client's idempotency key (a till sale without one gets a random key). */
  key: string;
  /** The cart a checkout holds; null for a till sale. */
  cartId: string | null;
  state: SettlementState;
  /** 1 for the first start; an UNWOUND key started again counts up, so each attempt holds stock and money under its own key. */
  attempt: number;
  /** The order's id once the order exists (ORDERED, DONE); null before and when unwound. */
  orderId: string | null;
  /** Why it was unwound: what a retry with the key answers. Empty otherwise. */
  userErrors: CheckoutError[];
  createdAt: string;
  updatedAt: string;
  /** When the recovery worker may take it over if nobody moves it on first; null once finished. */
  dueAt: string | null;
  /** Recorded at HELD: the reservation that holds the stock. */
  reservation: { reservationId: string; holds: SettlementHold[] } | null;
  /** Recorded at AUTHORIZED: the payment authorization and what it holds (cents). */
  authorization: { authorizationId: string; amount: number; currencyCode: string } | null;
  /** The priced order the settlement creates (a checkout's from HELD on, a till sale's from CLAIMED). */
  draft: Omit<OrderRecord, "number"> | null;
  /** Till sales: what to hold, recorded at CLAIMED (a checkout's come from its held cart). */
  holdLines: SettlementHoldLine[] | null;
  /** Failed captures so far: the next is retried with backoff. */
  captureFailures: number;
}

/** A line a settlement asks the inventory service to hold (the inventory client's ReservationLine). */
export interface SettlementHoldLine {
  lineKey: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  locationId: string | null;
  shipTo: { lat: number; lng: number } | null;
}

/** What one settlement step sets besides the new state; every field left out keeps its value. */
export type SettlementStep = { state: SettlementState; dueAt: string | null } & Partial<
  Pick<SettlementRecord, "orderId" | "userErrors" | "reservation" | "authorization" | "draft" | "captureFailures">
>;

/** A checkout's settlement: the name the checkout flow has always used. */
export type CheckoutRecord = SettlementRecord;

/** Where a settlement is recorded: checkouts by their key, till sales by store and key. */
export function settlementRef(kind: SettlementRecord["kind"], key: string, locationId?: string): string {
  return kind === "CHECKOUT" ? `checkout:${key}` : `sale:${locationId}:${key}`;
}

/** The outcome of claimCheckout. */
export type CheckoutClaim =
  | { status: "CLAIMED"; checkout: CheckoutRecord; cart: CartRecord }
  /** The key's settlement is running (or stopped half-way, for the recovery worker to finish). */
  | { status: "IN_PROGRESS"; checkout: CheckoutRecord }
  /** The key's settlement is DONE, with its order. */
  | { status: "DONE"; checkout: CheckoutRecord }
  /** The key belongs to a checkout of another cart. */
  | { status: "KEY_REUSED"; checkout: CheckoutRecord }
  | { status: "CART_CHANGED"; cart: CartRecord }
  | { status: "CART_CLOSED"; cart: CartRecord }
  /** Another key's checkout holds the cart. */
  | { status: "CART_BUSY"; cart: CartRecord }
  | { status: "NOT_FOUND" };

/** What receiveReturn records: the refund, who received it, and each line's disposition (by order line; absent: RESTOCK). */
export interface ReturnReceipt {
  returnId: string;
  refund: number;
  receivedAt: string;
  event: OrderEventRecord;
  receivedBy?: string | null;
  dispositions?: Record<string, ReturnDispositionName>;
}

/** A received return as recorded: status REFUNDED, refund, time, who, and each line's disposition. */
export function applyReceipt(ret: ReturnRecord, receipt: ReturnReceipt): void {
  ret.status = "REFUNDED";
  ret.refund = receipt.refund;
  ret.receivedAt = receipt.receivedAt;
  ret.receivedBy = receipt.receivedBy ?? null;
  ret.lines = ret.lines.map((line) => ({ ...line, disposition: receipt.dispositions?.[line.orderLineId] ?? "RESTOCK" }));
}

/** What addReturn did: the return created, or the first line that may not be returned and how much of it may. */
export type AddReturnResult =
  { ok: true; return: ReturnWithOrder } | { ok: false; code: ReturnRefusalCode; orderLineId: string; returnable: number };

/** Why a return line is refused: no such line, not handed over yet, or more units than remain returnable. */
export type ReturnRefusalCode = "UNKNOWN_ORDER_LINE" | "LINE_NOT_RETURNABLE" | "RETURN_QUANTITY_EXCEEDED";
