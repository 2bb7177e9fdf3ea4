import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import type { OrderSeed } from "../../subgraphs/order/seed.js";
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
} from "../../subgraphs/order/store/index.js";
import { OPEN_PICKUP_STATUSES } from "../../subgraphs/order/store/index.js";

/**
 * What every OrderStore must do, whatever holds the data: the memory store and the Redis store run the same stories
 * on a small hand-made world. `instancesOf` gives several handles on one store's data, as several order-subgraph
 * instances sharing one Redis would have; the memory store, living in one process, can only hand back itself.
 */
export interface OrderStoreHarness {
  /** A store holding `seed` and nothing else, shared with no other call; anonymous carts lapsing as `options` say. */
  makeStore(seed: OrderSeed, options?: { anonymousCartTtlSeconds?: number }): Promise<OrderStore>;
  instancesOf(store: OrderStore, count: number): Promise<OrderStore[]>;
}

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();
const event = (type: string, day = 20): OrderEventRecord => ({ type, at: at(day), channel: SalesChannel.STORE, locationId: "store-1" });

function line(orderId: string, n: number, quantity: number, unitPrice: number, fulfillment: number): OrderLineRecord {
  return { id: `${orderId}-L${n}`, sku: `SKU-000${n}-01`, quantity, unitPrice, fulfillmentId: `${orderId}-F${fulfillment}` };
}

