import type { SalesChannel } from "../../../lib/channel.js";

export type OrderStatusName = "PLACED" | "IN_PROGRESS" | "PARTIALLY_FULFILLED" | "FULFILLED" | "CANCELLED";
export type FulfillmentMethodName = "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
export type FulfillmentStatusName =
  | "PENDING"
  | "PICKING"
  | "READY_FOR_PICKUP"
  | "CUSTOMER_ARRIVED"
  | "PICKED_UP"
  | "SHIPPED"
  | "DELIVERED"
  | "CANCELLED";
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
}

export interface FulfillmentRecord {
  id: string;
  method: FulfillmentMethodName;
  originId: string | null;
  pickupLocationId: string | null;
  status: FulfillmentStatusName;
  pickupCode: string | null;
  trackingNumber: string | null;
  lineIds: string[];
}

export interface ReturnRecord {
  id: string;
  method: ReturnMethodName;
  dropOffLocationId: string | null;
  status: ReturnStatusName;
  lines: { orderLineId: string; quantity: number }[];
  /** Cents refunded; null until the return is received. */
  refund: number | null;
  requestedAt: string;
  receivedAt: string | null;
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
  ordersById(ids: readonly string[]): Promise<(OrderRecord | null)[]>;
  ordersByNumber(numbers: readonly string[]): Promise<(OrderRecord | null)[]>;
  /** Every order of each customer, on every channel, newest first. */
  ordersByCustomer(customerIds: readonly string[]): Promise<OrderRecord[][]>;
  cartsById(ids: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Each customer's most recently updated cart. */
  activeCartByCustomer(customerIds: readonly string[]): Promise<(CartRecord | null)[]>;
  /** Fulfillments to be handed over at each location with one of `statuses`, oldest order first. */
  pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]): Promise<FulfillmentWithOrder[][]>;
  /** Non-cancelled orders attributed to each associate with placedAt in [from, to) (ISO instants). */
  attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]>;
  /** Fulfillments with their order, by fulfillment id. */
  fulfillmentsById(ids: readonly string[]): Promise<(FulfillmentWithOrder | null)[]>;

  // ── writes: each is atomic, and checks what it changes is still as the caller saw it ──

  /**
   * Moves a fulfillment from `from` to `to`, recomputes its order's status and appends `event`, all at once.
   * Null when the fulfillment is gone or no longer in `from` (someone else moved it first).
   */
  moveFulfillment(move: { fulfillmentId: string; from: FulfillmentStatusName; to: FulfillmentStatusName; event: OrderEventRecord }): Promise<FulfillmentWithOrder | null>;
}
