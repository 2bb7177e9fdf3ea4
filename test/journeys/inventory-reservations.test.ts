import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { distanceKm } from "../../lib/geo.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

// Stock writes and the reservation API the order service uses. Each story works on SKUs no other story here
// touches, so the stories do not depend on their order.

const world = demoWorld();
const carried = new Set(world.stock.map((s) => `${s.locationId}|${s.sku}`));
const seeded = (locationId: string, sku: string) => world.stock.find((s) => s.locationId === locationId && s.sku === sku) ?? null;
const geoOf = (locationId: string) => world.locations.find((l) => l.id === locationId)!.geo;
const associateOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
/** SKUs a location has never carried, so a story starts from a count it sets itself. */
const notCarriedAt = (locationId: string) => world.variants.map((v) => v.sku).filter((sku) => !carried.has(`${locationId}|${sku}`));

/** The inventory clock, moved forward by tests that need holds to lapse; everything else keeps real time. */
let skewMs = 0;
let graph: TestGraph;
let service: Record<string, string>;
beforeAll(async () => {
  graph = await startGraph({ inventory: { now: () => new Date(Date.now() + skewMs) } });
  service = graph.identity({ kind: "service", id: "order" });
});
afterAll(() => graph?.close());

const RESULT = `reservationId status expiresAt holds { lineKey locationId sku quantity } shortfalls { lineKey sku requested available alternatives }`;
const RESERVE = `mutation($key: String!, $lines: [ReservationLineInput!]!, $ttl: Int, $ignore: Boolean) {
  reserveStock(key: $key, lines: $lines, ttlSeconds: $ttl, ignoreSafetyStock: $ignore) { ${RESULT} } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) {
  stockLevel { sku onHand reserved safetyStock availableToPromise updatedAt location { id } } userErrors { code field } } }`;
const STOCK = `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved safetyStock availableToPromise } } }`;

interface Line {
  lineKey: string;
  sku: string;
  quantity: number;
  method: "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
  locationId?: string;
  shipTo?: { lat: number; lng: number };
}

async function reserve(key: string, lines: Line[], options: { ttl?: number; ignore?: boolean } = {}) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    RESERVE,
    { key, lines, ttl: options.ttl, ignore: options.ignore },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.reserveStock;
}

async function settle(action: "commitReservation" | "releaseReservation", reservationId: string) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    `mutation($id: ID!) { ${action}(reservationId: $id) { ${RESULT} } }`,
    { id: reservationId },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data[action];
}

async function restock(key: string, locationId: string, lines: { sku: string; quantity: number }[]) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    `mutation($key: String!, $at: ID!, $lines: [RestockLineInput!]!) { restock(key: $key, locationId: $at, lines: $lines) }`,
    { key, at: locationId, lines },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.restock as boolean;
}

async function stockAt(
  sku: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number; safetyStock: number; availableToPromise: number }> {
  const answer = await graph.query(STOCK, { sku, at: locationId });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt;
}

async function receiveAsAssociate(storeId: string, sku: string, delta: number) {
  const associate = associateOf(storeId);
  const answer = await graph.query(
    ADJUST,
    { input: { locationId: storeId, sku, delta, reason: "RECEIPT" } },
    await graph.as("associate", associate.id, storeId),
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.adjustStock.userErrors).toEqual([]);
  return answer.body.data.adjustStock.stockLevel;
}

