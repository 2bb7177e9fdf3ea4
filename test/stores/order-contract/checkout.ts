import { describe, expect, it } from "vitest";
import type { OrderRecord } from "../../../subgraphs/order/store/index.js";
import { EARLIER, DUE, LATER, tillSale, draft, change, ids, cartOf, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Checkout and settlement: a key claimed once, settlements moved from the state seen, leased, and recorded once. */
export function checkoutContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

  describe(`${name} order store: carts and checkout`, () => {
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
}
