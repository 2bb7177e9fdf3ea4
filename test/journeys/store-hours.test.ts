import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { DEFAULT_BACKEND, startGraph, type TestGraph } from "../helpers/graph.js";

// Store hours with dated exceptions, told through the gateway on the memory and the Redis stores. The clock is the
// one the product page's stories fix: Tuesday 3 November 2026 at 10:00 in Chicago (16:00 UTC, CST), every store open;
// it moves to Wednesday 4 November, the day the manager of State Street (store-01, the Loop) closes the store.

const TUESDAY = new Date("2026-11-03T16:00:00.000Z");
const WEDNESDAY = new Date("2026-11-04T16:00:00.000Z");
/** Thursday 5 November 09:00 CST: State Street's next opening after the closed Wednesday. */
const THURSDAY_OPENING = "2026-11-05T15:00:00.000Z";
const CLOSED_DAY = "2026-11-04";
const STORE = "store-01";
const LOOP = { lat: 41.8837, lng: -87.6278 };

const world = demoWorld();
const manager = world.associates.find((a) => a.role === "STORE_MANAGER" && a.homeStoreId === STORE)!;
const floorAssociate = world.associates.find((a) => a.role === "STORE_ASSOCIATE" && a.homeStoreId === STORE)!;
const otherManager = world.associates.find((a) => a.role === "STORE_MANAGER" && a.homeStoreId === "store-02")!;
/** State Street's pickup lead time, minutes. */
const lead = world.locations.find((l) => l.id === STORE)!.pickupLeadTimeMinutes!;
/** A SKU State Street can promise, for a pickup cart and its product page. */
const sku = world.stock.find((s) => s.locationId === STORE && s.onHand - s.reserved - s.safetyStock >= 3)!.sku;

const clock = { now: TUESDAY };
const redisPrefix = DEFAULT_BACKEND === "redis" ? `test:${randomUUID()}:` : undefined;
let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({ inventory: { now: () => clock.now } }, { redisPrefix });
});
afterAll(() => graph?.close());

const ERRORS = `userErrors { code message field }`;
const HOURS = `id openNow nextOpening pickupReadyBy hoursExceptions { date closed opens closes reason }`;
const SET = `mutation($input: SetStoreHoursExceptionInput!) { setStoreHoursException(input: $input) { location { ${HOURS} } exception { date closed reason } ${ERRORS} } }`;
const CLEAR = `mutation($input: ClearStoreHoursExceptionInput!) { clearStoreHoursException(input: $input) { location { id openNow } exception { date reason } ${ERRORS} } }`;
const closure = { locationId: STORE, date: CLOSED_DAY, closed: true, reason: "Water main repair" };

async function asManager() {
  return graph.as("associate", manager.id, STORE);
}

