import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import { formatAmount } from "../../lib/money.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Stores and service desks on the graph: an associate or agent builds a cart for a customer and is credited with the
// order, a store works its ship-from-store queue (pick, pack, ship with tracking the customer sees), a till sale is
// paid with card and cash and reads as bought in store, and a merged cart points at the cart it went into.

const world = demoWorld();
const pickupStore = world.locations.find((l) => l.type === "STORE" && l.capabilities.includes("PICKUP"))!;
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId && a.role !== "CALL_CENTER_AGENT")!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const stores = new Set(world.locations.filter((l) => l.type === "STORE").map((l) => l.id));
/** A shipment nobody has started on that leaves from a store (ship-from-store), with a customer to see it. */
const shipFromStore = world.orders.find(
  (o) =>
    o.customerId &&
    o.fulfillments.length === 1 &&
    o.fulfillments[0].method === "SHIP_TO_HOME" &&
    o.fulfillments[0].status === "PENDING" &&
    stores.has(o.fulfillments[0].originId ?? ""),
)!;
const shipStore = shipFromStore.fulfillments[0].originId!;
const touched = new Set(shipFromStore.lines.map((l) => l.sku));
/** A SKU the store has `units` of beyond what is reserved, not used by another story here. */
function stockedAt(storeId: string, units: number): string {
  const sku = world.stock.find((s) => s.locationId === storeId && s.onHand - s.reserved >= units && !touched.has(s.sku))!.sku;
  touched.add(sku);
  return sku;
}
const [assisted, phoned, merging] = world.customers.filter((c) => c.id !== shipFromStore.customerId && c.addresses.length > 0);

const ERRORS = `userErrors { code message field }`;
const CART = `id customer { id } createdChannel attribution { channel location { id } associate { id } }`;
const CREATE = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { ${CART} } ${ERRORS} } }`;
const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { cart { id } ${ERRORS} } }`;
const SET = `mutation($cartId: ID!, $method: FulfillmentMethod!, $locationId: ID, $address: AddressInput) {
  setCartFulfillment(cartId: $cartId, method: $method, locationId: $locationId, shippingAddress: $address) { cart { id } ${ERRORS} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id channel attribution { channel location { id } associate { id } } } ${ERRORS} } }`;
const SALES = `query($id: ID!, $from: DateTime!, $to: DateTime!) { associate(id: $id) { attributedSales(from: $from, to: $to) { orderCount } } }`;
const QUEUE = `query($id: ID!, $method: FulfillmentMethod, $status: FulfillmentStatus, $first: Int, $after: String) {
  location(id: $id) { fulfillmentQueue(method: $method, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id method status origin { id } order { id } } } } }`;
const ADVANCE = `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } ${ERRORS} } }`;
const SHIP = `mutation($id: ID!, $carrier: String!, $number: String!) {
  shipFulfillment(fulfillmentId: $id, carrier: $carrier, trackingNumber: $number) { fulfillment { status tracking { carrier number url } } ${ERRORS} } }`;