function fulfillment(orderId: string, n: number, fields: Partial<FulfillmentRecord>): FulfillmentRecord {
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

function cart(id: string, customerId: string | null, version: number, updatedDay: number): CartRecord {
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

function cartLine(id: string, sku: string, quantity = 1): CartLineRecord {
  return { id, sku, quantity, method: "SHIP_TO_HOME", locationId: null, shippingAddress: null, unitPrice: 1000 };
}

const storeSale = { channel: SalesChannel.STORE, locationId: "store-1", associateId: "assoc-1" };

/**
 * Two customers at store-1 with orders in every state, an old handed-over pickup sharing its code with a waiting
 * one, a cancelled sale, a store-2 pickup whose code store-1 must not know, and carts old and new.
 */
function world(): OrderSeed {
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
const EARLIER = at(24);
const DUE = at(25);
const LATER = at(26);

/** A till sale just claimed, as services/store-sale.ts records it. */
function tillSale(ref: string, dueAt: string): SettlementRecord {
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
function draft(id: string, fields: Partial<OrderRecord> = {}): Omit<OrderRecord, "number"> {
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

const change = (lines: CartLineRecord[], day = 15) => ({ lines, lastActiveChannel: SalesChannel.MOBILE_APP, updatedAt: at(day) });
const ids = (records: readonly ({ id: string } | null)[]) => records.map((r) => r?.id ?? null);
const PICKUP_CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;

async function orderOf(store: OrderStore, id: string): Promise<OrderRecord> {
  const [found] = await store.ordersById([id]);
  if (!found) throw new Error(`order ${id} is missing`);
  return found;
}

async function cartOf(store: OrderStore, id: string): Promise<CartRecord> {
  const [found] = await store.cartsById([id]);
  if (!found) throw new Error(`cart ${id} is missing`);
  return found;
}

function move(fulfillmentId: string, from: FulfillmentStatusName, to: FulfillmentStatusName, parkingSpot?: string | null) {
  return { fulfillmentId, from, to, event: event(`MOVED_TO_${to}`), ...(parkingSpot !== undefined ? { parkingSpot } : {}) };
}

function newReturn(id: string, lines: ReturnRecord["lines"]): ReturnRecord {
  return { id, method: "MAIL", dropOffLocationId: null, status: "REQUESTED", lines, refund: null, requestedAt: at(21), receivedAt: null };
}

export function orderStoreContract(name: string, harness: OrderStoreHarness): void {
  const fresh = () => harness.makeStore(world());

  describe(`${name} order store: reads`, () => {
    it("finds orders by id and by number, null where unknown, one answer per key in order", async () => {
      const store = await fresh();
      expect(ids(await store.ordersById(["order-2", "nope", "order-1", "order-2"]))).toEqual(["order-2", null, "order-1", "order-2"]);
      expect(ids(await store.ordersByNumber(["OG-100003", "OG-999999", "OG-100007"]))).toEqual(["order-3", null, "order-5"]);
      expect(await store.ordersById([])).toEqual([]);
      expect(await orderOf(store, "order-2")).toEqual(world().orders[1]);
    });

    it("lists each customer's orders on every channel, newest first", async () => {
      const store = await fresh();
      const lists = await store.ordersByCustomer(["cust-a", "cust-b", "nobody"]);
      expect(lists.map(ids)).toEqual([["order-2", "order-1"], ["order-4", "order-3"], []]);
    });

    it("reads carts by id and each customer's most recently updated cart", async () => {
      const store = await fresh();
      expect(ids(await store.cartsById(["cart-anon", "nope"]))).toEqual(["cart-anon", null]);
      expect(ids(await store.activeCartByCustomer(["cust-a", "cust-b", "nobody"]))).toEqual(["cart-a2", "cart-b1", null]);
      expect((await store.activeCartByCustomer(["cust-a"]))[0]).toEqual(world().carts[1]);
    });

    it("queues a store's pickups by status, oldest order first, each with its order", async () => {
      const store = await fresh();
      const open = await store.pickupQueue(["store-1", "store-2", "store-9"], OPEN_PICKUP_STATUSES);
      expect(open.map(ids)).toEqual([["order-2-F1", "order-3-F1"], ["order-5-F1"], []]);
      expect(open[0][0].order.id).toBe("order-2");
      expect(open[0][1]).toMatchObject({ method: "CURBSIDE", status: "PENDING", pickupCode: "CCC333", order: { id: "order-3" } });
      expect((await store.pickupQueue(["store-1"], ["PICKED_UP"])).map(ids)).toEqual([["order-1-F1"]]);
      expect((await store.pickupQueue(["store-1"], ["READY_FOR_PICKUP", "PICKED_UP", "READY_FOR_PICKUP"])).map(ids)).toEqual([
        ["order-1-F1", "order-2-F1"],
      ]);
      expect(await store.pickupQueue(["store-1", "store-2"], [])).toEqual([[], []]);
    });

    it("sums an associate's non-cancelled sales placed in [from, to)", async () => {
      const store = await fresh();
      const sales = await store.attributedSales(["assoc-1", "assoc-2", "assoc-9"], at(1), at(4));
      // order-1 (2 × 1000 + 500) and order-3 (3 × 1500); order-4 is cancelled.
      expect(sales).toEqual([
        { orderCount: 2, total: 7000, currencyCode: "USD" },
        { orderCount: 0, total: 0, currencyCode: "USD" },
        { orderCount: 0, total: 0, currencyCode: "USD" },
      ]);
      // The end is exclusive: order-3 was placed exactly at it.
      expect(await store.attributedSales(["assoc-1"], at(1), at(3))).toEqual([{ orderCount: 1, total: 2500, currencyCode: "USD" }]);
      expect(await store.attributedSales(["assoc-2"], at(1), at(31))).toEqual([{ orderCount: 1, total: 700, currencyCode: "USD" }]);
    });

    it("finds fulfillments and returns by id, with their order", async () => {
      const store = await fresh();
      const [shipped, unknown] = await store.fulfillmentsById(["order-2-F2", "nope"]);
      expect(unknown).toBeNull();
      expect(shipped).toMatchObject({
        id: "order-2-F2",
        method: "SHIP_TO_HOME",
        status: "PENDING",
        order: { id: "order-2", number: "OG-100002" },
      });
      const [ret, none] = await store.returnsById(["ret-1", "nope"]);
      expect(none).toBeNull();
      expect(ret).toMatchObject({ id: "ret-1", status: "REQUESTED", order: { id: "order-1" } });
    });

    it("finds pickups by code at one store only, the waiting one before an old one with the same code", async () => {
      const store = await fresh();
      const found = await store.pickupsByCode("store-1", ["BBB222", "CCC333", "DDD444", "ZZZZZZ"]);
      expect(ids(found)).toEqual(["order-2-F1", "order-3-F1", null, null]);
      expect(found[0]!.order.id).toBe("order-2");
      expect(ids(await store.pickupsByCode("store-2", ["DDD444"]))).toEqual(["order-5-F1"]);
      expect(await store.pickupsByCode("store-1", [])).toEqual([]);
    });

    it("knows no checkout by a key never claimed", async () => {
      const store = await fresh();
      expect(await store.checkoutsByKey(["never", "claimed"])).toEqual([null, null]);
    });
  });

  describe(`${name} order store: orders, fulfilment and returns`, () => {
    it("numbers a new order after the highest number held and files it for every read", async () => {
      const store = await fresh();
      const created = await store.createOrder(draft("order-new"));
      expect(created.number).toBe("OG-100008");
      const [pickup, shipped] = created.fulfillments;
      expect(pickup.pickupCode).toMatch(PICKUP_CODE);
      expect(["BBB222", "CCC333", "DDD444"]).not.toContain(pickup.pickupCode);
      expect(shipped.pickupCode).toBeNull();

      expect(await orderOf(store, "order-new")).toEqual(created);
      expect(ids(await store.ordersByNumber(["OG-100008"]))).toEqual(["order-new"]);
      expect(ids((await store.ordersByCustomer(["cust-a"]))[0])).toEqual(["order-new", "order-2", "order-1"]);
      expect(ids((await store.pickupQueue(["store-1"], ["PENDING"]))[0])).toEqual(["order-3-F1", "order-new-F1"]);
      expect(ids(await store.pickupsByCode("store-1", [pickup.pickupCode!]))).toEqual(["order-new-F1"]);
      expect((await store.fulfillmentsById(["order-new-F2"]))[0]).toMatchObject({ status: "PENDING", order: { number: "OG-100008" } });
      expect((await store.attributedSales(["assoc-1"], at(29), at(31)))[0]).toEqual({ orderCount: 1, total: 1800, currencyCode: "USD" });
      expect((await store.createOrder(draft("order-next"))).number).toBe("OG-100009");
    });

    it("creates an order once per id: a retry gets the same order and burns no number", async () => {
      const store = await fresh();
      const first = await store.createOrder(draft("order-once"));
      const again = await store.createOrder({ ...draft("order-once"), shippingTotal: 12345 });
      expect(again).toEqual(first);
      expect((await store.ordersByCustomer(["cust-a"]))[0]).toHaveLength(3);
      expect((await store.createOrder(draft("order-other"))).number).toBe("OG-100009");
    });

    it("moves a fulfillment, recomputes the order's status and appends the event, at once", async () => {
      const store = await fresh();
      const moved = await store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING"));
      expect(moved).toMatchObject({ id: "order-3-F1", status: "PICKING", order: { id: "order-3", status: "IN_PROGRESS" } });
      const stored = await orderOf(store, "order-3");
      expect(stored.status).toBe("IN_PROGRESS");
      expect(stored.events.map((e) => e.type)).toEqual(["ORDER_PLACED", "MOVED_TO_PICKING"]);
      expect(ids((await store.pickupQueue(["store-1"], ["PICKING"]))[0])).toEqual(["order-3-F1"]);
      expect(ids((await store.pickupQueue(["store-1"], ["PENDING"]))[0])).toEqual([]);

      // Part handed over, then all of it.
      expect((await store.moveFulfillment(move("order-2-F1", "READY_FOR_PICKUP", "PICKED_UP")))!.order.status).toBe("PARTIALLY_FULFILLED");
      await store.moveFulfillment(move("order-2-F2", "PENDING", "PICKING"));
      await store.moveFulfillment(move("order-2-F2", "PICKING", "SHIPPED"));
      expect((await store.moveFulfillment(move("order-2-F2", "SHIPPED", "DELIVERED")))!.order.status).toBe("FULFILLED");
      // With the waiting pickup handed over, its code finds the oldest pickup that had it.
      expect(ids(await store.pickupsByCode("store-1", ["BBB222"]))).toEqual(["order-1-F1"]);
    });

    it("moves nothing from a status the fulfillment has left, nor an unknown one", async () => {
      const store = await fresh();
      expect(await store.moveFulfillment(move("order-3-F1", "PICKING", "READY_FOR_PICKUP"))).toBeNull();
      expect(await store.moveFulfillment(move("nope", "PENDING", "PICKING"))).toBeNull();
      expect(await orderOf(store, "order-3")).toEqual(world().orders[2]);
    });

    it("records a curbside customer's parking spot with the move", async () => {
      const store = await fresh();
      await store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING"));
      await store.moveFulfillment(move("order-3-F1", "PICKING", "READY_FOR_PICKUP"));
      const arrived = await store.moveFulfillment(move("order-3-F1", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED", "Bay 7"));
      expect(arrived).toMatchObject({ status: "CUSTOMER_ARRIVED", parkingSpot: "Bay 7" });
      expect((await store.fulfillmentsById(["order-3-F1"]))[0]).toMatchObject({ parkingSpot: "Bay 7", order: { status: "IN_PROGRESS" } });
      expect(ids((await store.pickupQueue(["store-1"], OPEN_PICKUP_STATUSES))[0])).toEqual(["order-2-F1", "order-3-F1"]);
    });

    it("cancels an order only as the caller saw it, recording what it stopped", async () => {
      const store = await fresh();
      const cancellation = { reason: "changed my mind", at: at(20) };
      const seen = [
        { fulfillmentId: "order-2-F1", status: "READY_FOR_PICKUP" as const },
        { fulfillmentId: "order-2-F2", status: "PENDING" as const },
      ];
      expect(
        await store.cancelOrder({
          orderId: "order-2",
          expected: [seen[0], { ...seen[1], status: "PICKING" }],
          cancellation,
          event: event("ORDER_CANCELLED"),
        }),
      ).toBeNull();
      expect(
        await store.cancelOrder({ orderId: "order-2", expected: [seen[0]], cancellation, event: event("ORDER_CANCELLED") }),
      ).toBeNull();
      expect(await store.cancelOrder({ orderId: "nope", expected: [], cancellation, event: event("ORDER_CANCELLED") })).toBeNull();
      expect((await orderOf(store, "order-2")).status).toBe("IN_PROGRESS");

      const cancelled = await store.cancelOrder({ orderId: "order-2", expected: seen, cancellation, event: event("ORDER_CANCELLED") });
      expect(cancelled).toMatchObject({
        status: "CANCELLED",
        cancellation: { ...cancellation, fulfillmentIds: ["order-2-F1", "order-2-F2"] },
      });
      expect(cancelled!.fulfillments.map((f) => f.status)).toEqual(["CANCELLED", "CANCELLED"]);
      expect(await orderOf(store, "order-2")).toEqual(cancelled);
      expect(ids((await store.pickupQueue(["store-1"], OPEN_PICKUP_STATUSES))[0])).toEqual(["order-3-F1"]);
      expect(ids((await store.pickupQueue(["store-1"], ["CANCELLED"]))[0])).toEqual(["order-2-F1"]);
      // A retry finds the fulfillments moved on.
      expect(await store.cancelOrder({ orderId: "order-2", expected: seen, cancellation, event: event("ORDER_CANCELLED") })).toBeNull();
    });

    it("stops counting a cancelled sale for its associate", async () => {
      const store = await fresh();
      await store.cancelOrder({
        orderId: "order-3",
        expected: [{ fulfillmentId: "order-3-F1", status: "PENDING" }],
        cancellation: { reason: null, at: at(20) },
        event: event("ORDER_CANCELLED"),
      });
      expect(await store.attributedSales(["assoc-1"], at(1), at(4))).toEqual([{ orderCount: 1, total: 2500, currencyCode: "USD" }]);
    });

    it("refuses returns of unknown, not handed-over or already returned units, and takes the rest", async () => {
      const store = await fresh();
      const ask = (orderId: string, id: string, lines: ReturnRecord["lines"]) =>
        store.addReturn({ orderId, ret: newReturn(id, lines), event: event("RETURN_REQUESTED") });
      expect(await ask("nope", "r", [{ orderLineId: "x", quantity: 1 }])).toBeNull();
      expect(await ask("order-1", "r", [{ orderLineId: "order-9-L1", quantity: 1 }])).toEqual({
        ok: false,
        code: "UNKNOWN_ORDER_LINE",
        orderLineId: "order-9-L1",
        returnable: 0,
      });
      expect(await ask("order-3", "r", [{ orderLineId: "order-3-L1", quantity: 1 }])).toEqual({
        ok: false,
        code: "LINE_NOT_RETURNABLE",
        orderLineId: "order-3-L1",
        returnable: 0,
      });
      // Two of order-1-L1 were bought and one is already asked back; split lines add up.
      const split = [
        { orderLineId: "order-1-L1", quantity: 1 },
        { orderLineId: "order-1-L1", quantity: 1 },
      ];
      expect(await ask("order-1", "r", split)).toEqual({
        ok: false,
        code: "RETURN_QUANTITY_EXCEEDED",
        orderLineId: "order-1-L1",
        returnable: 1,
      });
      expect((await orderOf(store, "order-1")).returns).toHaveLength(1);

      const taken = await ask("order-1", "ret-2", [
        { orderLineId: "order-1-L1", quantity: 1 },
        { orderLineId: "order-1-L2", quantity: 1 },
      ]);
      expect(taken).toMatchObject({ ok: true, return: { id: "ret-2", status: "REQUESTED", order: { id: "order-1" } } });
      const stored = await orderOf(store, "order-1");
      expect(stored.returns.map((r) => r.id)).toEqual(["ret-1", "ret-2"]);
      expect(stored.events.map((e) => e.type)).toEqual(["ORDER_PLACED", "RETURN_REQUESTED"]);
      expect((await store.returnsById(["ret-2"]))[0]).toMatchObject({ id: "ret-2", order: { id: "order-1" } });
      expect(await ask("order-1", "r", [{ orderLineId: "order-1-L1", quantity: 1 }])).toMatchObject({
        ok: false,
        code: "RETURN_QUANTITY_EXCEEDED",
        returnable: 0,
      });
    });

    it("receives a requested return once, refunding it", async () => {
      const store = await fresh();
      const receipt = { returnId: "ret-1", refund: 1000, receivedAt: at(22), event: event("RETURN_RECEIVED") };
      const received = await store.receiveReturn(receipt);
      expect(received).toMatchObject({ id: "ret-1", status: "REFUNDED", refund: 1000, receivedAt: at(22), order: { id: "order-1" } });
      expect(received!.order.events.at(-1)!.type).toBe("RETURN_RECEIVED");
      expect((await store.returnsById(["ret-1"]))[0]).toMatchObject({ status: "REFUNDED", refund: 1000 });
      expect(await store.receiveReturn(receipt)).toBeNull();
      expect(await store.receiveReturn({ ...receipt, returnId: "nope" })).toBeNull();
      expect((await orderOf(store, "order-1")).events).toHaveLength(2);
    });
  });

  describe(`${name} order store: carts and checkout`, () => {
    it("creates carts: an owned one becomes its owner's active cart; an id is never reused", async () => {
      const store = await fresh();
      const mine = { ...cart("cart-new", "cust-b", 1, 12) };
      expect(await store.createCart(mine)).toEqual(mine);
      expect(await store.activeCartByCustomer(["cust-b"])).toEqual([mine]);
      await store.createCart(cart("cart-anon-2", null, 1, 12));
      expect(ids(await store.cartsById(["cart-anon-2"]))).toEqual(["cart-anon-2"]);
      await expect(store.createCart(cart("cart-a1", "cust-z", 1, 12))).rejects.toThrow(/cart-a1/);
      expect(await cartOf(store, "cart-a1")).toEqual(world().carts[0]);
    });

    it("lets an anonymous cart lapse its TTL after its last write, every write renewing it; an owned cart never lapses", async () => {
      const store = await harness.makeStore(world(), { anonymousCartTtlSeconds: 1 });
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await store.createCart(cart("cart-lapsing", null, 1, 12));
      await store.createCart(cart("cart-kept", "cust-b", 1, 12));
      await pause(700);
      expect((await store.updateCart("cart-lapsing", 1, change([cartLine("x-1", "SKU-0042-01", 1)]))).status).toBe("UPDATED");
      await pause(700);
      expect(ids(await store.cartsById(["cart-lapsing", "cart-kept"]))).toEqual(["cart-lapsing", "cart-kept"]);
      await pause(800);
      expect(ids(await store.cartsById(["cart-lapsing", "cart-kept"]))).toEqual([null, "cart-kept"]);
      expect(await store.updateCart("cart-lapsing", 2, change([]))).toEqual({ status: "NOT_FOUND" });
    });

    it("changes a cart only at the version the caller saw, and makes it its owner's active cart", async () => {
      const store = await fresh();
      const lines = [cartLine("x-1", "SKU-0042-01", 2)];
      const write = await store.updateCart("cart-a1", 1, change(lines));
      expect(write).toEqual({
        status: "UPDATED",
        cart: { ...world().carts[0], lines, version: 2, lastActiveChannel: "MOBILE_APP", updatedAt: at(15) },
      });
      expect(ids(await store.activeCartByCustomer(["cust-a"]))).toEqual(["cart-a1"]);
      const stale = await store.updateCart("cart-a1", 1, change([]));
      expect(stale).toMatchObject({ status: "CHANGED", cart: { version: 2, lines } });
      expect(await store.updateCart("nope", 1, change([]))).toEqual({ status: "NOT_FOUND" });
    });

    it("merges an anonymous cart into the customer's active cart, closing it", async () => {
      const store = await fresh();
      const lines = [cartLine("m-1", "SKU-0001-01"), cartLine("m-2", "SKU-0002-01")];
      const merged = await store.mergeCarts({
        sourceId: "cart-anon",
        sourceVersion: 2,
        targetId: "cart-a2",
        targetVersion: 3,
        customerId: "cust-a",
        lines,
        change: change([]),
      });
      expect(merged).toMatchObject({ status: "UPDATED", cart: { id: "cart-a2", version: 4, lines, customerId: "cust-a" } });
      expect(await cartOf(store, "cart-anon")).toMatchObject({
        customerId: "cust-a",
        mergedIntoId: "cart-a2",
        version: 3,
        updatedAt: at(15),
      });
      expect(ids(await store.activeCartByCustomer(["cust-a"]))).toEqual(["cart-a2"]);
      expect(await store.updateCart("cart-anon", 3, change([]))).toMatchObject({ status: "CLOSED" });
    });

    it("gives an anonymous cart to a customer without one", async () => {
      const store = await fresh();
      const lines = [cartLine("m-1", "SKU-0003-01")];
      const given = await store.mergeCarts({
        sourceId: "cart-anon",
        sourceVersion: 2,
        targetId: null,
        targetVersion: null,
        customerId: "cust-z",
        lines,
        change: change([]),
      });
      expect(given).toMatchObject({ status: "UPDATED", cart: { id: "cart-anon", customerId: "cust-z", version: 3, lines } });
      expect(ids(await store.activeCartByCustomer(["cust-z"]))).toEqual(["cart-anon"]);
    });

    it("merges nothing when anything moved since the caller looked", async () => {
      const store = await fresh();
      const base = {
        sourceId: "cart-anon",
        sourceVersion: 2,
        targetId: "cart-a2" as string | null,
        targetVersion: 3 as number | null,
        customerId: "cust-a",
        lines: [],
        change: change([]),
      };
      expect(await store.mergeCarts({ ...base, targetId: "cart-a1", targetVersion: 1 })).toMatchObject({
        status: "CHANGED",
        cart: { id: "cart-anon" },
      });
      expect(await store.mergeCarts({ ...base, targetId: null, targetVersion: null })).toMatchObject({
        status: "CHANGED",
        cart: { id: "cart-anon" },
      });
      expect(await store.mergeCarts({ ...base, sourceVersion: 1 })).toMatchObject({
        status: "CHANGED",
        cart: { id: "cart-anon", version: 2 },
      });
      expect(await store.mergeCarts({ ...base, targetVersion: 2 })).toMatchObject({
        status: "CHANGED",
        cart: { id: "cart-a2", version: 3 },
      });
      expect(await store.mergeCarts({ ...base, sourceId: "cart-b1", sourceVersion: 1 })).toMatchObject({
        status: "CHANGED",
        cart: { id: "cart-b1" },
      });
      expect(await store.mergeCarts({ ...base, sourceId: "nope" })).toEqual({ status: "NOT_FOUND" });
      expect(await store.cartsById(["cart-anon", "cart-a2"])).toEqual([world().carts[2], world().carts[1]]);
    });

    it("claims a checkout key once, holding the cart until the checkout ends", async () => {
      const store = await fresh();
      const claim = await store.claimCheckout("key-1", "cart-a2", 3, DUE);
      expect(claim).toMatchObject({
        status: "CLAIMED",
        checkout: {
          ref: "checkout:key-1",
          kind: "CHECKOUT",
          key: "key-1",
          cartId: "cart-a2",
          state: "CLAIMED",
          attempt: 1,
          orderId: null,
          userErrors: [],
          dueAt: DUE,
        },
        cart: { checkoutKey: "key-1", version: 3 },
      });
      expect(await store.checkoutsByKey(["key-1"])).toEqual([claim.status === "CLAIMED" ? claim.checkout : null]);
      expect(await store.settlementsByRef(["checkout:key-1", "checkout:never"])).toEqual([
        claim.status === "CLAIMED" ? claim.checkout : null,
        null,
      ]);
      expect(await cartOf(store, "cart-a2")).toMatchObject({ checkoutKey: "key-1", version: 3 });

      expect(await store.claimCheckout("key-1", "cart-a2", 3, DUE)).toMatchObject({ status: "IN_PROGRESS", checkout: { key: "key-1" } });
      expect(await store.claimCheckout("key-1", "cart-b1", 1, DUE)).toMatchObject({
        status: "KEY_REUSED",
        checkout: { cartId: "cart-a2" },
      });
      expect(await store.claimCheckout("key-2", "cart-a2", 3, DUE)).toMatchObject({ status: "CART_BUSY", cart: { checkoutKey: "key-1" } });
      expect(await store.updateCart("cart-a2", 3, change([]))).toMatchObject({ status: "CHECKING_OUT" });
      expect(
        await store.mergeCarts({
          sourceId: "cart-anon",
          sourceVersion: 2,
          targetId: "cart-a2",
          targetVersion: 3,
          customerId: "cust-a",
          lines: [],
          change: change([]),
        }),
      ).toMatchObject({ status: "CHECKING_OUT" });
      expect(await store.claimCheckout("key-3", "cart-b1", 7, DUE)).toMatchObject({ status: "CART_CHANGED", cart: { version: 1 } });
      expect(await store.claimCheckout("key-4", "nope", 1, DUE)).toEqual({ status: "NOT_FOUND" });
    });

    it("moves a settlement only from the state the caller saw, recording each step's facts", async () => {
      const store = await fresh();
      await store.claimCheckout("key-1", "cart-a2", 3, DUE);
      const reservation = {
        reservationId: "res-1",
        holds: [{ lineKey: "cart-a2-L1", locationId: "store-1", sku: "SKU-0001-01", quantity: 1 }],
      };
      const held = await store.advanceSettlement("checkout:key-1", "CLAIMED", 1, {
        state: "HELD",
        reservation,
        draft: draft("order-k1"),
        dueAt: LATER,
      });
      expect(held).toMatchObject({ state: "HELD", reservation, draft: { id: "order-k1" }, dueAt: LATER, cartId: "cart-a2" });
      // A second mover from the same state, a wrong attempt or an unknown ref: nothing.
      expect(await store.advanceSettlement("checkout:key-1", "CLAIMED", 1, { state: "UNWINDING", dueAt: LATER })).toBeNull();
      expect(await store.advanceSettlement("checkout:key-1", "HELD", 2, { state: "AUTHORIZED", dueAt: LATER })).toBeNull();
      expect(await store.advanceSettlement("checkout:never", "CLAIMED", 1, { state: "HELD", dueAt: LATER })).toBeNull();
      const authorization = { authorizationId: "auth-1", amount: 1800, currencyCode: "USD" };
      const authorized = await store.advanceSettlement("checkout:key-1", "HELD", 1, { state: "AUTHORIZED", authorization, dueAt: LATER });
      // Every field a step leaves out keeps its value.
      expect(authorized).toMatchObject({ state: "AUTHORIZED", authorization, reservation, draft: { id: "order-k1" } });
      expect((await store.checkoutsByKey(["key-1"]))[0]).toEqual(authorized);
      expect(await store.claimCheckout("key-1", "cart-a2", 3, DUE)).toMatchObject({
        status: "IN_PROGRESS",
        checkout: { state: "AUTHORIZED" },
      });
    });

    it("an unwound checkout lets go of its cart, and its key may start again as the next attempt", async () => {
      const store = await fresh();
      await store.claimCheckout("key-1", "cart-a2", 3, DUE);
      const userErrors = [{ code: "OUT_OF_STOCK" as const, message: "Gone", field: ["lines", "cart-a2-L1"] }];
      await store.advanceSettlement("checkout:key-1", "CLAIMED", 1, { state: "UNWINDING", userErrors, dueAt: LATER });
      expect((await cartOf(store, "cart-a2")).checkoutKey).toBe("key-1");
      const unwound = await store.advanceSettlement("checkout:key-1", "UNWINDING", 1, { state: "UNWOUND", dueAt: LATER });
      expect(unwound).toMatchObject({ state: "UNWOUND", userErrors, dueAt: null, orderId: null });
      expect((await cartOf(store, "cart-a2")).checkoutKey).toBeNull();
      expect((await store.checkoutsByKey(["key-1"]))[0]).toEqual(unwound);
      // The cart is free: under the same key (the next attempt) or another.
      expect(await store.claimCheckout("key-1", "cart-a2", 3, DUE)).toMatchObject({
        status: "CLAIMED",
        checkout: { state: "CLAIMED", attempt: 2, userErrors: [], reservation: null },
      });
      expect(await store.claimCheckout("key-2", "cart-a2", 3, DUE)).toMatchObject({ status: "CART_BUSY" });
    });

    it("an ordered checkout closes its cart in the same step: the next open cart becomes active", async () => {
      const store = await fresh();
      await store.claimCheckout("key-1", "cart-a2", 3, DUE);
      for (const [from, to] of [
        ["CLAIMED", "HELD"],
        ["HELD", "AUTHORIZED"],
        ["AUTHORIZED", "COMMITTED"],
      ] as const) {
        await store.advanceSettlement("checkout:key-1", from, 1, { state: to, dueAt: LATER });
      }
      expect(
        await store.advanceSettlement("checkout:key-1", "COMMITTED", 1, { state: "ORDERED", orderId: "order-9", dueAt: LATER }),
      ).toMatchObject({ state: "ORDERED", orderId: "order-9" });
      expect(await cartOf(store, "cart-a2")).toMatchObject({ id: "cart-a2", orderId: "order-9", checkoutKey: null, version: 4 });
      expect(ids(await store.activeCartByCustomer(["cust-a"]))).toEqual(["cart-a1"]);
      expect(await store.claimCheckout("key-2", "cart-a2", 4, DUE)).toMatchObject({ status: "CART_CLOSED" });
      expect(await store.updateCart("cart-a2", 4, change([]))).toMatchObject({ status: "CLOSED" });
      expect(await store.advanceSettlement("checkout:key-1", "ORDERED", 1, { state: "DONE", dueAt: LATER })).toMatchObject({
        state: "DONE",
        orderId: "order-9",
        dueAt: null,
      });
      expect(await store.claimCheckout("key-1", "cart-a2", 3, DUE)).toMatchObject({ status: "DONE", checkout: { orderId: "order-9" } });

      // The customer's last open cart checked out: no active cart. A cart that was not the active one closes without
      // touching the active cart.
      await store.claimCheckout("key-3", "cart-a1", 1, DUE);
      for (const [from, to] of [
        ["CLAIMED", "HELD"],
        ["HELD", "AUTHORIZED"],
        ["AUTHORIZED", "COMMITTED"],
      ] as const) {
        await store.advanceSettlement("checkout:key-3", from, 1, { state: to, dueAt: LATER });
      }
      await store.advanceSettlement("checkout:key-3", "COMMITTED", 1, { state: "ORDERED", orderId: "order-10", dueAt: LATER });
      expect(await store.activeCartByCustomer(["cust-a"])).toEqual([null]);
      await store.claimCheckout("key-4", "cart-anon", 2, DUE);
      await store.advanceSettlement("checkout:key-4", "CLAIMED", 1, { state: "COMMITTED", dueAt: LATER });
      await store.advanceSettlement("checkout:key-4", "COMMITTED", 1, { state: "ORDERED", orderId: "order-12", dueAt: LATER });
      expect(await cartOf(store, "cart-anon")).toMatchObject({ orderId: "order-12", checkoutKey: null });
      expect(ids(await store.activeCartByCustomer(["cust-b"]))).toEqual(["cart-b1"]);
    });

    it("records a till sale once per ref, and lists unfinished settlements by when they are due", async () => {
      const store = await fresh();
      const sale = tillSale("sale:store-1:till-1", EARLIER);
      expect(await store.claimSale(sale)).toEqual({ claimed: true, sale });
      expect(await store.claimSale({ ...sale, dueAt: LATER })).toEqual({ claimed: false, sale });
      await store.claimCheckout("key-1", "cart-a2", 3, DUE);
      await store.claimCheckout("key-2", "cart-b1", 1, LATER);
      expect((await store.settlementsDue(DUE, 10)).map((s) => s.ref)).toEqual(["sale:store-1:till-1", "checkout:key-1"]);
      expect((await store.settlementsDue(DUE, 1)).map((s) => s.ref)).toEqual(["sale:store-1:till-1"]);
      expect(await store.settlementsDue(EARLIER.replace("2026", "2025"), 10)).toEqual([]);
      // A step sets when it is due next; a finished settlement is never due.
      await store.advanceSettlement("sale:store-1:till-1", "CLAIMED", 1, { state: "UNWINDING", dueAt: LATER });
      expect((await store.settlementsDue(DUE, 10)).map((s) => s.ref)).toEqual(["checkout:key-1"]);
      await store.advanceSettlement("sale:store-1:till-1", "UNWINDING", 1, { state: "UNWOUND", dueAt: LATER });
      expect((await store.settlementsDue(LATER, 10)).map((s) => s.ref)).toEqual(["checkout:key-1", "checkout:key-2"]);
      // An unwound sale's key starts again as the next attempt.
      expect(await store.claimSale(sale)).toEqual({ claimed: true, sale: { ...sale, attempt: 2 } });
      expect(await store.claimSale(sale)).toEqual({ claimed: false, sale: { ...sale, attempt: 2 } });
    });

    it("leases a settlement to one holder at a time until it is given back or lapses", async () => {
      const store = await fresh();
      expect(await store.leaseSettlement("checkout:key-1", "worker-a", 60_000)).toBe(true);
      expect(await store.leaseSettlement("checkout:key-1", "worker-b", 60_000)).toBe(false);
      expect(await store.leaseSettlement("checkout:key-1", "worker-a", 60_000)).toBe(true);
      await store.releaseSettlementLease("checkout:key-1", "worker-b");
      expect(await store.leaseSettlement("checkout:key-1", "worker-b", 60_000)).toBe(false);
      await store.releaseSettlementLease("checkout:key-1", "worker-a");
      expect(await store.leaseSettlement("checkout:key-1", "worker-b", 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.leaseSettlement("checkout:key-1", "worker-a", 60_000)).toBe(true);
    });

    it("records an order's events with the order, once however often it is created", async () => {
      const store = await fresh();
      const events = (o: OrderRecord) =>
        [
          { id: `placed-${o.id}`, type: "ORDER_PLACED", occurredAt: o.placedAt, channel: o.channel, payload: { orderNumber: o.number } },
        ] as never;
      const created = await store.createOrder(draft("order-e1"), events);
      await store.createOrder(draft("order-e1"), events);
      const recorded = await store.outbox.pending(10);
      expect(recorded).toEqual([
        {
          id: "placed-order-e1",
          type: "ORDER_PLACED",
          occurredAt: created.placedAt,
          channel: created.channel,
          payload: { orderNumber: created.number },
        },
      ]);
    });
  });

  describe(`${name} order store: events recorded with their changes`, () => {
    const tagged = (id: string) => () =>
      [{ id, type: "CART_ATTACHED", occurredAt: at(20), channel: null, payload: { cartId: id, customerId: "x" } }] as never;

    it("every write records its events in the outbox only when it applies, in the order the writes applied", async () => {
      const store = await fresh();
      expect(await store.moveFulfillment(move("order-3-F1", "PICKING", "READY_FOR_PICKUP"), tagged("refused-move"))).toBeNull();
      expect(await store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING"), tagged("move"))).not.toBeNull();
      expect(
        await store.cancelOrder(
          {
            orderId: "order-6",
            expected: [{ fulfillmentId: "order-6-F1", status: "PICKING" }],
            cancellation: { reason: null, at: at(21) },
            event: event("ORDER_CANCELLED"),
          },
          tagged("refused-cancel"),
        ),
      ).toBeNull();
      expect(
        await store.cancelOrder(
          {
            orderId: "order-6",
            expected: [{ fulfillmentId: "order-6-F1", status: "PENDING" }],
            cancellation: { reason: null, at: at(21) },
            event: event("ORDER_CANCELLED"),
          },
          tagged("cancel"),
        ),
      ).not.toBeNull();
      expect(
        await store.addReturn(
          { orderId: "order-1", ret: newReturn("ret-x", [{ orderLineId: "order-1-L1", quantity: 5 }]), event: event("RETURN_REQUESTED") },
          tagged("refused-return"),
        ),
      ).toMatchObject({ ok: false });
      expect(
        await store.addReturn(
          { orderId: "order-1", ret: newReturn("ret-y", [{ orderLineId: "order-1-L2", quantity: 1 }]), event: event("RETURN_REQUESTED") },
          tagged("return"),
        ),
      ).toMatchObject({ ok: true });
      expect(
        await store.receiveReturn(
          { returnId: "ret-y", refund: 500, receivedAt: at(22), event: event("RETURN_RECEIVED") },
          tagged("receive"),
        ),
      ).not.toBeNull();
      expect(
        await store.receiveReturn(
          { returnId: "ret-y", refund: 500, receivedAt: at(22), event: event("RETURN_RECEIVED") },
          tagged("refused-receive"),
        ),
      ).toBeNull();
      const merge = {
        sourceId: "cart-anon",
        sourceVersion: 2,
        targetId: "cart-a2",
        targetVersion: 3,
        customerId: "cust-a",
        lines: [],
        change: change([]),
      };
      expect(await store.mergeCarts({ ...merge, sourceVersion: 1 }, tagged("refused-merge"))).toMatchObject({ status: "CHANGED" });
      expect(await store.mergeCarts(merge, tagged("merge"))).toMatchObject({ status: "UPDATED" });
      expect((await store.outbox.pending(20)).map((e) => e.id)).toEqual(["move", "cancel", "return", "receive", "merge"]);
    });
  });

  describe(`${name} order store: concurrent instances`, () => {
    const crowd = <T>(stores: OrderStore[], count: number, act: (store: OrderStore, i: number) => Promise<T>) =>
      Promise.all(Array.from({ length: count }, (_, i) => act(stores[i % stores.length], i)));

    it("20 moves of one fulfillment from the same status: exactly one wins", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const results = await crowd(stores, 20, (store) => store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING")));
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await orderOf(stores[1], "order-3");
      expect(stored.events).toHaveLength(2);
      expect(stored.status).toBe("IN_PROGRESS");
      expect(ids((await stores[2].pickupQueue(["store-1"], ["PENDING", "PICKING"]))[0])).toEqual(["order-3-F1"]);
    });

    it("20 cart writes at one expected version: exactly one applies, the rest see the cart changed", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const results = await crowd(stores, 20, (store, i) =>
        store.updateCart("cart-a2", 3, change([cartLine(`w-${i}`, "SKU-0001-01", i + 1)])),
      );
      const applied = results.filter((r) => r.status === "UPDATED");
      expect(applied).toHaveLength(1);
      expect(results.filter((r) => r.status === "CHANGED")).toHaveLength(19);
      const stored = await cartOf(stores[3], "cart-a2");
      expect(stored.version).toBe(4);
      expect(applied[0].status === "UPDATED" && stored.lines).toEqual(applied[0].status === "UPDATED" && applied[0].cart.lines);
    });

    it("one checkout key claimed 20 times at once: one claim", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const results = await crowd(stores, 20, (store) => store.claimCheckout("key-1", "cart-a2", 3, DUE));
      expect(results.filter((r) => r.status === "CLAIMED")).toHaveLength(1);
      expect(results.filter((r) => r.status === "IN_PROGRESS")).toHaveLength(19);
      expect((await stores[0].checkoutsByKey(["key-1"]))[0]).toMatchObject({ state: "CLAIMED", attempt: 1 });
    });

    it("20 checkouts under different keys race for one cart: one holds it", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const results = await crowd(stores, 20, (store, i) => store.claimCheckout(`key-${i}`, "cart-a2", 3, DUE));
      const claimed = results.filter((r) => r.status === "CLAIMED");
      expect(claimed).toHaveLength(1);
      expect(results.filter((r) => r.status === "CART_BUSY")).toHaveLength(19);
      expect((await cartOf(stores[1], "cart-a2")).checkoutKey).toBe(claimed[0].status === "CLAIMED" ? claimed[0].checkout.key : "");
    });

    it("a settlement step taken by 10 instances at once moves it once; one till sale ref is claimed once", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      await stores[0].claimCheckout("key-1", "cart-a2", 3, DUE);
      const results = await crowd(stores, 10, (store, i) =>
        store.advanceSettlement("checkout:key-1", "CLAIMED", 1, { state: i % 2 ? "HELD" : "UNWINDING", dueAt: LATER }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const sales = await crowd(stores, 10, (store) => store.claimSale(tillSale("sale:store-1:till-2", DUE)));
      expect(sales.filter((r) => r.claimed)).toHaveLength(1);
      const leases = await crowd(stores, 10, (store, i) => store.leaseSettlement("checkout:key-1", `worker-${i}`, 60_000));
      expect(leases.filter(Boolean)).toHaveLength(1);
    });

    it("order numbers stay unique when several instances create orders at once, and one id makes one order", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const created = await crowd(stores, 30, (store, i) => store.createOrder(draft(`order-c${i}`)));
      const numbers = created.map((o) => o.number).sort();
      expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `OG-${100_008 + i}`));
      const codes = created.map((o) => o.fulfillments[0].pickupCode);
      expect(new Set(codes).size).toBe(30);

      const same = await crowd(stores, 10, (store) => store.createOrder(draft("order-same")));
      expect(new Set(same.map((o) => o.number))).toEqual(new Set(["OG-100038"]));
      expect((await stores[0].ordersByCustomer(["cust-a"]))[0]).toHaveLength(2 + 30 + 1);
    });

    it("concurrent return requests never return a unit twice", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      // One of order-1-L1's two units is still returnable.
      const results = await crowd(stores, 10, (store, i) =>
        store.addReturn({
          orderId: "order-1",
          ret: newReturn(`ret-c${i}`, [{ orderLineId: "order-1-L1", quantity: 1 }]),
          event: event("RETURN_REQUESTED"),
        }),
      );
      expect(results.filter((r) => r?.ok)).toHaveLength(1);
      expect(results.filter((r) => r && !r.ok && r.code === "RETURN_QUANTITY_EXCEEDED")).toHaveLength(9);
      // Different lines are all taken, none lost.
      const lines = await crowd(stores, 2, (store, i) =>
        store.addReturn({
          orderId: "order-1",
          ret: newReturn(`ret-l${i}`, [{ orderLineId: "order-1-L2", quantity: 1 - i }]),
          event: event("RETURN_REQUESTED"),
        }),
      );
      expect(lines.every((r) => r?.ok)).toBe(true);
      expect((await orderOf(stores[0], "order-1")).returns).toHaveLength(4);
    });

    it("a return is received once, and a cancel and a hand-over never both happen", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const receipts = await crowd(stores, 10, (store) =>
        store.receiveReturn({ returnId: "ret-1", refund: 1000, receivedAt: at(22), event: event("RETURN_RECEIVED") }),
      );
      expect(receipts.filter(Boolean)).toHaveLength(1);

      const succeeded = await crowd(stores, 20, async (store, i) =>
        i % 2 === 0
          ? (await store.cancelOrder({
              orderId: "order-3",
              expected: [{ fulfillmentId: "order-3-F1", status: "PENDING" }],
              cancellation: { reason: null, at: at(20) },
              event: event("ORDER_CANCELLED"),
            })) !== null
          : (await store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING"))) !== null,
      );
      expect(succeeded.filter(Boolean)).toHaveLength(1);
      expect((await orderOf(stores[0], "order-3")).events).toHaveLength(2);
    });

    it("an anonymous cart merged from several devices at once is merged once", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      const results = await crowd(stores, 10, (store, i) =>
        store.mergeCarts({
          sourceId: "cart-anon",
          sourceVersion: 2,
          targetId: "cart-a2",
          targetVersion: 3,
          customerId: "cust-a",
          lines: [cartLine(`m-${i}`, "SKU-0001-01")],
          change: change([]),
        }),
      );
      expect(results.filter((r) => r.status === "UPDATED")).toHaveLength(1);
      expect((await cartOf(stores[0], "cart-a2")).version).toBe(4);
    });
  });

  describe(`${name} order store: discount code uses and gift card balances`, () => {
    const card = (code: string, balance: number) => ({
      code,
      balance,
      initialBalance: balance,
      currencyCode: "USD",
      issuedAt: at(1),
      issuedBy: null,
    });
    const limited = (code: string, usageLimit: number | null, perCustomerLimit: number | null = null) => ({
      code,
      usageLimit,
      perCustomerLimit,
    });

    it("issues a gift card once per code and reads it back; unknown codes read as null", async () => {
      const store = await fresh();
      expect(await store.issueGiftCard(card("GC-1", 5000))).toBe(true);
      expect(await store.issueGiftCard(card("GC-1", 100))).toBe(false);
      expect(await store.giftCardsByCode(["GC-1", "GC-NONE"])).toEqual([card("GC-1", 5000), null]);
    });

    it("redeems all or nothing, once per key; a release gives back once; a released key never spends again", async () => {
      const store = await fresh();
      await store.issueGiftCard(card("GC-2", 1000));
      const redemption = { customerId: "cust-a", codes: [limited("TEN", 10)], giftCards: [{ code: "GC-2", amount: 600 }] };
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(400);
      expect(await store.discountCodeUses(["TEN"])).toEqual([1]);
      // More than is left on the card: nothing is spent, the code's use included.
      expect(await store.redeem("k2", { ...redemption, giftCards: [{ code: "GC-2", amount: 500 }] })).toEqual({
        status: "REFUSED",
        reason: "GIFT_CARD_BALANCE",
        code: "GC-2",
      });
      expect(await store.discountCodeUses(["TEN"])).toEqual([1]);
      expect(await store.redeem("k3", { ...redemption, giftCards: [{ code: "GC-NONE", amount: 1 }] })).toMatchObject({
        status: "REFUSED",
        reason: "GIFT_CARD_UNKNOWN",
      });
      await store.releaseRedemption("k1");
      await store.releaseRedemption("k1");
      await store.releaseRedemption("never-redeemed");
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(1000);
      expect(await store.discountCodeUses(["TEN"])).toEqual([0]);
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(1000);
    });

    it("counts a code's uses per customer; refunds put money back on a card once per key", async () => {
      const store = await fresh();
      await store.issueGiftCard(card("GC-3", 300));
      const once = { customerId: "cust-a", codes: [limited("ONCE-EACH", null, 1)], giftCards: [] };
      expect(await store.redeem("a1", once)).toEqual({ status: "REDEEMED" });
      expect(await store.redeem("a2", once)).toEqual({ status: "REFUSED", reason: "CODE_CUSTOMER_LIMIT", code: "ONCE-EACH" });
      expect(await store.redeem("b1", { ...once, customerId: "cust-b" })).toEqual({ status: "REDEEMED" });
      await store.refundGiftCard("r1", "GC-3", 200);
      await store.refundGiftCard("r1", "GC-3", 200);
      expect((await store.giftCardsByCode(["GC-3"]))[0]!.balance).toBe(500);
    });

    it("20 redemptions of a 5-use code and one gift card across instances at once: exactly 5 uses, the card never below zero", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      await stores[0]!.issueGiftCard(card("GC-4", 1000));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % stores.length]!.redeem(`crowd-${i}`, { customerId: null, codes: [limited("FIVE", 5)], giftCards: [] }),
        ),
      );
      expect(results.filter((r) => r.status === "REDEEMED")).toHaveLength(5);
      expect(await stores[1]!.discountCodeUses(["FIVE"])).toEqual([5]);
      const spends = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          stores[i % stores.length]!.redeem(`card-${i}`, { customerId: null, codes: [], giftCards: [{ code: "GC-4", amount: 300 }] }),
        ),
      );
      expect(spends.filter((r) => r.status === "REDEEMED")).toHaveLength(3);
      expect((await stores[2]!.giftCardsByCode(["GC-4"]))[0]!.balance).toBe(100);
    });
  });
}
