import { describe, expect, it } from "vitest";
import { T0, stock, pickup } from "./fixtures.js";
import type { ContractKit } from "./kit.js";

/** Reads answer in the order asked; adjustments move on-hand, never below zero or below reserved, once per key. */
export function readsAndAdjustments(kit: ContractKit): void {
  const { clock, now, locations, start, one, reserve, level } = kit;
  describe("reads", () => {
    it("answers locations by id in the order asked, null for an unknown one", async () => {
      const store = await one();
      const found = await store.locationsById(["store-c", "nowhere", "dc-1", "store-c"]);
      expect(found.map((l) => l?.id ?? null)).toEqual(["store-c", null, "dc-1", "store-c"]);
      expect(found[0]).toEqual(locations.find((l) => l.id === "store-c"));
      expect(await store.locationsById([])).toEqual([]);
    });

    it("lists every location ordered by id", async () => {
      const store = await one();
      const all = await store.allLocations();
      expect(all.map((l) => l.id)).toEqual(["dc-1", "store-a", "store-b", "store-c"]);
      expect(all[1]).toEqual(locations.find((l) => l.id === "store-a"));
    });

    it("answers stock per key in order, null where a location does not carry the SKU", async () => {
      const store = await one();
      const levels = await store.stockLevels([
        { locationId: "store-a", sku: "TEE" },
        { locationId: "store-c", sku: "TEE" },
        { locationId: "store-b", sku: "SOCK" },
        { locationId: "store-a", sku: "NO-SUCH-SKU" },
      ]);
      expect(levels).toEqual([stock("store-a", "TEE", 10, 0, 1), null, stock("store-b", "SOCK", 5, 2, 1), null]);
      expect(await store.stockLevels([])).toEqual([]);
    });

    it("answers, per SKU, the record of every location carrying it ordered by location id", async () => {
      const store = await one();
      const [tee, unknown, sock] = await store.stockForSkus(["TEE", "NO-SUCH-SKU", "SOCK"]);
      expect(tee.map((r) => r.locationId)).toEqual(["dc-1", "store-a", "store-b"]);
      expect(tee[0]).toEqual(stock("dc-1", "TEE", 20, 0, 5));
      expect(unknown).toEqual([]);
      expect(sock.map((r) => [r.locationId, r.reserved])).toEqual([
        ["store-b", 2],
        ["store-c", 0],
      ]);
      expect(await store.stockForSkus([])).toEqual([]);
    });

    it("sorts a record created by a write in among the seeded ones", async () => {
      const store = await one();
      await store.adjustStock({ locationId: "store-a", sku: "SOCK", delta: 3, reason: "RECEIPT", safetyStockIfNew: 1, by: "assoc-1" });
      const [sock] = await store.stockForSkus(["SOCK"]);
      expect(sock.map((r) => r.locationId)).toEqual(["store-a", "store-b", "store-c"]);
    });
  });

  describe("adjustStock", () => {
    it("adds a delta to onHand at the moment of the change and stamps updatedAt", async () => {
      const store = await one();
      clock.at = T0 + 5_000;
      const result = await store.adjustStock({
        locationId: "store-a",
        sku: "TEE",
        delta: -3,
        reason: "DAMAGE",
        safetyStockIfNew: 1,
        by: "assoc-1",
      });
      const expected = { ...stock("store-a", "TEE", 7, 0, 1), updatedAt: new Date(T0 + 5_000).toISOString() };
      expect(result).toEqual({ ok: true, stock: expected });
      expect(await level(store, "store-a", "TEE")).toEqual(expected);
    });

    it("creates the record, with the given safety stock, where a positive delta arrives at a location that never carried the SKU", async () => {
      const store = await one();
      const result = await store.adjustStock({
        locationId: "store-c",
        sku: "MUG",
        delta: 4,
        reason: "RECEIPT",
        safetyStockIfNew: 2,
        by: "assoc-1",
      });
      expect(result).toEqual({
        ok: true,
        stock: { locationId: "store-c", sku: "MUG", onHand: 4, reserved: 0, safetyStock: 2, updatedAt: now().toISOString() },
      });
    });

    it("refuses, changing nothing, a delta that would take onHand below zero or below what is reserved", async () => {
      const store = await one();
      const belowZero = await store.adjustStock({
        locationId: "store-a",
        sku: "TEE",
        delta: -11,
        reason: "COUNT",
        safetyStockIfNew: 1,
        by: "assoc-1",
      });
      expect(belowZero).toEqual({ ok: false, code: "NEGATIVE_STOCK", stock: stock("store-a", "TEE", 10, 0, 1) });
      // SOCK at store-b: 5 on hand, 2 reserved — at most 3 may leave.
      const belowReserved = await store.adjustStock({
        locationId: "store-b",
        sku: "SOCK",
        delta: -4,
        reason: "DAMAGE",
        safetyStockIfNew: 1,
        by: "assoc-1",
      });
      expect(belowReserved).toEqual({ ok: false, code: "NEGATIVE_STOCK", stock: stock("store-b", "SOCK", 5, 2, 1) });
      const neverCarried = await store.adjustStock({
        locationId: "store-c",
        sku: "TEE",
        delta: -1,
        reason: "COUNT",
        safetyStockIfNew: 1,
        by: "assoc-1",
      });
      expect(neverCarried).toEqual({ ok: false, code: "NEGATIVE_STOCK", stock: null });
      expect(
        await store.stockLevels([
          { locationId: "store-b", sku: "SOCK" },
          { locationId: "store-c", sku: "TEE" },
        ]),
      ).toEqual([stock("store-b", "SOCK", 5, 2, 1), null]);
      const exact = await store.adjustStock({
        locationId: "store-b",
        sku: "SOCK",
        delta: -3,
        reason: "DAMAGE",
        safetyStockIfNew: 1,
        by: "assoc-1",
      });
      expect(exact.ok && exact.stock.onHand).toBe(2);
    });

    it("never goes below zero or below reserved when 40 removals race from several instances", async () => {
      const stores = await start(4);
      // MUG at store-a: 6 on hand; hold 2 so that only 4 may leave.
      expect((await reserve(stores[0], "hold-2", [pickup("l1", "MUG", 2, "store-a")])).status).toBe("HELD");
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          stores[i % stores.length].adjustStock({
            locationId: "store-a",
            sku: "MUG",
            delta: -1,
            reason: "DAMAGE",
            safetyStockIfNew: 1,
            by: `assoc-${i}`,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(4);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "NEGATIVE_STOCK")).toBe(true);
      const after = await level(stores[1], "store-a", "MUG");
      expect(after).toMatchObject({ onHand: 2, reserved: 2 });
    });

    it("loses no update when receipts and removals race from several instances", async () => {
      const stores = await start(3);
      const deltas = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? -1 : 2));
      const results = await Promise.all(
        deltas.map((delta, i) =>
          stores[i % stores.length].adjustStock({
            locationId: "dc-1",
            sku: "TEE",
            delta,
            reason: "COUNT",
            safetyStockIfNew: 5,
            by: "dc-team",
          }),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect((await level(stores[2], "dc-1", "TEE"))?.onHand).toBe(20 + deltas.reduce((a, b) => a + b, 0));
    });

    describe("with an idempotency key", () => {
      const receipt = (key: string | null, delta = 3, locationId = "store-a") =>
        ({ locationId, sku: "TEE", delta, reason: "RECEIPT", safetyStockIfNew: 1, by: "assoc-1", key }) as const;

      it("applies the same key once when it arrives 20 times at once at several instances", async () => {
        const stores = await start(4);
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 4].adjustStock(receipt("device-1:delivery-7"))));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const repeats = results.filter((r) => !r.ok);
        expect(repeats).toHaveLength(19);
        for (const repeat of repeats) {
          expect(repeat.ok === false && repeat.code).toBe("APPLIED_EARLIER");
          expect(repeat.stock?.onHand).toBe(13);
        }
        expect((await level(stores[2], "store-a", "TEE"))?.onHand).toBe(13);
      });

      it("answers a later repeat with the stock as it now is, changing nothing", async () => {
        const store = await one();
        expect(await store.adjustStock(receipt("k1"))).toMatchObject({ ok: true, stock: { onHand: 13 } });
        await store.adjustStock(receipt(null, -2));
        clock.at = T0 + 60_000;
        const repeat = await store.adjustStock(receipt("k1"));
        expect(repeat).toEqual({
          ok: false,
          code: "APPLIED_EARLIER",
          stock: { ...stock("store-a", "TEE", 11, 0, 1), updatedAt: new Date(T0).toISOString() },
        });
        expect((await level(store, "store-a", "TEE"))?.onHand).toBe(11);
      });

      it("applies each of different keys, and a key once at each location", async () => {
        const stores = await start(3);
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 3].adjustStock(receipt(`k${i}`, 1))));
        expect(results.every((r) => r.ok)).toBe(true);
        expect((await level(stores[0], "store-a", "TEE"))?.onHand).toBe(22);
        // The same key at another location is another adjustment.
        expect((await stores[1].adjustStock(receipt("k0", 1, "store-b"))).ok).toBe(true);
        expect((await stores[2].adjustStock(receipt("k0", 1, "store-b"))).ok).toBe(false);
        expect((await level(stores[0], "store-b", "TEE"))?.onHand).toBe(4);
        expect((await level(stores[0], "store-a", "TEE"))?.onHand).toBe(22);
      });

      it("does not use the key of a refused adjustment, so a retry may apply later", async () => {
        const store = await one();
        const refused = await store.adjustStock(receipt("count-1", -11));
        expect(refused).toMatchObject({ ok: false, code: "NEGATIVE_STOCK" });
        await store.adjustStock(receipt(null, 1));
        expect(await store.adjustStock(receipt("count-1", -11))).toMatchObject({ ok: true, stock: { onHand: 0 } });
      });

      it("applies every call without a key, as always", async () => {
        const stores = await start(2);
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].adjustStock(receipt(null, 2))));
        expect(results.every((r) => r.ok)).toBe(true);
        expect((await level(stores[1], "store-a", "TEE"))?.onHand).toBe(30);
      });
    });
  });
}
