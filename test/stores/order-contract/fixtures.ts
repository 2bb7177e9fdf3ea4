import { SalesChannel } from "../../../lib/channel.js";
import type { OrderSeed } from "../../../subgraphs/order/seed.js";
import type {
  CartLineRecord,
  CartRecord,
  FulfillmentRecord,
  FulfillmentStatusName,
  OrderEventRecord,
  OrderLineRecord,
  OrderRecord,
  OrderStore,
  ReturnRecord,
  SettlementRecord,
} from "../../../subgraphs/order/store/index.js";

/**
 * What every OrderStore story starts from: a small hand-made world, and builders of the records the stories write.
 * `instancesOf` gives several handles on one store's data, as several order-subgraph instances sharing one Redis would
 * have; the memory store, living in one process, can only hand back itself.
 */
export interface OrderStoreHarness {
  /** A store holding `seed` and nothing else, shared with no other call; anonymous carts lapsing as `options` say. */
  makeStore(seed: OrderSeed, options?: { anonymousCartTtlSeconds?: number }): Promise<OrderStore>;
  instancesOf(store: OrderStore, count: number): Promise<OrderStore[]>;
}

export const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();
export const event = (type: string, day = 20): OrderEventRecord => ({
  type,
  at: at(day),
  channel: SalesChannel.STORE,
  locationId: "store-1",
});

export function line(orderId: string, n: number, quantity: number, unitPrice: number, fulfillment: number): OrderLineRecord {
  return { id: `${orderId}-L${n}`, sku: `SKU-000${n}-01`, quantity, unitPrice, fulfillmentId: `${orderId}-F${fulfillment}` };
}

export function fulfillment(orderId: string, n: number, fields: Partial<FulfillmentRecord>): FulfillmentRecord {
  const pickupLocationId = fields.pickupLocationId ?? null;
  return {
    id: `${orderId}-F${n}`,
    method: pickupLocationId ? "PICKUP_IN_STORE" : "SHIP_TO_HOME",
    originId: pickupLocationId ?? "dc-1",
    pickupLocationId,
    status: "PENDING",
    pickupCode: null,
    trackingNumber: null,
    lineIds: [],
    ...fields,
  };
}

export function order(id: string, number: string, fields: Partial<OrderRecord>): OrderRecord {
  const base: OrderRecord = {
    id,
    number,
    customerId: null,
    channel: SalesChannel.WEB,
    placedAt: at(1),
    status: "PLACED",
    currencyCode: "USD",
    lines: [],
    shippingTotal: 0,
    shippingAddress: null,
    attribution: { channel: SalesChannel.WEB, locationId: null, associateId: null },
    fulfillments: [],
    returns: [],
    events: [event("ORDER_PLACED", 1)],
  };
  const built = { ...base, ...fields };
  for (const f of built.fulfillments) f.lineIds = built.lines.filter((l) => l.fulfillmentId === f.id).map((l) => l.id);
  return built;
}

export function cart(id: string, customerId: string | null, version: number, updatedDay: number): CartRecord {
  return {
    id,
    customerId,
    createdChannel: SalesChannel.WEB,
    lastActiveChannel: SalesChannel.WEB,
    currencyCode: "USD",
    lines: [cartLine(`${id}-L1`, "SKU-0001-01")],
    attribution: null,
    version,
    createdAt: at(updatedDay - 1),
    updatedAt: at(updatedDay),
  };
}

export function cartLine(id: string, sku: string, quantity = 1): CartLineRecord {
  return { id, sku, quantity, method: "SHIP_TO_HOME", locationId: null, shippingAddress: null, unitPrice: 1000 };
}

export const storeSale = { channel: SalesChannel.STORE, locationId: "store-1", associateId: "assoc-1" };

/**
 * Two customers at store-1 with orders in every state, an old handed-over pickup sharing its code with a waiting
 * one, a cancelled sale, a store-2 pickup whose code store-1 must not know, and carts old and new.
 */
