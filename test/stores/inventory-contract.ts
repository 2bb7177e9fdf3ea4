import { afterEach, describe, expect, it } from "vitest";
import type { InventorySeed } from "../../subgraphs/inventory/seed.js";
import { planSourcing } from "../../subgraphs/inventory/rules/sourcing.js";
import type {
  InventoryStore,
  LocationRecord,
  ReservationLine,
  ReservationRecord,
  StockRecord,
} from "../../subgraphs/inventory/store/index.js";

/**
 * The inventory store's contract, run against every implementation. Each story opens a fresh store on a small
 * network of its own; stories about concurrency open several instances of one store, as several subgraph processes
 * sharing one database would be.
 */

export interface InventoryStoreHarness {
  /** One store per subgraph instance, all on the same data. An in-process store has one instance, repeated. */
  stores: InventoryStore[];
  close(): Promise<void>;
}

export type MakeInventoryStore = (setup: { seed: InventorySeed; now: () => Date; instances: number }) => Promise<InventoryStoreHarness>;

const T0 = Date.parse("2030-03-04T15:00:00.000Z");
const SEEDED_AT = "2030-03-01T09:00:00.000Z";

function location(
  id: string,
  type: LocationRecord["type"],
  capabilities: LocationRecord["capabilities"],
  lat: number,
  lng: number,
): LocationRecord {
  return {
    id,
    name: `Test ${id}`,
    type,
    address: { line1: "1 Main St", line2: null, city: "Chicago", region: "IL", postalCode: "60601", country: "US" },
    geo: { lat, lng },
    openingHours: [{ day: 1, opens: "09:00", closes: "21:00" }],
    capabilities,
    pickupLeadTimeMinutes: type === "STORE" ? 60 : null,
  };
}

const stock = (locationId: string, sku: string, onHand: number, reserved: number, safetyStock: number): StockRecord => ({
  locationId,
  sku,
  onHand,
  reserved,
  safetyStock,
  updatedAt: SEEDED_AT,
});

/** Listed out of id order on purpose: stores answer ordered by id whatever order they were given. */
function testSeed(): InventorySeed {
  return {
    locations: [
      location("store-b", "STORE", ["PICKUP"], 41.9, -87.65),
      location("store-a", "STORE", ["PICKUP", "CURBSIDE", "SHIP_FROM_STORE"], 41.8837, -87.6278),
      location("dc-1", "DISTRIBUTION_CENTER", [], 41.7, -87.9),
      location("store-c", "STORE", ["PICKUP", "CURBSIDE"], 41.95, -87.7),
    ],
    stock: [
      stock("store-b", "TEE", 3, 0, 1),
      stock("store-a", "TEE", 10, 0, 1),
      stock("dc-1", "TEE", 20, 0, 5),
      // The last 5 promisable units of a mug, at one store.
      stock("store-a", "MUG", 6, 0, 1),
      // Ship-to-home network of 4: one at a ship-from-store store, three at the DC.
      stock("store-a", "LAMP", 2, 0, 1),
      stock("dc-1", "LAMP", 8, 0, 5),
      // Already partly held when seeded.
      stock("store-b", "SOCK", 5, 2, 1),
      stock("store-c", "SOCK", 4, 0, 1),
    ],
  };
}

const pickup = (lineKey: string, sku: string, quantity: number, locationId: string): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "PICKUP_IN_STORE",
  locationId,
  shipTo: null,
});

const ship = (lineKey: string, sku: string, quantity: number): ReservationLine => ({
  lineKey,
  sku,
  quantity,
  method: "SHIP_TO_HOME",
  locationId: null,
  shipTo: { lat: 41.88, lng: -87.63 },
});

const atp = (record: StockRecord | null) => (record ? Math.max(0, record.onHand - record.reserved - record.safetyStock) : 0);

export function inventoryStoreContract(name: string, makeStore: MakeInventoryStore): void {
  describe(`the ${name} inventory store`, () => {
    let clock = T0;
    const now = () => new Date(clock);
    const open: InventoryStoreHarness[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((harness) => harness.close()));
      clock = T0;
    });

    /** A fresh store on the test network; `instances` > 1 for stories about several processes. */
    async function start(instances = 1): Promise<InventoryStore[]> {
      const harness = await makeStore({ seed: testSeed(), now, instances });
      open.push(harness);
      return harness.stores;
    }
    async function one(): Promise<InventoryStore> {
      return (await start())[0];
    }

    const locations = testSeed().locations;
    function reserve(
      store: InventoryStore,
      key: string,
      lines: ReservationLine[],
      options: { ttlSeconds?: number; ignoreSafetyStock?: boolean } = {},
    ) {
      return store.reserve({
        key,
        skus: [...new Set(lines.map((line) => line.sku))],
        plan: (available) => planSourcing(lines, locations, available),
        ttlSeconds: options.ttlSeconds ?? 900,
        ignoreSafetyStock: options.ignoreSafetyStock ?? false,
      });
    }
    async function level(store: InventoryStore, locationId: string, sku: string): Promise<StockRecord | null> {
      return (await store.stockLevels([{ locationId, sku }]))[0];
    }

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
        clock = T0 + 5_000;
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
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, i) => stores[i % 4].adjustStock(receipt("device-1:delivery-7"))),
          );
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
          clock = T0 + 60_000;
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
        clock += 1_000;
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

    describe("commitReservation", () => {
      it("takes the held units out of stock once; a second commit answers the same record", async () => {
        const store = await one();
        const held = await reserve(store, "k1", [pickup("l1", "TEE", 2, "store-a"), ship("l2", "LAMP", 4)]);
        clock += 60_000;
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
        clock += 60_000;
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
        clock += 60_000;
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
        clock += 1_000;
        const released = await store.releaseReservation(held.id!);
        expect(released).toEqual({ ...held, status: "RELEASED", settledAt: now().toISOString() });
        expect(await level(store, "store-c", "SOCK")).toMatchObject({ onHand: 4, reserved: 0 });
        clock += 1_000;
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

    describe("expiry", () => {
      it("gives expired holds back before any read answers, without waiting for a sweep", async () => {
        const store = await one();
        const held = await reserve(store, "k1", [pickup("l1", "MUG", 5, "store-a")], { ttlSeconds: 60 });
        clock += 59_999;
        expect((await level(store, "store-a", "MUG"))?.reserved).toBe(5);
        clock += 1;
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
        clock += 60_000;
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
        clock += 10_000;
        const counts = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 4].expireReservations()));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
        expect(await level(stores[3], "store-a", "MUG")).toMatchObject({ onHand: 6, reserved: 0 });
      });

      it("lets a new shopper have units whose hold lapsed", async () => {
        const store = await one();
        await reserve(store, "first", [pickup("l1", "MUG", 5, "store-a")], { ttlSeconds: 60 });
        expect((await reserve(store, "second", [pickup("l1", "MUG", 5, "store-a")])).status).toBe("REFUSED");
        clock += 60_000;
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
  });
}
