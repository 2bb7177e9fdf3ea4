import { describe, expect, it } from "vitest";
import type { OrderStore } from "../../../subgraphs/order/store/index.js";
import {
  at,
  event,
  cartLine,
  DUE,
  LATER,
  tillSale,
  draft,
  change,
  ids,
  orderOf,
  cartOf,
  move,
  newReturn,
  freshStore,
  type OrderStoreHarness,
} from "./fixtures.js";

/** Several instances at once: every contended write applies once. */
export function concurrencyContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

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
}
