import { describe, expect, it } from "vitest";
import { distanceKm } from "../../lib/geo.js";
import {
  Line,
  geoOf,
  notCarriedAt,
  receiveAsAssociate,
  reserve,
  restock,
  seeded,
  settle,
  stockAt,
  world,
  useInventoryGraph,
} from "../helpers/inventory-reservations.js";

// Reservations the order service makes: never a unit promised twice, every hold ending in a sale, a release or an
// expiry, and ship-to-home sourcing that keeps shipments few. Each story works on SKUs no other story here touches.

/** The inventory clock, moved forward by tests that need holds to lapse; everything else keeps real time. */
let skewMs = 0;
useInventoryGraph(() => new Date(Date.now() + skewMs));

describe("reservations never promise a unit twice", () => {
  const store = "store-05";
  const sku = notCarriedAt(store)[1];

  it("40 buyers race for the last 5 units at one store: exactly 5 holds, availability ends at 0 and never goes below", async () => {
    await receiveAsAssociate(store, sku, 6); // safety stock 1: 5 to promise
    const pickup = (i: number): Line[] => [{ lineKey: `line-${i}`, sku, quantity: 1, method: "PICKUP_IN_STORE", locationId: store }];
    let racing = true;
    const seen: number[] = [];
    const watcher = (async () => {
      while (racing) {
        const level = await stockAt(sku, store);
        seen.push(level.onHand - level.reserved - level.safetyStock);
      }
    })();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => reserve(`race-${i}`, pickup(i))));
    racing = false;
    await watcher;

    const held = results.filter((r) => r.status === "HELD");
    const refused = results.filter((r) => r.status === "REFUSED");
    expect(held).toHaveLength(5);
    expect(refused).toHaveLength(35);
    expect(new Set(held.map((r) => r.reservationId)).size).toBe(5);
    for (const r of refused) {
      expect(r).toMatchObject({ reservationId: null, holds: [], expiresAt: null });
      expect(r.shortfalls).toMatchObject([{ sku, requested: 1, available: 0 }]);
      expect(r.shortfalls[0].alternatives.length).toBeLessThanOrEqual(3);
      expect(r.shortfalls[0].alternatives).not.toContain(store);
    }
    expect(await stockAt(sku, store)).toEqual({ onHand: 6, reserved: 5, safetyStock: 1, availableToPromise: 0 });
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);

    // A refusal held nothing and is not remembered: once a unit comes back, the same key can succeed.
    await settle("releaseReservation", held[0].reservationId);
    const retried = await reserve("race-39", pickup(39));
    expect(retried.status).toBe("HELD");
    expect(await reserve("race-39", pickup(39))).toEqual(retried);

    // A till sale may take the unit kept back as safety stock (it is in the customer's hand); nothing beyond it.
    const till = await reserve("till-1", pickup(99), { ignore: true });
    expect(till.status).toBe("HELD");
    expect((await reserve("till-2", pickup(100), { ignore: true })).status).toBe("REFUSED");
    expect(await stockAt(sku, store)).toMatchObject({ onHand: 6, reserved: 6, availableToPromise: 0 });
  });

  it("the same key reserved 10 times at once holds once", async () => {
    const sku2 = notCarriedAt(store)[2];
    await receiveAsAssociate(store, sku2, 10);
    const lines: Line[] = [{ lineKey: "a", sku: sku2, quantity: 4, method: "PICKUP_IN_STORE", locationId: store }];
    const results = await Promise.all(Array.from({ length: 10 }, () => reserve("checkout-same-key", lines)));
    expect(results[0].status).toBe("HELD");
    for (const r of results) expect(r).toEqual(results[0]);
    expect(await stockAt(sku2, store)).toMatchObject({ onHand: 10, reserved: 4, availableToPromise: 5 });
  });

  it("a pickup at a store without that service is short by everything it asked for", async () => {
    const noCurbside = world.locations.find((l) => l.type === "STORE" && !l.capabilities.includes("CURBSIDE"))!;
    const sku3 = world.stock.find((s) => s.locationId === noCurbside.id && s.onHand - s.reserved - s.safetyStock >= 1)!.sku;
    const result = await reserve("curbside-nowhere", [
      { lineKey: "c", sku: sku3, quantity: 1, method: "CURBSIDE", locationId: noCurbside.id },
    ]);
    expect(result).toMatchObject({ status: "REFUSED", holds: [], shortfalls: [{ lineKey: "c", requested: 1, available: 0 }] });
    const curbsideStores = new Set(world.locations.filter((l) => l.capabilities.includes("CURBSIDE")).map((l) => l.id));
    for (const id of result.shortfalls[0].alternatives) expect(curbsideStores.has(id)).toBe(true);
  });
});