export function world(): OrderSeed {
  return {
    orders: [
      order("order-1", "OG-100001", {
        customerId: "cust-a",
        channel: SalesChannel.STORE,
        placedAt: at(1),
        status: "FULFILLED",
        attribution: storeSale,
        lines: [line("order-1", 1, 2, 1000, 1), line("order-1", 2, 1, 500, 1)],
        fulfillments: [fulfillment("order-1", 1, { pickupLocationId: "store-1", status: "PICKED_UP", pickupCode: "BBB222" })],
        returns: [
          {
            id: "ret-1",
            method: "IN_STORE",
            dropOffLocationId: "store-1",
            status: "REQUESTED",
            lines: [{ orderLineId: "order-1-L1", quantity: 1 }],
            refund: null,
            requestedAt: at(2),
            receivedAt: null,
          },
        ],
      }),
      order("order-2", "OG-100002", {
        customerId: "cust-a",
        placedAt: at(2),
        status: "IN_PROGRESS",
        shippingTotal: 599,
        lines: [line("order-2", 1, 1, 2000, 1), line("order-2", 2, 1, 3000, 2)],
        fulfillments: [
          fulfillment("order-2", 1, { pickupLocationId: "store-1", status: "READY_FOR_PICKUP", pickupCode: "BBB222" }),
          fulfillment("order-2", 2, {}),
        ],
      }),
      order("order-3", "OG-100003", {
        customerId: "cust-b",
        channel: SalesChannel.STORE,
        placedAt: at(3),
        attribution: storeSale,
        lines: [line("order-3", 1, 3, 1500, 1)],
        fulfillments: [fulfillment("order-3", 1, { method: "CURBSIDE", pickupLocationId: "store-1", pickupCode: "CCC333" })],
      }),
      order("order-4", "OG-100004", {
        customerId: "cust-b",
        channel: SalesChannel.STORE,
        placedAt: at(3, 18),
        status: "CANCELLED",
        attribution: storeSale,
        lines: [line("order-4", 1, 1, 9900, 1)],
        fulfillments: [fulfillment("order-4", 1, { status: "CANCELLED" })],
      }),
      order("order-5", "OG-100007", {
        customerId: "cust-c",
        channel: SalesChannel.STORE,
        placedAt: at(5),
        attribution: { channel: SalesChannel.STORE, locationId: "store-2", associateId: "assoc-2" },
        lines: [line("order-5", 1, 1, 700, 1)],
        fulfillments: [fulfillment("order-5", 1, { pickupLocationId: "store-2", pickupCode: "DDD444" })],
      }),
      order("order-6", "OG-100005", {
        placedAt: at(1, 6),
        lines: [line("order-6", 1, 1, 100, 1)],
        fulfillments: [fulfillment("order-6", 1, {})],
      }),
    ],
    carts: [
      cart("cart-a1", "cust-a", 1, 10),
      cart("cart-a2", "cust-a", 3, 11),
      cart("cart-anon", null, 2, 9),
      cart("cart-b1", "cust-b", 1, 10),
    ],
  };
}

/** Due times for settlements, in order. */
export const EARLIER = at(24);
export const DUE = at(25);
export const LATER = at(26);

/** A till sale just claimed, as services/store-sale.ts records it. */
export function tillSale(ref: string, dueAt: string): SettlementRecord {
  return {
    ref,
    kind: "SALE",
    key: ref.split(":").slice(2).join(":"),
    cartId: null,
    state: "CLAIMED",
    attempt: 1,
    orderId: null,
    userErrors: [],
    createdAt: at(20),
    updatedAt: at(20),
    dueAt,
    reservation: null,
    authorization: null,
    draft: draft("order-sale"),
    holdLines: [
      { lineKey: "order-sale-L1", sku: "SKU-0001-01", quantity: 1, method: "PICKUP_IN_STORE", locationId: "store-1", shipTo: null },
    ],
    captureFailures: 0,
  };
}

/** A checkout's order as place-order builds it: no number, pickups without a code yet. */
export function draft(id: string, fields: Partial<OrderRecord> = {}): Omit<OrderRecord, "number"> {
  const { number: _, ...rest } = order(id, "", {
    customerId: "cust-a",
    placedAt: at(30),
    attribution: { channel: SalesChannel.WEB, locationId: "store-1", associateId: "assoc-1" },
    lines: [line(id, 1, 1, 1200, 1), line(id, 2, 2, 300, 2)],
    fulfillments: [fulfillment(id, 1, { pickupLocationId: "store-1" }), fulfillment(id, 2, {})],
    ...fields,
  });
  return rest;
}

export const change = (lines: CartLineRecord[], day = 15) => ({ lines, lastActiveChannel: SalesChannel.MOBILE_APP, updatedAt: at(day) });
export const ids = (records: readonly ({ id: string } | null)[]) => records.map((r) => r?.id ?? null);
export const PICKUP_CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;

export async function orderOf(store: OrderStore, id: string): Promise<OrderRecord> {
  const [found] = await store.ordersById([id]);
  if (!found) throw new Error(`order ${id} is missing`);
  return found;
}

export async function cartOf(store: OrderStore, id: string): Promise<CartRecord> {
  const [found] = await store.cartsById([id]);
  if (!found) throw new Error(`cart ${id} is missing`);
  return found;
}

export function move(fulfillmentId: string, from: FulfillmentStatusName, to: FulfillmentStatusName, parkingSpot?: string | null) {
  return { fulfillmentId, from, to, event: event(`MOVED_TO_${to}`), ...(parkingSpot !== undefined ? { parkingSpot } : {}) };
}

export function newReturn(id: string, lines: ReturnRecord["lines"]): ReturnRecord {
  return { id, method: "MAIL", dropOffLocationId: null, status: "REQUESTED", lines, refund: null, requestedAt: at(21), receivedAt: null };
}

/** A store holding the world and nothing else. */
export const freshStore = (harness: OrderStoreHarness) => () => harness.makeStore(world());
