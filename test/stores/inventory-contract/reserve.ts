import { describe, expect, it } from "vitest";
import { T0, stock, pickup, ship, atp } from "./fixtures.js";
import type { ContractKit } from "./kit.js";

/** Reserve: all lines held or none, by sourcing over the counts as they are, once per key, under races. */
export function reservations(kit: ContractKit): void {
  const { clock, now, start, one, reserve, level } = kit;
  describe("reserve", () => {
    it("holds a pickup line at its store, and the hold counts against availability", async () => {
      const store = await one();
      const reservation = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a")], { ttlSeconds: 600 });
      expect(reservation).toEqual({
        id: expect.any(String),
        key: "k1",
        status: "HELD",
        holds: [{ lineKey: "l1", locationId: "store-a", sku: "TEE", quantity: 2 }],
        shortfalls: [],
        createdAt: now().toISOString(),
        expiresAt: new Date(T0 + 600_000).toISOString(),
        settledAt: null,
      });
      expect(await level(store, "store-a", "TEE")).toEqual({ ...stock("store-a", "TEE", 10, 2, 1), updatedAt: now().toISOString() });
    });

    it("splits a ship-to-home line no single location covers, and holds every part at once", async () => {
      const store = await one();
      const reservation = await reserve(store, "k1", [ship("l1", "LAMP", 4)]);
      expect(reservation.status).toBe("HELD");
      expect(reservation.holds).toEqual([
        { lineKey: "l1", locationId: "store-a", sku: "LAMP", quantity: 1 },
        { lineKey: "l1", locationId: "dc-1", sku: "LAMP", quantity: 3 },
      ]);
      const [lamps] = await store.stockForSkus(["LAMP"]);
      expect(lamps.map((r) => [r.locationId, r.reserved, atp(r)])).toEqual([
        ["dc-1", 3, 0],
        ["store-a", 1, 0],
      ]);
    });

    it("holds a line and a second line of the same SKU without counting a unit twice", async () => {
      const store = await one();
      const reservation = await reserve(store, "k1", [pickup("l1", "MUG", 3, "store-a"), pickup("l2", "MUG", 2, "store-a")]);
      expect(reservation.status).toBe("HELD");
      expect(await level(store, "store-a", "MUG")).toMatchObject({ reserved: 5 });
      const more = await reserve(store, "k2", [pickup("l1", "MUG", 1, "store-a")]);
      expect(more.status).toBe("REFUSED");
    });

    it("holds all lines or none: one short line refuses the whole reservation, holds nothing, and is not remembered", async () => {
      const store = await one();
      const refused = await reserve(store, "k1", [pickup("l1", "TEE", 1, "store-a"), pickup("l2", "TEE", 5, "store-b")]);
      expect(refused).toEqual({
        id: null,
        key: "k1",
        status: "REFUSED",
        holds: [],
        shortfalls: [{ lineKey: "l2", sku: "TEE", requested: 5, available: 2, alternatives: ["store-a"] }],
        createdAt: now().toISOString(),
        expiresAt: null,
        settledAt: null,
      });
      expect(
        await store.stockLevels([
          { locationId: "store-a", sku: "TEE" },
          { locationId: "store-b", sku: "TEE" },
        ]),
      ).toEqual([stock("store-a", "TEE", 10, 0, 1), stock("store-b", "TEE", 3, 0, 1)]);
      // Stock arrives; a retry with the same key may now succeed.
      await store.adjustStock({ locationId: "store-b", sku: "TEE", delta: 5, reason: "RECEIPT", safetyStockIfNew: 1, by: "assoc-1" });
      expect((await reserve(store, "k1", [pickup("l1", "TEE", 1, "store-a"), pickup("l2", "TEE", 5, "store-b")])).status).toBe("HELD");
    });

    it("answers the first reservation, changing nothing, when its key is used again", async () => {
      const store = await one();
      const first = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a")]);
      clock.at += 1_000;
      const again = await reserve(store, "k1", [pickup("l1", "TEE", 7, "store-a")]);
      expect(again).toEqual(first);
      expect((await level(store, "store-a", "TEE"))?.reserved).toBe(2);
    });

    it("holds into safety stock only for a till sale", async () => {
      const store = await one();
      // TEE at store-b: 3 on hand, safety stock 1: 2 promisable, 3 in hand.
      expect((await reserve(store, "web", [pickup("l1", "TEE", 3, "store-b")])).status).toBe("REFUSED");
      const till = await reserve(store, "till", [pickup("l1", "TEE", 3, "store-b")], { ignoreSafetyStock: true });
      expect(till.status).toBe("HELD");
      expect(await level(store, "store-b", "TEE")).toMatchObject({ onHand: 3, reserved: 3 });
    });

    it("refuses to apply a plan beyond what the planner was shown, changing nothing", async () => {
      const store = await one();
      const greedy = store.reserve({
        key: "k1",
        skus: ["TEE"],
        plan: () => ({ holds: [{ lineKey: "l1", locationId: "store-b", sku: "TEE", quantity: 3 }], shortfalls: [] }),
        ttlSeconds: 900,
        ignoreSafetyStock: false,
      });
      await expect(greedy).rejects.toThrow(/more than is available/);
      expect((await level(store, "store-b", "TEE"))?.reserved).toBe(0);
    });

    it("holds exactly the last 5 units when 40 shoppers on several instances reserve them at once", async () => {
      const stores = await start(4);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => reserve(stores[i % stores.length], `checkout-${i}`, [pickup("l1", "MUG", 1, "store-a")])),
      );
      const held = results.filter((r) => r.status === "HELD");
      expect(held).toHaveLength(5);
      expect(results.filter((r) => r.status === "REFUSED")).toHaveLength(35);
      expect(new Set(held.map((r) => r.id)).size).toBe(5);
      for (const store of stores) {
        const mug = await level(store, "store-a", "MUG");
        expect(mug).toMatchObject({ onHand: 6, reserved: 5 });
        expect(atp(mug)).toBe(0);
        expect(mug!.onHand - mug!.reserved).toBeGreaterThanOrEqual(0);
      }
    });

    it("never oversells a split shipment when mixed orders race for one network", async () => {
      const stores = await start(3);
      // LAMP ships from a network of 4 (1 + 3); orders of 1 and 2 race for it.
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => reserve(stores[i % stores.length], `order-${i}`, [ship("l1", "LAMP", 1 + (i % 2))])),
      );
      const heldUnits = results
        .filter((r) => r.status === "HELD")
        .flatMap((r) => r.holds)
        .reduce((sum, hold) => sum + hold.quantity, 0);
      // Some one-unit order is refused, which it only is once nothing is left: the network is sold out, not oversold.
      expect(heldUnits).toBe(4);
      const [lamps] = await stores[0].stockForSkus(["LAMP"]);
      expect(lamps.reduce((sum, r) => sum + r.reserved, 0)).toBe(heldUnits);
      for (const record of lamps) expect(record.reserved).toBeLessThanOrEqual(record.onHand - record.safetyStock);
    });

    it("holds once when the same key is reserved concurrently from several instances", async () => {
      const stores = await start(4);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => reserve(stores[i % stores.length], "same-checkout", [pickup("l1", "TEE", 2, "store-a")])),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.every((r) => r.status === "HELD")).toBe(true);
      expect((await level(stores[0], "store-a", "TEE"))?.reserved).toBe(2);
    });
  });
}
