import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// A retailer runs Omnigraph on Redis, several instances of every subgraph sharing it. Each graph below is one set of
// instances (four subgraphs and a gateway); graphs given the same key prefix share one data set.

const world = demoWorld();
const graphs: TestGraph[] = [];
afterEach(async () => {
  await Promise.all(graphs.splice(0).map((g) => g.close()));
});
async function instance(prefix: string): Promise<TestGraph> {
  const graph = await startGraph({}, { redisPrefix: prefix });
  graphs.push(graph);
  return graph;
}

const atp = (s: { onHand: number; reserved: number; safetyStock: number }) => Math.max(0, s.onHand - s.reserved - s.safetyStock);
const lastFive = world.stock.find((s) => s.locationId.startsWith("store-") && atp(s) === 5)!;
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;

const CREATE = `mutation { createCart(input: {}) { cart { id } } }`;
const ADD = `mutation($id: ID!, $sku: ID!) { addCartLines(cartId: $id, lines: [{ sku: $sku, quantity: 1 }]) { cart { version } userErrors { code } } }`;
const PICKUP = `mutation($id: ID!, $store: ID!) { setCartFulfillment(cartId: $id, method: PICKUP_IN_STORE, locationId: $store) { cart { version } userErrors { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } userErrors { code } } }`;
const STOCK = `query($sku: ID, $store: ID!) { variant(sku: $sku) { stockAt(locationId: $store) { onHand reserved availableToPromise } } }`;
const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { id number } userErrors { code } } }`;

async function checkoutOne(graph: TestGraph, sku: string, store: string): Promise<string[]> {
  const cart = (await graph.query(CREATE)).body.data.createCart.cart.id;
  await graph.query(ADD, { id: cart, sku });
  await graph.query(PICKUP, { id: cart, store });
  const placed = await graph.query(CHECKOUT, { input: { cartId: cart, paymentToken: "tok_visa", idempotencyKey: randomUUID() } });
  return placed.body.data.checkout.order ? ["ORDER"] : placed.body.data.checkout.userErrors.map((e: { code: string }) => e.code);
}

describe("Omnigraph on Redis, scaled out and restarted", () => {
  it("40 checkouts through two sets of order and inventory instances compete for the last 5 units: exactly 5 orders", async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    const { sku, locationId } = lastFive;
    const outcomes = (await Promise.all(Array.from({ length: 40 }, (_, i) => checkoutOne(i % 2 ? a : b, sku, locationId)))).flat();
    expect(outcomes.filter((o) => o === "ORDER")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "OUT_OF_STOCK")).toHaveLength(35);
    for (const graph of [a, b]) {
      const level = (await graph.query(STOCK, { sku, store: locationId })).body.data.variant.stockAt;
      expect(level.availableToPromise).toBe(0);
      expect(level.onHand).toBe(lastFive.onHand - 5);
    }
  });

  it("a till sale survives every subgraph being stopped and started again: order, stock and timeline intact", async () => {
    const prefix = `test:${randomUUID()}:`;
    const first = await instance(prefix);
    const store = "store-05";
    const seller = staffOf(store);
    const stocked = world.stock.find((s) => s.locationId === store && s.onHand - s.reserved >= 3)!;
    const customer = world.customers[5];
    const sale = await first.query(
      SALE,
      { input: { locationId: store, lines: [{ sku: stocked.sku, quantity: 1 }], customerId: customer.id, paymentToken: "tok_visa" } },
      await first.as("associate", seller.id, store),
    );
    const order = sale.body.data.recordStoreSale.order;
    expect(order.number).toMatch(/^OG-/);
    await first.bus.drain();
    const stockBefore = (await first.query(STOCK, { sku: stocked.sku, store })).body.data.variant.stockAt;
    await first.close();
    graphs.splice(graphs.indexOf(first), 1);

    const second = await instance(prefix);
    const agent = await second.as("agent", "assoc-040");
    const again = await second.query(`{ order(number: "${order.number}") { id channel status } }`, undefined, agent);
    expect(again.body.data.order).toEqual({ id: order.id, channel: "STORE", status: "FULFILLED" });
    expect((await second.query(STOCK, { sku: stocked.sku, store })).body.data.variant.stockAt).toEqual(stockBefore);
    const timeline = await second.query(
      `{ customer(id: "${customer.id}") { timeline(first: 3) { nodes { type orderId } } } }`,
      undefined,
      agent,
    );
    expect(timeline.body.data.customer.timeline.nodes[0]).toEqual({ type: "STORE_PURCHASE", orderId: order.id });
  });

  it("an event published while the customer subgraph is down is in the timeline after it restarts", async () => {
    const prefix = `test:${randomUUID()}:`;
    const first = await instance(prefix);
    await first.stopSubgraph("customer");
    const store = "store-06";
    const seller = staffOf(store);
    const stocked = world.stock.find((s) => s.locationId === store && s.onHand - s.reserved >= 3)!;
    const customer = world.customers[6];
    const sale = await first.query(
      SALE,
      { input: { locationId: store, lines: [{ sku: stocked.sku, quantity: 1 }], customerId: customer.id, paymentToken: "tok_visa" } },
      await first.as("associate", seller.id, store),
    );
    const order = sale.body.data.recordStoreSale.order;
    expect(order).not.toBeNull();
    await first.close();
    graphs.splice(graphs.indexOf(first), 1);

    // The customer subgraph comes back (with the rest): its consumer group resumes where it stopped.
    const second = await instance(prefix);
    await second.bus.drain();
    const agent = await second.as("agent", "assoc-040");
    const timeline = await second.query(
      `{ customer(id: "${customer.id}") { timeline(first: 3) { nodes { type orderId } } } }`,
      undefined,
      agent,
    );
    expect(timeline.body.data.customer.timeline.nodes[0]).toEqual({ type: "STORE_PURCHASE", orderId: order.id });
  });
});

describe("the gateways' cache on Redis", () => {
  it("a persisted query registered through one gateway is known to another", async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    const query = `{ categories { id name } }`;
    const { createHash } = await import("node:crypto");
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (graph: TestGraph, body: Record<string, unknown>) =>
      fetch(graph.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<any>,
      );

    expect((await post(b, { extensions })).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await post(a, { query, extensions })).data.categories.length).toBeGreaterThan(0);
    const viaB = await post(b, { extensions });
    expect(viaB.errors).toBeUndefined();
    expect(viaB.data.categories.length).toBeGreaterThan(0);
  });
});