describe("a hold ends in a sale, a release or an expiry", () => {
  const store = "store-06";
  const skus = notCarriedAt(store).slice(3, 6);
  const line = (sku: string, quantity: number): Line[] => [{ lineKey: "l", sku, quantity, method: "PICKUP_IN_STORE", locationId: store }];

  it("commit takes the units off the shelf, once", async () => {
    const sku = skus[0];
    await receiveAsAssociate(store, sku, 8);
    const held = await reserve("to-commit", line(sku, 3));
    const committed = await settle("commitReservation", held.reservationId);
    expect(committed).toMatchObject({ reservationId: held.reservationId, status: "COMMITTED" });
    expect(await stockAt(sku, store)).toEqual({ onHand: 5, reserved: 0, safetyStock: 1, availableToPromise: 4 });
    expect((await settle("commitReservation", held.reservationId)).status).toBe("COMMITTED");
    expect((await settle("releaseReservation", held.reservationId)).status).toBe("COMMITTED");
    expect(await stockAt(sku, store)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("release gives the units back, once, and a released hold cannot be committed", async () => {
    const sku = skus[1];
    await receiveAsAssociate(store, sku, 8);
    const held = await reserve("to-release", line(sku, 3));
    expect((await stockAt(sku, store)).availableToPromise).toBe(4);
    expect((await settle("releaseReservation", held.reservationId)).status).toBe("RELEASED");
    expect((await settle("releaseReservation", held.reservationId)).status).toBe("RELEASED");
    expect((await settle("commitReservation", held.reservationId)).status).toBe("RELEASED");
    expect(await stockAt(sku, store)).toEqual({ onHand: 8, reserved: 0, safetyStock: 1, availableToPromise: 7 });
  });

  it("a hold that lapses gives its units back and cannot be committed afterwards", async () => {
    const sku = skus[2];
    await receiveAsAssociate(store, sku, 8);
    const held = await reserve("to-expire", line(sku, 3), { ttl: 1 });
    expect(Date.parse(held.expiresAt) - Date.now()).toBeLessThanOrEqual(1500);
    expect((await stockAt(sku, store)).reserved).toBe(3);
    skewMs += 2_000;
    expect(await stockAt(sku, store)).toEqual({ onHand: 8, reserved: 0, safetyStock: 1, availableToPromise: 7 });
    expect((await settle("commitReservation", held.reservationId)).status).toBe("EXPIRED");
    expect((await stockAt(sku, store)).onHand).toBe(8);
    // The same key answers the lapsed reservation rather than holding again.
    expect((await reserve("to-expire", line(sku, 3))).status).toBe("EXPIRED");
  });

  it("restock puts returned units back once per key", async () => {
    const sku = skus[0];
    expect(await restock("return-1", store, [{ sku, quantity: 2 }])).toBe(true);
    expect(await restock("return-1", store, [{ sku, quantity: 2 }])).toBe(true);
    expect(await stockAt(sku, store)).toMatchObject({ onHand: 7, reserved: 0 });
  });
});

describe("ship-to-home sourcing keeps shipments few", () => {
  // Quantities no demo location holds (distribution centers hold at most 180), so the stock each story adds decides.
  const shipTo = geoOf("dc-02");
  const unused = world.variants.map((v) => v.sku).slice(400);
  const [skuA, skuB, skuC] = unused;
  const skuE = unused.find((sku) => {
    const s = seeded("dc-02", sku);
    return s !== null && s.onHand - s.reserved - s.safetyStock >= 1 && sku !== skuC;
  })!;

  it("ships a two-line order from the one location that has both, not the nearest one that has one", async () => {
    await restock("dc-02-gets-A", "dc-02", [{ sku: skuA, quantity: 600 }]);
    for (const store of ["store-09", "store-11"]) {
      await receiveAsAssociate(store, skuA, 600);
      await receiveAsAssociate(store, skuB, 600);
    }
    const lines: Line[] = [
      { lineKey: "a", sku: skuA, quantity: 500, method: "SHIP_TO_HOME", shipTo },
      { lineKey: "b", sku: skuB, quantity: 500, method: "SHIP_TO_HOME", shipTo },
    ];
    const result = await reserve("ship-two-lines", lines);
    expect(result.status).toBe("HELD");
    // store-09 (Schaumburg) is nearer to the address than store-11 (Naperville); dc-02 is nearest but lacks B.
    expect(result.holds).toEqual([
      { lineKey: "a", locationId: "store-09", sku: skuA, quantity: 500 },
      { lineKey: "b", locationId: "store-09", sku: skuB, quantity: 500 },
    ]);
    expect((await stockAt(skuA, "store-09")).reserved).toBe(500);
    await settle("releaseReservation", result.reservationId);
  });

  it("splits a line across locations, nearest first, only when no single location has enough", async () => {
    await restock("dcs-get-C", "dc-01", [{ sku: skuC, quantity: 300 }]);
    await restock("dc-02-gets-C", "dc-02", [{ sku: skuC, quantity: 300 }]);
    const shippers = world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE"));
    const before = new Map<string, number>();
    for (const l of shippers) before.set(l.id, (await stockAt(skuC, l.id)).availableToPromise);
    expect(Math.max(...before.values())).toBeLessThan(500);

    const result = await reserve("ship-split", [
      { lineKey: "c", sku: skuC, quantity: 500, method: "SHIP_TO_HOME", shipTo },
      { lineKey: "e", sku: skuE, quantity: 1, method: "SHIP_TO_HOME", shipTo },
    ]);
    expect(result.status).toBe("HELD");
    expect(result.holds.filter((h: { lineKey: string }) => h.lineKey === "e")).toEqual([
      { lineKey: "e", locationId: "dc-02", sku: skuE, quantity: 1 },
    ]);
    const parts = result.holds.filter((h: { lineKey: string }) => h.lineKey === "c") as { locationId: string; quantity: number }[];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((sum, p) => sum + p.quantity, 0)).toBe(500);
    expect(parts[0]).toEqual({ lineKey: "c", locationId: "dc-02", sku: skuC, quantity: before.get("dc-02") });
    const km = parts.map((p) => distanceKm(shipTo, geoOf(p.locationId)));
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    for (const p of parts.slice(0, -1)) expect(p.quantity).toBe(before.get(p.locationId));
    await settle("releaseReservation", result.reservationId);
    expect((await stockAt(skuC, "dc-02")).availableToPromise).toBe(before.get("dc-02"));
  });

  it("refuses the whole order when the network cannot cover one line, holding nothing", async () => {
    const lines: Line[] = [
      { lineKey: "e", sku: skuE, quantity: 1, method: "SHIP_TO_HOME", shipTo },
      { lineKey: "too-many", sku: skuB, quantity: 5000, method: "SHIP_TO_HOME", shipTo },
    ];
    const before = await stockAt(skuE, "dc-02");
    const result = await reserve("ship-refused", lines);
    expect(result).toMatchObject({ status: "REFUSED", holds: [], shortfalls: [{ lineKey: "too-many", sku: skuB, requested: 5000 }] });
    expect(result.shortfalls[0].available).toBeGreaterThanOrEqual(1200 - 2);
    expect(await stockAt(skuE, "dc-02")).toEqual(before);
  });
});
