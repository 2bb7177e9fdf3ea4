import { describe, expect, it } from "vitest";
import { at, cart, cartLine, world, change, ids, cartOf, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Carts: creating, lapsing, changing at a version, and merging an anonymous cart into a customer's. */
export function cartsContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

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
  });
}
