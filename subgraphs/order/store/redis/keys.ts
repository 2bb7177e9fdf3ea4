import type { FulfillmentStatusName } from "../records/fulfilment.js";

/**
 * The order store's Redis keys. Every key is under one hash tag, so each script and MGET lands in one cluster slot
 * (and the whole order subgraph on one shard). The client's keyPrefix (per deployment or test) goes in front of these.
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
