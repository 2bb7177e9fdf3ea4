import { describe, expect, it } from "vitest";
import type { OrderRecord } from "../../../subgraphs/order/store/index.js";
import { order, type OrderStoreHarness } from "./fixtures.js";

/**
 * Guest orders on every OrderStore: created with a contact email and an order token, found by the token, and joined
 * to the account registered later with that email (by its key), once.
 */
const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12)).toISOString();

/** A new order placed on `day` (its number is the store's to give). */
const draft = (id: string, day: number, fields: Partial<OrderRecord> = {}) => order(id, "", { placedAt: at(day), ...fields });

export function orderStoreGuestContract(name: string, harness: Pick<OrderStoreHarness, "makeStore">): void {
  describe(`guest orders (${name})`, () => {
    it("finds an order by its token and nothing by an unknown one", async () => {
      const store = await harness.makeStore({ carts: [], orders: [] });
      const created = await store.createOrder(draft("order-token", 1, { contactEmail: "a@example.com", orderToken: "tok-abc" }));
      expect(await store.ordersByToken(["tok-abc", "tok-none", "tok-ab"])).toEqual([created, null, null]);
    });

    it("joins the guest orders with the email key to the customer, newest first among theirs, once", async () => {
      const store = await harness.makeStore({ carts: [], orders: [] });
      const own = await store.createOrder(draft("order-own", 2, { customerId: "cust-9" }));
      const first = await store.createOrder(draft("order-g1", 1, { contactEmail: " Ann.Lee@Example.com" }));
      const second = await store.createOrder(draft("order-g2", 3, { contactEmail: "ann.lee@example.com" }));
      // Another email, and a signed-in customer's order with the same email, stay as they are.
      await store.createOrder(draft("order-other", 4, { contactEmail: "someone@example.com" }));
      await store.createOrder(draft("order-signed", 5, { customerId: "cust-8", contactEmail: "ann.lee@example.com" }));

      expect(await store.joinGuestOrders("nobody@example.com", "cust-9")).toEqual([]);
      expect((await store.joinGuestOrders("ann.lee@example.com", "cust-9")).sort()).toEqual(["order-g1", "order-g2"]);
      const [orders] = await store.ordersByCustomer(["cust-9"]);
      expect(orders.map((o) => o.id)).toEqual([second.id, own.id, first.id]);
      expect(orders.every((o) => o.customerId === "cust-9")).toBe(true);
      // A redelivered registration, or another account with the same email later, changes nothing.
      expect(await store.joinGuestOrders("ann.lee@example.com", "cust-7")).toEqual([]);
      expect((await store.ordersById(["order-g1"]))[0]?.customerId).toBe("cust-9");
      expect((await store.ordersByCustomer(["cust-8"]))[0].map((o) => o.id)).toEqual(["order-signed"]);
      expect((await store.ordersById(["order-other"]))[0]?.customerId).toBeNull();
    });
  });
}
