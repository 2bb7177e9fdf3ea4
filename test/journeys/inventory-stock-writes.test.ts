import { describe, expect, it } from "vitest";
import { postGraphQL } from "../helpers/graph.js";
import {
  ADJUST,
  RESERVE,
  associateOf,
  notCarriedAt,
  geoOf,
  graph,
  receiveAsAssociate,
  reserve,
  service,
  settle,
  stockAt,
  useInventoryGraph,
} from "../helpers/inventory-reservations.js";

// Stock writes at a store, by its associates only, and the reservation API, for services only. Each story works on
// SKUs no other story here touches, so the stories do not depend on their order.

useInventoryGraph();

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
