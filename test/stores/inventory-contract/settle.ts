import { describe, expect, it } from "vitest";
import { T0, stock, pickup, ship } from "./fixtures.js";
import type { ContractKit } from "./kit.js";

/** Commit, return and release: each moves a reservation once, from the one status it applies to. */
export function settlements(kit: ContractKit): void {
  const { clock, now, start, one, reserve, level } = kit;
  describe("commitReservation", () => {
    it("takes the held units out of stock once; a second commit answers the same record", async () => {
      const store = await one();
      const held = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a"), ship("l2", "LAMP", 4)]);
      clock.at += 60_000;
      const committed = await store.commitReservation(held.id!);
      expect(committed).toEqual({ ...held, status: "COMMITTED", settledAt: now().toISOString() });
      const expectAfter = async () =>
        expect(
          await store.stockLevels([
            { locationId: "store-a", sku: "TEE" },
            { locationId: "store-a", sku: "LAMP" },
            { locationId: "dc-1", sku: "LAMP" },
          ]),
        ).toEqual([
          { ...stock("store-a", "TEE", 8, 0, 1), updatedAt: new Date(T0 + 60_000).toISOString() },
          { ...stock("store-a", "LAMP", 1, 0, 1), updatedAt: new Date(T0 + 60_000).toISOString() },
          { ...stock("dc-1", "LAMP", 5, 0, 5), updatedAt: new Date(T0 + 60_000).toISOString() },
        ]);
      await expectAfter();
      clock.at += 60_000;
      expect(await store.commitReservation(held.id!)).toEqual(committed);
      await expectAfter();
      // The key still answers the reservation, now committed.
      expect(await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a")])).toEqual(committed);
    });

    it("applies once when several instances commit the same reservation at once", async () => {
      const stores = await start(4);
      const held = await reserve(stores[0], "k1", [pickup("l1", "MUG", 3, "store-a")]);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length].commitReservation(held.id!)));
      expect(results.every((r) => r?.status === "COMMITTED" && r.settledAt === results[0]!.settledAt)).toBe(true);
      expect(await level(stores[0], "store-a", "MUG")).toMatchObject({ onHand: 3, reserved: 0 });
    });

    it("leaves a released reservation as it is, and answers null for an unknown one", async () => {
      const store = await one();
      const held = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a")]);
      const released = await store.releaseReservation(held.id!);
      expect(await store.commitReservation(held.id!)).toEqual(released);
      expect(await level(store, "store-a", "TEE")).toMatchObject({ onHand: 10, reserved: 0 });
      expect(await store.commitReservation("rsv-unknown")).toBeNull();
    });
  });

  describe("returnReservation", () => {
    it("puts a committed reservation's units back where they were taken, once, and says RETURNED", async () => {
      const store = await one();
      const levels = async () =>
        (
          await store.stockLevels([
            { locationId: "store-a", sku: "TEE" },
            { locationId: "store-a", sku: "LAMP" },
            { locationId: "dc-1", sku: "LAMP" },
          ])
        ).map((level) => level && { onHand: level.onHand, reserved: level.reserved });
      const before = await levels();
      const held = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a"), ship("l2", "LAMP", 4)]);
      await store.commitReservation(held.id!);
      expect(await levels()).not.toEqual(before);
      clock.at += 60_000;
      const returned = await store.returnReservation(held.id!);
      expect(returned).toEqual({ ...held, status: "RETURNED", settledAt: now().toISOString() });
      expect(await levels()).toEqual(before);
      expect(await store.returnReservation(held.id!)).toEqual(returned);
      expect(await levels()).toEqual(before);
    });

    it("applies once when several instances return the same reservation at once", async () => {
      const stores = await start(4);
      const held = await reserve(stores[0], "k1", [pickup("l1", "MUG", 3, "store-a")]);
      await stores[0].commitReservation(held.id!);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length].returnReservation(held.id!)));
      expect(results.every((r) => r?.status === "RETURNED")).toBe(true);
      expect(await level(stores[0], "store-a", "MUG")).toMatchObject({ onHand: 6, reserved: 0 });
    });

    it("leaves a held or released reservation as it is, and answers null for an unknown one", async () => {
      const store = await one();
      const held = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a")]);
      expect(await store.returnReservation(held.id!)).toEqual(held);
      const released = await store.releaseReservation(held.id!);
      expect(await store.returnReservation(held.id!)).toEqual(released);
      expect(await level(store, "store-a", "TEE")).toMatchObject({ onHand: 10, reserved: 0 });
      expect(await store.returnReservation("rsv-unknown")).toBeNull();
    });
  });

  describe("releaseReservation", () => {
    it("gives the held units back once; releasing again changes nothing", async () => {
      const store = await one();
      const held = await reserve(store, "k1", [pickup("l1", "SOCK", 2, "store-c")]);
      clock.at += 1_000;
      const released = await store.releaseReservation(held.id!);
      expect(released).toEqual({ ...held, status: "RELEASED", settledAt: now().toISOString() });
      expect(await level(store, "store-c", "SOCK")).toMatchObject({ onHand: 4, reserved: 0 });
      clock.at += 1_000;
      expect(await store.releaseReservation(held.id!)).toEqual(released);
      expect(await level(store, "store-c", "SOCK")).toMatchObject({ onHand: 4, reserved: 0 });
      expect(await store.releaseReservation("rsv-unknown")).toBeNull();
    });

    it("is a no-op after commit, even when commit and release race from several instances", async () => {
      const stores = await start(4);
      const held = await reserve(stores[0], "k1", [pickup("l1", "MUG", 2, "store-a")]);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0 ? stores[i % 4].commitReservation(held.id!) : stores[i % 4].releaseReservation(held.id!),
        ),
      );
      const final = results[results.length - 1]!.status;
      expect(["COMMITTED", "RELEASED"]).toContain(final);
      expect(results.every((r) => r?.status === results[0]!.status)).toBe(true);
      const mug = await level(stores[1], "store-a", "MUG");
      expect(mug).toMatchObject(final === "COMMITTED" ? { onHand: 4, reserved: 0 } : { onHand: 6, reserved: 0 });
    });
  });
}