describe("a store manager closes the store for a day", () => {
  it("is refused to anyone but the store's manager, and nothing changes", async () => {
    const refused = [
      await graph.as("associate", floorAssociate.id, STORE),
      await graph.as("associate", otherManager.id, "store-02"),
      // A manager's token naming another store does not make them its manager.
      await graph.as("associate", otherManager.id, STORE),
      await graph.as("customer", world.customers[0].id),
      await graph.as("agent", world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!.id),
    ];
    for (const headers of refused) {
      const answer = await graph.query(SET, { input: closure }, headers);
      expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe("FORBIDDEN");
    }
    const anonymous = await graph.query(SET, { input: closure });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const clear = await graph.query(
      CLEAR,
      { input: { locationId: STORE, date: CLOSED_DAY } },
      await graph.as("associate", floorAssociate.id, STORE),
    );
    expect(clear.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const read = await graph.query(`query { location(id: "${STORE}") { hoursExceptions { date } } }`);
    expect(read.body.data.location.hoursExceptions.map((e: { date: string }) => e.date)).not.toContain(CLOSED_DAY);
  });

  it("tells the manager what the input gets wrong, with typed codes", async () => {
    const headers = await asManager();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...closure, date: "2026-11-31" }, "INVALID_DATE", "date"],
      [{ ...closure, date: "2026-11-02" }, "INVALID_DATE", "date"],
      [{ ...closure, closed: false, opens: "18:00", closes: "09:00" }, "INVALID_HOURS", "closes"],
      [{ ...closure, closed: false }, "INVALID_HOURS", "opens"],
      [{ ...closure, reason: " " }, "INVALID_REASON", "reason"],
    ];
    for (const [input, code, field] of cases) {
      const answer = await graph.query(SET, { input }, headers);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.setStoreHoursException).toMatchObject({ exception: null, userErrors: [{ code, field: ["input", field] }] });
    }
  });

  it("the manager closes tomorrow: today is unchanged, and the next opening skips the closed day", async () => {
    const answer = await graph.query(SET, { input: closure }, await asManager());
    expect(answer.body.errors).toBeUndefined();
    const payload = answer.body.data.setStoreHoursException;
    expect(payload.userErrors).toEqual([]);
    expect(payload.exception).toEqual({ date: CLOSED_DAY, closed: true, reason: "Water main repair" });
    expect(payload.location).toMatchObject({
      id: STORE,
      openNow: true,
      // Open now, so the next opening is the one after today's: Wednesday is closed, so Thursday.
      nextOpening: THURSDAY_OPENING,
      pickupReadyBy: new Date(TUESDAY.getTime() + lead * 60_000).toISOString(),
    });
    expect(payload.location.hoursExceptions).toContainEqual({
      date: CLOSED_DAY,
      closed: true,
      opens: null,
      closes: null,
      reason: "Water main repair",
    });
    // The demo's Thanksgiving is listed too, after it.
    const dates = payload.location.hoursExceptions.map((e: { date: string }) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates).toContain("2026-11-26");
  });

  it("on the closed day, a shopper nearby sees the store closed, opening the day after, and other stores open", async () => {
    clock.now = WEDNESDAY;
    const answer = await graph.query(
      `query($near: GeoPointInput!) { locations(near: $near, radiusKm: 6, capability: PICKUP, first: 4) { nodes { ${HOURS} } } }`,
      { near: LOOP },
      await graph.as("customer", world.customers[1].id),
    );
    expect(answer.body.errors).toBeUndefined();
    const [nearest, ...others] = answer.body.data.locations.nodes;
    expect(nearest).toMatchObject({
      id: STORE,
      openNow: false,
      nextOpening: THURSDAY_OPENING,
      pickupReadyBy: new Date(Date.parse(THURSDAY_OPENING) + lead * 60_000).toISOString(),
    });
    expect(nearest.hoursExceptions[0]).toMatchObject({ date: CLOSED_DAY, closed: true });
    expect(others.length).toBeGreaterThan(0);
    for (const store of others) expect(store).toMatchObject({ openNow: true });
  });

  it("the product page's pickup time for the store moves to the next opening", async () => {
    const answer = await graph.query(
      `query($sku: ID!, $near: GeoPointInput!) { variant(sku: $sku) { sku storeAvailability(near: $near, radiusKm: 1, first: 1) { location { id } pickupReadyBy } } }`,
      { sku, near: LOOP },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.variant.storeAvailability).toEqual([
      { location: { id: STORE }, pickupReadyBy: new Date(Date.parse(THURSDAY_OPENING) + lead * 60_000).toISOString() },
    ]);
  });

  it("an order for pickup there is ready at the next opening plus the lead time", async () => {
    const shopper = { ...(await graph.as("customer", world.customers[2].id)), "x-channel": "WEB" };
    const created = await graph.query(`mutation { createCart(input: {}) { cart { id } } }`, {}, shopper);
    const cartId = created.body.data.createCart.cart.id;
    await graph.query(
      `mutation($id: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $id, lines: $lines) { ${ERRORS} } }`,
      {
        id: cartId,
        lines: [{ sku, quantity: 1 }],
      },
      shopper,
    );
    const set = await graph.query(
      `mutation($id: ID!, $at: ID) { setCartFulfillment(cartId: $id, lineIds: null, method: PICKUP_IN_STORE, locationId: $at) { cart { deliveryGroups { method location { id openNow nextOpening pickupReadyBy } } } ${ERRORS} } }`,
      { id: cartId, at: STORE },
      shopper,
    );
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.setCartFulfillment.userErrors).toEqual([]);
    expect(set.body.data.setCartFulfillment.cart.deliveryGroups).toEqual([
      {
        method: "PICKUP_IN_STORE",
        location: {
          id: STORE,
          openNow: false,
          nextOpening: THURSDAY_OPENING,
          pickupReadyBy: new Date(Date.parse(THURSDAY_OPENING) + lead * 60_000).toISOString(),
        },
      },
    ]);
  });

  it.runIf(redisPrefix !== undefined)("the closure survives a restart on Redis", async () => {
    const restarted = await startGraph({ inventory: { now: () => WEDNESDAY } }, { redisPrefix });
    try {
      const answer = await restarted.query(
        `query { location(id: "${STORE}") { openNow nextOpening hoursExceptions { date closed reason } } }`,
      );
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.location).toMatchObject({ openNow: false, nextOpening: THURSDAY_OPENING });
      expect(answer.body.data.location.hoursExceptions[0]).toEqual({ date: CLOSED_DAY, closed: true, reason: "Water main repair" });
    } finally {
      await restarted.close();
    }
  });

  it("the manager reopens the day: the weekly hours apply again", async () => {
    const cleared = await graph.query(CLEAR, { input: { locationId: STORE, date: CLOSED_DAY } }, await asManager());
    expect(cleared.body.errors).toBeUndefined();
    expect(cleared.body.data.clearStoreHoursException).toEqual({
      location: { id: STORE, openNow: true },
      exception: { date: CLOSED_DAY, reason: "Water main repair" },
      userErrors: [],
    });
    const again = await graph.query(CLEAR, { input: { locationId: STORE, date: CLOSED_DAY } }, await asManager());
    expect(again.body.data.clearStoreHoursException).toMatchObject({ exception: null, userErrors: [] });
  });
});
