import { describe, expect, it } from "vitest";
import type { ReservationRecord } from "../../../subgraphs/inventory/store/index.js";
import { stock, pickup, ship } from "./fixtures.js";
import type { ContractKit } from "./kit.js";

/** Holds lapse at their expiry on every read and write; restock applies once per key; records are snapshots. */
export function expiryAndRestock(kit: ContractKit): void {
  const { clock, now, start, one, reserve, level } = kit;
  describe("expiry", () => {
    it("gives expired holds back before any read answers, without waiting for a sweep", async () => {
      const store = await one();
      const held = await reserve(store, "k1", [pickup("l1", "MUG", 5, "store-a")], { ttlSeconds: 60 });
      clock.at += 59_999;
      expect((await level(store, "store-a", "MUG"))?.reserved).toBe(5);
      clock.at += 1;
      expect(await level(store, "store-a", "MUG")).toEqual({ ...stock("store-a", "MUG", 6, 0, 1), updatedAt: now().toISOString() });
      const [[mug]] = await store.stockForSkus(["MUG"]);
      expect(mug.reserved).toBe(0);
      // The key answers the expired reservation; commit cannot revive it.
      const expired = await reserve(store, "k1", [pickup("l1", "MUG", 5, "store-a")]);
      expect(expired).toEqual({ ...held, status: "EXPIRED", settledAt: now().toISOString() });
      expect(await store.commitReservation(held.id!)).toEqual(expired);
      expect(await store.releaseReservation(held.id!)).toEqual(expired);
      expect(await level(store, "store-a", "MUG")).toMatchObject({ onHand: 6, reserved: 0 });
    });

    it("expires every due HELD reservation once, leaving settled and later ones alone", async () => {
      const store = await one();
      const short1 = await reserve(store, "a", [pickup("l1", "TEE", 1, "store-a")], { ttlSeconds: 30 });
      const short2 = await reserve(store, "b", [ship("l1", "LAMP", 4)], { ttlSeconds: 45 });
      const committed = await reserve(store, "c", [pickup("l1", "TEE", 2, "store-a")], { ttlSeconds: 30 });
      const released = await reserve(store, "d", [pickup("l1", "SOCK", 1, "store-c")], { ttlSeconds: 30 });
      const later = await reserve(store, "e", [pickup("l1", "TEE", 3, "store-a")], { ttlSeconds: 120 });
      await store.commitReservation(committed.id!);
      await store.releaseReservation(released.id!);
      expect(await store.expireReservations()).toBe(0);
      clock.at += 60_000;
      expect(await store.expireReservations()).toBe(2);
      expect(await store.expireReservations()).toBe(0);
      expect((await store.commitReservation(short1.id!))?.status).toBe("EXPIRED");
      expect((await store.releaseReservation(short2.id!))?.status).toBe("EXPIRED");
      expect((await store.commitReservation(committed.id!))?.status).toBe("COMMITTED");
      expect((await store.commitReservation(released.id!))?.status).toBe("RELEASED");
      expect((await store.releaseReservation(later.id!))?.status).toBe("RELEASED");
      const levels = await store.stockLevels([
        { locationId: "store-a", sku: "TEE" },
        { locationId: "store-a", sku: "LAMP" },
        { locationId: "dc-1", sku: "LAMP" },
        { locationId: "store-c", sku: "SOCK" },
      ]);
      expect(levels.map((r) => [r?.onHand, r?.reserved])).toEqual([
        [8, 0],
        [2, 0],
        [8, 0],
        [4, 0],
      ]);
    });

    it("expires each reservation once when several instances sweep at the same time", async () => {
      const stores = await start(4);
      for (let i = 0; i < 5; i++) await reserve(stores[0], `k${i}`, [pickup("l1", "MUG", 1, "store-a")], { ttlSeconds: 10 });
      clock.at += 10_000;
      const counts = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 4].expireReservations()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
      expect(await level(stores[3], "store-a", "MUG")).toMatchObject({ onHand: 6, reserved: 0 });
    });

    it("lets a new shopper have units whose hold lapsed", async () => {
      const store = await one();
      await reserve(store, "first", [pickup("l1", "MUG", 5, "store-a")], { ttlSeconds: 60 });
      expect((await reserve(store, "second", [pickup("l1", "MUG", 5, "store-a")])).status).toBe("REFUSED");
      clock.at += 60_000;
      expect((await reserve(store, "second", [pickup("l1", "MUG", 5, "store-a")])).status).toBe("HELD");
      expect((await level(store, "store-a", "MUG"))?.reserved).toBe(5);
    });
  });

  describe("restock", () => {
    it("adds every line once per key, creating records where the location never carried the SKU", async () => {
      const store = await one();
      const request = {
        key: "return-1",
        locationId: "store-c",
        lines: [
          { sku: "TEE", quantity: 2 },
          { sku: "SOCK", quantity: 1 },
          { sku: "TEE", quantity: 1 },
        ],
        safetyStockIfNew: 1,
        by: "order",
      };
      expect(await store.restock(request)).toBe(true);
      expect(await store.restock(request)).toBe(false);
      expect(
        await store.stockLevels([
          { locationId: "store-c", sku: "TEE" },
          { locationId: "store-c", sku: "SOCK" },
        ]),
      ).toEqual([
        { locationId: "store-c", sku: "TEE", onHand: 3, reserved: 0, safetyStock: 1, updatedAt: now().toISOString() },
        { ...stock("store-c", "SOCK", 5, 0, 1), updatedAt: now().toISOString() },
      ]);
      expect(await store.restock({ ...request, key: "return-2" })).toBe(true);
      expect((await level(store, "store-c", "TEE"))?.onHand).toBe(6);
    });

    it("applies once when the same key arrives at several instances at once", async () => {
      const stores = await start(4);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % 4].restock({
            key: "cancel-9",
            locationId: "store-a",
            lines: [{ sku: "MUG", quantity: 2 }],
            safetyStockIfNew: 1,
            by: "order",
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await level(stores[0], "store-a", "MUG"))?.onHand).toBe(8);
    });
  });

  it("answers snapshots: a record already read does not change when stock does", async () => {
    const store = await one();
    const before = await level(store, "store-a", "TEE");
    const reservation: ReservationRecord = await reserve(store, "k1", [pickup("l1", "TEE", 1, "store-a")]);
    await store.commitReservation(reservation.id!);
    expect(before).toEqual(stock("store-a", "TEE", 10, 0, 1));
    expect(reservation.status).toBe("HELD");
  });
}