const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) {
  order { id total { amount } purchasedInStore tenders { method amount { amount } giftCardLast4 } fulfillments { method status } } ${ERRORS} } }`;

let graph: TestGraph;
const payments = new TestPaymentProvider();
const published: DomainEvent[] = [];
beforeAll(async () => {
  graph = await startGraph({ order: { payments } });
  graph.bus.subscribe("store-work-test", async (event) => void published.push(event));
});
afterAll(() => graph?.close());

async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const answer = await graph.query(query, variables, headers);
  expect(answer.body.errors).toBeUndefined();
  return Object.values(answer.body.data as Record<string, any>)[0];
}

const range = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
const addressOf = (customer: (typeof world.customers)[number]) => {
  const { line1, line2, city, region, postalCode, country } = customer.addresses[0];
  return { line1, line2, city, region, postalCode, country };
};

describe("assisted selling", () => {
  it("an associate builds a cart for a customer at the store; the customer's app shows it; the order is credited to the associate", async () => {
    const associate = staffOf(pickupStore.id);
    const tablet = await graph.as("associate", associate.id, pickupStore.id);
    const created = await run(CREATE, { input: { customerId: assisted.id } }, tablet);
    expect(created.userErrors).toEqual([]);
    expect(created.cart).toMatchObject({
      customer: { id: assisted.id },
      createdChannel: "STORE",
      attribution: { channel: "STORE", location: { id: pickupStore.id }, associate: { id: associate.id } },
    });
    const cartId = created.cart.id;
    expect((await run(ADD, { cartId, lines: [{ sku: stockedAt(pickupStore.id, 3), quantity: 1 }] }, tablet)).userErrors).toEqual([]);
    expect((await run(SET, { cartId, method: "PICKUP_IN_STORE", locationId: pickupStore.id }, tablet)).userErrors).toEqual([]);

    // The customer's app reads it as their active cart, and they check it out themselves.
    const app = { ...(await graph.as("customer", assisted.id)), "x-channel": "MOBILE_APP" };
    expect((await run(`{ me { activeCart { id } } }`, {}, app)).activeCart).toEqual({ id: cartId });
    const salesBefore = (await run(SALES, { id: associate.id, ...range() }, tablet)).attributedSales.orderCount;
    const placed = await run(CHECKOUT, { input: { cartId, paymentToken: "tok_visa", idempotencyKey: `assisted-${cartId}` } }, app);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({
      channel: "MOBILE_APP",
      attribution: { location: { id: pickupStore.id }, associate: { id: associate.id } },
    });
    expect((await run(SALES, { id: associate.id, ...range() }, tablet)).attributedSales.orderCount).toBe(salesBefore + 1);
  });

  it("an agent takes a phone order for a customer and is credited with it", async () => {
    const desk = await graph.as("agent", agent.id);
    const salesBefore = (await run(SALES, { id: agent.id, ...range() }, desk)).attributedSales.orderCount;
    const created = await run(CREATE, { input: { customerId: phoned.id } }, desk);
    expect(created.userErrors).toEqual([]);
    expect(created.cart).toMatchObject({
      customer: { id: phoned.id },
      attribution: { channel: "CALL_CENTER", location: null, associate: { id: agent.id } },
    });
    const cartId = created.cart.id;
    const dc = world.locations.find((l) => l.type === "DISTRIBUTION_CENTER")!;
    expect((await run(ADD, { cartId, lines: [{ sku: stockedAt(dc.id, 3), quantity: 1 }] }, desk)).userErrors).toEqual([]);
    expect((await run(SET, { cartId, method: "SHIP_TO_HOME", address: addressOf(phoned) }, desk)).userErrors).toEqual([]);
    const placed = await run(CHECKOUT, { input: { cartId, paymentToken: "tok_visa", idempotencyKey: `phone-${cartId}` } }, desk);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({ channel: "CALL_CENTER", attribution: { channel: "CALL_CENTER", associate: { id: agent.id } } });
    expect((await run(SALES, { id: agent.id, ...range() }, desk)).attributedSales.orderCount).toBe(salesBefore + 1);
  });

  it("a customer may not build a cart for someone else; for themselves it is an ordinary cart", async () => {
    const app = await graph.as("customer", merging.id);
    const refused = await graph.query(CREATE, { input: { customerId: phoned.id } }, app);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const own = await run(CREATE, { input: { customerId: merging.id } }, app);
    expect(own).toMatchObject({ cart: { customer: { id: merging.id }, attribution: null }, userErrors: [] });
    const anonymous = await graph.query(CREATE, { input: { customerId: phoned.id } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("ship-from-store", () => {
  it("the order is in the store's queue, is picked, packed and shipped with a tracking number the customer sees", async () => {
    const associate = staffOf(shipStore);
    const tablet = await graph.as("associate", associate.id, shipStore);
    const fulfillmentId = shipFromStore.fulfillments[0].id;
    const queue = await run(QUEUE, { id: shipStore, method: "SHIP_TO_HOME", first: 100 }, tablet);
    const work = queue.fulfillmentQueue;
    expect(work.nodes.every((f: any) => f.method === "SHIP_TO_HOME" && f.origin.id === shipStore)).toBe(true);
    expect(work.nodes.map((f: any) => f.id)).toContain(fulfillmentId);
    // Paged: one at a time, the cursor reads on.
    const first = (await run(QUEUE, { id: shipStore, method: "SHIP_TO_HOME", first: 1 }, tablet)).fulfillmentQueue;
    expect(first.nodes).toHaveLength(1);
    expect(first.totalCount).toBe(work.totalCount);
    expect(first.pageInfo.hasNextPage).toBe(work.totalCount > 1);

    // Another store's associate sees none of it.
    const elsewhere = [...stores].find((id) => id !== shipStore)!;
    const other = await graph.as("associate", staffOf(elsewhere).id, elsewhere);
    const refused = await graph.query(QUEUE, { id: shipStore }, other);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    expect(await run(ADVANCE, { id: fulfillmentId, to: "PICKING" }, tablet)).toEqual({
      fulfillment: { status: "PICKING" },
      userErrors: [],
    });
    expect(await run(ADVANCE, { id: fulfillmentId, to: "PACKED" }, tablet)).toEqual({ fulfillment: { status: "PACKED" }, userErrors: [] });
    const packed = (await run(QUEUE, { id: shipStore, status: "PACKED" }, tablet)).fulfillmentQueue;
    expect(packed.nodes.map((f: any) => f.id)).toEqual([fulfillmentId]);

    const blank = await run(SHIP, { id: fulfillmentId, carrier: "UPS", number: "  " }, tablet);
    expect(blank.userErrors).toMatchObject([{ code: "INVALID_TRACKING", field: ["trackingNumber"] }]);
    const noCarrier = await run(SHIP, { id: fulfillmentId, carrier: "", number: "1Z999AA10123456784" }, tablet);
    expect(noCarrier.userErrors).toMatchObject([{ code: "INVALID_TRACKING", field: ["carrier"] }]);
    const hidden = await run(SHIP, { id: fulfillmentId, carrier: "U\u202EPS", number: "1Z999AA10123456784" }, tablet);
    expect(hidden.userErrors).toMatchObject([{ code: "INVALID_TRACKING", field: ["carrier"] }]);
    expect(hidden.fulfillment.status).toBe("PACKED");
    const shipped = await run(SHIP, { id: fulfillmentId, carrier: "ups", number: "1Z999AA10123456784" }, tablet);
    expect(shipped).toEqual({
      fulfillment: {
        status: "SHIPPED",
        tracking: { carrier: "UPS", number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
      },
      userErrors: [],
    });
    const again = await run(SHIP, { id: fulfillmentId, carrier: "UPS", number: "1Z999AA10123456784" }, tablet);
    expect(again.userErrors).toMatchObject([{ code: "INVALID_TRANSITION" }]);

    const customer = await graph.as("customer", shipFromStore.customerId!);
    const seen = await run(
      `query($id: ID!) { order(id: $id) { fulfillments { status trackingNumber tracking { carrier number } } } }`,
      { id: shipFromStore.id },
      customer,
    );
    expect(seen.fulfillments).toEqual([
      { status: "SHIPPED", trackingNumber: "1Z999AA10123456784", tracking: { carrier: "UPS", number: "1Z999AA10123456784" } },
    ]);
    await graph.bus.drain();
    const event = published.find(
      (e) => e.type === "FULFILLMENT_SHIPPED" && (e.payload as { fulfillmentId?: string }).fulfillmentId === fulfillmentId,
    );
    expect(event?.payload).toMatchObject({ associateId: associate.id, locationId: shipStore });
  });

  it("a pickup is not shipped", async () => {
    const pickup = world.orders.find(
      (o) => o.fulfillments.length === 1 && o.fulfillments[0].method === "PICKUP_IN_STORE" && o.fulfillments[0].status === "PICKING",
    )!;
    const storeId = pickup.fulfillments[0].pickupLocationId!;
    const tablet = await graph.as("associate", staffOf(storeId).id, storeId);
    const refused = await run(SHIP, { id: pickup.fulfillments[0].id, carrier: "UPS", number: "1Z1" }, tablet);
    expect(refused.userErrors).toMatchObject([{ code: "NOT_A_SHIPMENT" }]);
  });
});

describe("till tenders", () => {
  it("a till sale paid by card and cash reads as an in-store purchase; the card is charged its part only", async () => {
    const storeId = pickupStore.id;
    const till = await graph.as("associate", staffOf(storeId).id, storeId);
    const sku = stockedAt(storeId, 3);
    const plain = await run(SALE, { input: { locationId: storeId, lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa" } }, till);
    expect(plain.userErrors).toEqual([]);
    const total = plain.order.total.amount as string;
    expect(plain.order).toMatchObject({
      purchasedInStore: true,
      tenders: [{ method: "CARD", amount: { amount: total }, giftCardLast4: null }],
      fulfillments: [{ method: "PICKUP_IN_STORE", status: "PICKED_UP" }],
    });

    const cents = Math.round(Number(total) * 100);
    const card = formatAmount(cents - 500);
    const paidWith = (tenders: { method: string; amount: string }[]) =>
      run(SALE, { input: { locationId: storeId, lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa", tenders } }, till);
    const mismatch = await paidWith([
      { method: "CARD", amount: card },
      { method: "CASH", amount: "4.00" },
    ]);
    expect(mismatch).toMatchObject({ order: null, userErrors: [{ code: "TENDERS_MISMATCH", field: ["input", "tenders"] }] });
    const badAmount = await paidWith([{ method: "CASH", amount: "-1" }]);
    expect(badAmount.userErrors).toMatchObject([{ code: "INVALID_TENDER", field: ["input", "tenders", "0", "amount"] }]);

    const split = await paidWith([
      { method: "CARD", amount: card },
      { method: "CASH", amount: "5.00" },
    ]);
    expect(split.userErrors).toEqual([]);
    expect(split.order).toMatchObject({
      total: { amount: total },
      purchasedInStore: true,
      tenders: [
        { method: "CARD", amount: { amount: card } },
        { method: "CASH", amount: { amount: "5.00" } },
      ],
    });
    expect([...payments.authorizations.values()].filter((a) => a.amount === cents - 500).length).toBeGreaterThan(0);

    // A web order is not an in-store purchase and has no till tenders.
    const web = world.orders.find((o) => o.channel === "WEB" && o.customerId)!;
    const read = await run(`query($id: ID!) { order(id: $id) { purchasedInStore tenders { method } } }`, { id: web.id }, till);
    expect(read).toEqual({ purchasedInStore: false, tenders: null });
  });
});

describe("merged carts", () => {
  it("an anonymous cart merged into the customer's cart answers mergedInto, for whoever may see that cart only", async () => {
    const web = { "x-channel": "WEB" };
    const started = await run(CREATE, { input: {} }, web);
    const sku = stockedAt(pickupStore.id, 2);
    expect((await run(ADD, { cartId: started.cart.id, lines: [{ sku, quantity: 1 }] }, web)).userErrors).toEqual([]);
    const app = await graph.as("customer", merging.id);
    const attached = await run(
      `mutation($id: ID!) { attachCartToCustomer(cartId: $id) { cart { id } ${ERRORS} } }`,
      { id: started.cart.id },
      app,
    );
    expect(attached.userErrors).toEqual([]);
    expect(attached.cart.id).not.toBe(started.cart.id);

    const READ = `query($id: ID!) { cart(id: $id) { id mergedInto { id } } }`;
    expect(await run(READ, { id: started.cart.id }, app)).toEqual({ id: started.cart.id, mergedInto: { id: attached.cart.id } });
    expect(await run(READ, { id: attached.cart.id }, app)).toEqual({ id: attached.cart.id, mergedInto: null });
    // The anonymous holder of the old id learns nothing of the customer's cart.
    expect(await run(READ, { id: started.cart.id }, web)).toBeNull();
  });
});