describe("an associate keeps their store's stock right", () => {
  const store = "store-03";
  const sku = notCarriedAt(store)[0];

  it("receives a delivery of a SKU the store never carried, and shoppers see it at once", async () => {
    const before = Date.now();
    const level = await receiveAsAssociate(store, sku, 7);
    expect(level).toMatchObject({ sku, onHand: 7, reserved: 0, safetyStock: 1, availableToPromise: 6, location: { id: store } });
    expect(Date.parse(level.updatedAt)).toBeGreaterThanOrEqual(before - 1000);

    expect(await stockAt(sku, store)).toEqual({ onHand: 7, reserved: 0, safetyStock: 1, availableToPromise: 6 });
    const nearby = await graph.query(
      `query($sku: ID!, $near: GeoPointInput!) { variant(sku: $sku) { storeAvailability(near: $near, radiusKm: 0.5, first: 1) { location { id } availableToPromise } } }`,
      { sku, near: geoOf(store) },
    );
    expect(nearby.body.data.variant.storeAvailability).toEqual([{ location: { id: store }, availableToPromise: 6 }]);
  });

  it("an associate of another store, a customer or nobody cannot touch this store's stock", async () => {
    const input = { locationId: store, sku, delta: 5, reason: "RECEIPT" };
    const other = associateOf("store-04");
    const outsider = await graph.query(ADJUST, { input }, await graph.as("associate", other.id, "store-04"));
    expect(outsider.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const customer = await graph.query(ADJUST, { input }, await graph.as("customer", "cust-001"));
    expect(customer.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const anonymous = await graph.query(ADJUST, { input });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await stockAt(sku, store)).onHand).toBe(7);
  });

  it("refuses to take stock below zero or below what is reserved, and changes nothing", async () => {
    const headers = await graph.as("associate", associateOf(store).id, store);
    const tooMany = await graph.query(ADJUST, { input: { locationId: store, sku, delta: -8, reason: "DAMAGE" } }, headers);
    expect(tooMany.body.data.adjustStock.userErrors).toEqual([{ code: "NEGATIVE_STOCK", field: ["input", "delta"] }]);
    expect(tooMany.body.data.adjustStock.stockLevel.onHand).toBe(7);

    const held = await reserve("hold-before-count", [{ lineKey: "l1", sku, quantity: 3, method: "PICKUP_IN_STORE", locationId: store }]);
    expect(held.status).toBe("HELD");
    const belowReserved = await graph.query(ADJUST, { input: { locationId: store, sku, delta: -5, reason: "COUNT" } }, headers);
    expect(belowReserved.body.data.adjustStock.userErrors[0].code).toBe("NEGATIVE_STOCK");
    expect(await stockAt(sku, store)).toEqual({ onHand: 7, reserved: 3, safetyStock: 1, availableToPromise: 3 });

    const counted = await graph.query(ADJUST, { input: { locationId: store, sku, delta: -4, reason: "COUNT" } }, headers);
    expect(counted.body.data.adjustStock).toMatchObject({ stockLevel: { onHand: 3, reserved: 3, availableToPromise: 0 }, userErrors: [] });
    await settle("releaseReservation", held.reservationId);
  });

  it("rejects a zero or huge change, and names an unknown location to a service", async () => {
    const headers = await graph.as("associate", associateOf(store).id, store);
    for (const delta of [0, 10_001, -10_001]) {
      const answer = await graph.query(ADJUST, { input: { locationId: store, sku, delta, reason: "COUNT" } }, headers);
      expect(answer.body.data.adjustStock.userErrors).toEqual([{ code: "INVALID_QUANTITY", field: ["input", "delta"] }]);
    }
    const unknown = await postGraphQL(
      graph.subgraphs.inventory.url,
      ADJUST,
      { input: { locationId: "store-99", sku, delta: 1, reason: "RECEIPT" } },
      service,
    );
    expect(unknown.body.data.adjustStock).toEqual({
      stockLevel: null,
      userErrors: [{ code: "UNKNOWN_LOCATION", field: ["input", "locationId"] }],
    });
    expect((await stockAt(sku, store)).onHand).toBe(3);
  });

  it("receives a delivery sent twice with one idempotency key once, and refuses a key that is too long", async () => {
    const headers = await graph.as("associate", associateOf(store).id, store);
    const input = { locationId: store, sku, delta: 6, reason: "RECEIPT", idempotencyKey: "device-1:receipt-42" };
    const first = await graph.query(ADJUST, { input }, headers);
    expect(first.body.data.adjustStock).toMatchObject({ stockLevel: { onHand: 9 }, userErrors: [] });
    const again = await graph.query(ADJUST, { input }, headers);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.adjustStock).toMatchObject({ stockLevel: { sku, onHand: 9, location: { id: store } }, userErrors: [] });
    expect((await stockAt(sku, store)).onHand).toBe(9);

    const tooLong = await graph.query(ADJUST, { input: { ...input, idempotencyKey: "k".repeat(201) } }, headers);
    expect(tooLong.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const empty = await graph.query(ADJUST, { input: { ...input, idempotencyKey: "" } }, headers);
    expect(empty.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await stockAt(sku, store)).onHand).toBe(9);
  });
});

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

describe("the reservation API is for services only", () => {
  const internal = ["reserveStock", "commitReservation", "releaseReservation", "restock"];

  it("is not in the graph clients see", async () => {
    const headers = await graph.as("associate", associateOf("store-01").id, "store-01");
    const answer = await graph.query(`{ __schema { mutationType { fields { name } } types { name } } }`, undefined, headers);
    const mutations = answer.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations).toContain("adjustStock");
    for (const name of internal) expect(mutations).not.toContain(name);
    const types = answer.body.data.__schema.types.map((t: { name: string }) => t.name);
    for (const name of ["ReservationResult", "ReservationLineInput", "RestockLineInput", "ReservationHold", "StockShortfall"]) {
      expect(types).not.toContain(name);
    }
    const through = await graph.query(
      `mutation { restock(key: "k", locationId: "store-01", lines: [{ sku: "SKU-0001-01", quantity: 1 }]) }`,
      undefined,
      headers,
    );
    expect(through.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses anyone but a service calling the inventory service directly", async () => {
    const sku = "SKU-0001-01";
    const before = await stockAt(sku, "store-01");
    const calls = [
      [RESERVE, { key: "sneaky", lines: [{ lineKey: "x", sku, quantity: 1, method: "PICKUP_IN_STORE", locationId: "store-01" }] }],
      [`mutation { restock(key: "sneaky", locationId: "store-01", lines: [{ sku: "${sku}", quantity: 5 }]) }`, {}],
      [`mutation { releaseReservation(reservationId: "rsv-x") { status } }`, {}],
    ] as const;
    const people = [
      [{ kind: "associate", id: associateOf("store-01").id, storeId: "store-01" }, "FORBIDDEN"],
      [{ kind: "customer", id: "cust-001" }, "FORBIDDEN"],
      [{ kind: "agent", id: "assoc-037" }, "FORBIDDEN"],
      [{ kind: "anonymous" }, "UNAUTHENTICATED"],
      [{ kind: "kiosk", id: "kiosk-store-01-entrance", storeId: "store-01" }, "UNAUTHENTICATED"],
    ] as const;
    for (const [query, variables] of calls) {
      for (const [viewer, code] of people) {
        const answer = await postGraphQL(graph.subgraphs.inventory.url, query, variables, graph.identity(viewer));
        expect(answer.body.errors?.[0].extensions?.code).toBe(code);
      }
    }
    expect(await stockAt(sku, "store-01")).toEqual(before);
  });
});
