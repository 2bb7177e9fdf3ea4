import { describe, expect, it } from "vitest";
import { OPEN_PICKUP_STATUSES } from "../../../subgraphs/order/store/index.js";
import { at, world, ids, orderOf, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Reads: orders, carts, pickup queues, attributed sales and pickups by code, one answer per key. */
export function orderReadsContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

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
}
