import { describe, expect, it } from "vitest";
import type { ReturnRecord } from "../../../subgraphs/order/store/index.js";
import { OPEN_PICKUP_STATUSES } from "../../../subgraphs/order/store/index.js";
import { at, event, world, draft, ids, PICKUP_CODE, orderOf, move, newReturn, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Orders, fulfilment and returns: numbering, moves at the status the caller saw, cancels and returns. */
export function orderLifecycleContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

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
}
