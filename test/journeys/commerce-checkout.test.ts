import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import { formatAmount } from "../../lib/money.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Carts that follow the shopper across channels, and a checkout that never loses or doubles stock or money.
// Fixtures come from the demo world; each story uses its own SKUs and stores, so the stories never share stock.

const world = demoWorld();
const stockRecord = new Map(world.stock.map((s) => [`${s.locationId}|${s.sku}`, s]));
const seededAtp = (locationId: string, sku: string) => {
  const s = stockRecord.get(`${locationId}|${sku}`);
  return s ? Math.max(0, s.onHand - s.reserved - s.safetyStock) : 0;
};
const taken = new Set<string>();
const take = <T extends { sku: string }>(found: T | undefined, story: string): T => {
  if (!found) throw new Error(`the demo world has no fixture for: ${story}`);
  taken.add(found.sku);
  return found;
};
const free = (sku: string) => !taken.has(sku);

// A shopper with a preferred store and an active cart whose every line that store can hand over, plus one more SKU.
const pickupStory = (() => {
  for (const customer of world.customers) {
    const store = customer.preferredStoreId;
    const cart = world.carts.find((c) => c.customerId === customer.id);
    if (!store || !cart || !cart.lines.every((l) => seededAtp(store, l.sku) >= l.quantity + 2)) continue;
    const repeated = cart.lines.find((l) => l.method === "SHIP_TO_HOME");
    const extra = world.variants.find((v) => seededAtp(store, v.sku) >= 3 && !cart.lines.some((l) => l.sku === v.sku));
    if (repeated && extra) return { customer, store, cart, repeated, extra };
  }
  throw new Error("the demo world has no fixture for the pickup story");
})();
for (const line of pickupStory.cart.lines) taken.add(line.sku);
taken.add(pickupStory.extra.sku);

const lastFive = take(
  world.stock.find(
    (s) => s.locationId.startsWith("store-") && s.locationId !== pickupStory.store && seededAtp(s.locationId, s.sku) === 5 && free(s.sku),
  ),
  "a SKU with exactly 5 units to promise at a store",
);
const carriedAtKiosk = new Set(world.stock.filter((s) => s.locationId === "store-01").map((s) => s.sku));
const notAtKiosk = take(
  world.variants.find((v) => !carriedAtKiosk.has(v.sku) && free(v.sku) && seededAtp("dc-01", v.sku) + seededAtp("dc-02", v.sku) >= 4),
  "a variant store-01 does not stock",
);
const retried = take(
  world.variants.find((v) => free(v.sku) && seededAtp("dc-01", v.sku) >= 10 && seededAtp("dc-02", v.sku) >= 10),
  "a variant the distribution centers have plenty of",
);
const declined = take(
  world.stock.find((s) => s.locationId === "store-03" && seededAtp(s.locationId, s.sku) >= 3 && free(s.sku)),
  "a SKU in stock at store-03",
);
const other = take(
  world.variants.find((v) => free(v.sku) && v.prices.WEB.price !== v.prices.KIOSK.price),
  "a variant priced differently on the web and at the kiosk",
);
const shipper = world.customers.find((c) => c.id !== pickupStory.customer.id && world.carts.every((cart) => cart.customerId !== c.id))!;
const home = shipper.addresses[0];
const HOME = {
  line1: home.line1,
  line2: home.line2,
  city: home.city,
  region: home.region,
  postalCode: home.postalCode,
  country: home.country,
};
const shippingLocations = world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE"));

const ERRORS = `userErrors { code message field }`;
const CART = `id version createdChannel lastActiveChannel customer { id } estimatedTotal { amount }
  lines { id quantity variant { sku } unitPrice { amount } fulfillment { method location { id } shippingAddress { postalCode } } }
  attribution { channel location { id } associate { id } }`;
const ORDER = `id number channel status customer { id } subtotal { amount } shippingTotal { amount } total { amount }
  attribution { channel location { id } associate { id } }
  lines { quantity unitPrice { amount } variant { sku } fulfillmentId }
  fulfillments { id method status pickupCode origin { id } pickupLocation { id } lines { variant { sku } quantity } }
  events { type channel }`;
const CREATE = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { ${CART} } ${ERRORS} } }`;
const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!, $v: Int) { addCartLines(cartId: $cartId, lines: $lines, expectedVersion: $v) { cart { ${CART} } ${ERRORS} } }`;
const UPDATE = `mutation($cartId: ID!, $lineId: ID!, $quantity: Int!, $v: Int) { updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity, expectedVersion: $v) { cart { ${CART} } ${ERRORS} } }`;
const SET = `mutation($cartId: ID!, $lineIds: [ID!], $method: FulfillmentMethod!, $locationId: ID, $address: AddressInput) {
  setCartFulfillment(cartId: $cartId, lineIds: $lineIds, method: $method, locationId: $locationId, shippingAddress: $address) { cart { ${CART} } ${ERRORS} } }`;
const ATTACH = `mutation($cartId: ID!) { attachCartToCustomer(cartId: $cartId) { cart { ${CART} } ${ERRORS} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
const STOCK = `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved availableToPromise } } }`;

let graph: TestGraph;
const payments = new TestPaymentProvider();
const published: DomainEvent[] = [];
beforeAll(async () => {
  graph = await startGraph({ order: { payments } });
  graph.bus.subscribe("commerce-checkout-test", async (event) => void published.push(event));
});
afterAll(() => graph?.close());

const web = { "x-channel": "WEB" };
let keys = 0;
const newKey = (story: string) => `${story}-${++keys}`;

/** The mutation's payload, failing the test on a thrown error. */
async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const answer = await graph.query(query, variables, headers);
  expect(answer.body.errors).toBeUndefined();
  return Object.values(answer.body.data as Record<string, any>)[0];
}

async function stockAt(sku: string, locationId: string): Promise<{ onHand: number; reserved: number; availableToPromise: number } | null> {
  const answer = await graph.query(STOCK, { sku, at: locationId });
  return answer.body.data.variant.stockAt;
}

/** A cart holding `lines`, every line fulfilled as `fulfillment` says. */
async function cartWith(headers: Record<string, string>, lines: { sku: string; quantity: number }[], fulfillment: Record<string, unknown>) {
  const created = await run(CREATE, { input: {} }, headers);
  await run(ADD, { cartId: created.cart.id, lines }, headers);
  const set = await run(SET, { cartId: created.cart.id, ...fulfillment }, headers);
  expect(set.userErrors).toEqual([]);
  return set.cart;
}

describe("a cart that follows the shopper", () => {
  it("a shopper adds to cart on the website anonymously, signs in on the mobile app, finds the cart there, checks out for pickup at their preferred store, and the store hands it over by code", async () => {
    const { customer, store, cart: seeded, repeated, extra } = pickupStory;
    const started = await run(CREATE, { input: {} }, web);
    expect(started.cart).toMatchObject({ createdChannel: "WEB", lastActiveChannel: "WEB", customer: null, version: 1, lines: [] });
    const added = await run(
      ADD,
      {
        cartId: started.cart.id,
        lines: [
          { sku: repeated.sku, quantity: 1 },
          { sku: extra.sku, quantity: 1 },
        ],
      },
      web,
    );
    expect(added.userErrors).toEqual([]);
    expect(added.cart.version).toBe(2);

    const app = { ...(await graph.as("customer", customer.id)), "x-channel": "MOBILE_APP" };
    const attached = await run(ATTACH, { cartId: started.cart.id }, app);
    expect(attached.userErrors).toEqual([]);
    // Merged into the active cart they already had: the same SKU leaving the same way adds up.
    expect(attached.cart).toMatchObject({ id: seeded.id, customer: { id: customer.id }, lastActiveChannel: "MOBILE_APP" });
    const quantities = Object.fromEntries(attached.cart.lines.map((l: any) => [l.variant.sku, l.quantity]));
    expect(quantities).toEqual({
      ...Object.fromEntries(seeded.lines.map((l) => [l.sku, l.quantity])),
      [repeated.sku]: repeated.quantity + 1,
      [extra.sku]: 1,
    });
    for (const line of attached.cart.lines) {
      expect(line.unitPrice.amount).toBe(formatAmount(world.variants.find((v) => v.sku === line.variant.sku)!.prices.MOBILE_APP.price));
    }
    const me = await graph.query(`{ me { activeCart { id version } } }`, undefined, app);
    expect(me.body.data.me.activeCart).toEqual({ id: seeded.id, version: attached.cart.version });
    // The anonymous cart is the customer's now: nobody else can use it.
    expect((await graph.query(`{ cart(id: "${started.cart.id}") { id } }`, undefined, web)).body.data.cart).toBeNull();

    const before = Object.fromEntries(
      await Promise.all(attached.cart.lines.map(async (l: any) => [l.variant.sku, await stockAt(l.variant.sku, store)])),
    );
    const pickup = await run(SET, { cartId: seeded.id, method: "PICKUP_IN_STORE", locationId: store }, app);
    expect(pickup.userErrors).toEqual([]);
    const placed = await run(
      CHECKOUT,
      { input: { cartId: seeded.id, paymentToken: "tok_visa", idempotencyKey: newKey("pickup"), expectedVersion: pickup.cart.version } },
      app,
    );
    expect(placed.userErrors).toEqual([]);
    const order = placed.order;
    expect(order).toMatchObject({
      channel: "MOBILE_APP",
      status: "PLACED",
      customer: { id: customer.id },
      shippingTotal: { amount: "0.00" },
    });
    expect(order.number).toMatch(/^OG-\d+$/);
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]).toMatchObject({
      method: "PICKUP_IN_STORE",
      status: "PENDING",
      origin: { id: store },
      pickupLocation: { id: store },
    });
    expect(order.fulfillments[0].pickupCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(order.events).toEqual([{ type: "ORDER_PLACED", channel: "MOBILE_APP" }]);

    const orders = await graph.query(`{ me { orders(first: 5) { nodes { id number } } activeCart { id } } }`, undefined, app);
    expect(orders.body.data.me.orders.nodes[0]).toEqual({ id: order.id, number: order.number });
    expect(orders.body.data.me.activeCart?.id).not.toBe(seeded.id);

    const associate = world.associates.find((a) => a.homeStoreId === store)!;
    const queue = await graph.query(
      `{ location(id: "${store}") { pickupQueue { id pickupCode order { id } } } }`,
      undefined,
      await graph.as("associate", associate.id, store),
    );
    expect(queue.body.data.location.pickupQueue).toContainEqual({
      id: order.fulfillments[0].id,
      pickupCode: order.fulfillments[0].pickupCode,
      order: { id: order.id },
    });

    for (const line of attached.cart.lines) {
      const after = await stockAt(line.variant.sku, store);
      expect(after!.availableToPromise).toBe(before[line.variant.sku]!.availableToPromise - line.quantity);
    }

    // The store picks it, marks it ready, and hands it over when the shopper reads out the code.
    const tablet = await graph.as("associate", associate.id, store);
    const fulfillmentId = order.fulfillments[0].id;
    for (const to of ["PICKING", "READY_FOR_PICKUP"]) {
      const moved = await graph.query(
        `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } userErrors { code } } }`,
        { id: fulfillmentId, to },
        tablet,
      );
      expect(moved.body.data.advanceFulfillment).toEqual({ fulfillment: { status: to }, userErrors: [] });
    }
    const handedOver = await graph.query(
      `mutation($code: String!) { completePickup(pickupCode: $code) { fulfillment { id status } userErrors { code } } }`,
      { code: order.fulfillments[0].pickupCode },
      tablet,
    );
    expect(handedOver.body.data.completePickup).toEqual({ fulfillment: { id: fulfillmentId, status: "PICKED_UP" }, userErrors: [] });
    const done = await graph.query(`{ order(id: "${order.id}") { status } }`, undefined, app);
    expect(done.body.data.order.status).toBe("FULFILLED");
    await graph.bus.drain();
    const timeline = await graph.query(`{ me { timeline(first: 5) { nodes { type orderId } } } }`, undefined, app);
    expect(timeline.body.data.me.timeline.nodes).toEqual(
      expect.arrayContaining([
        { type: "ORDER_PICKED_UP", orderId: order.id },
        { type: "ORDER_PLACED", orderId: order.id },
      ]),
    );
    // The anonymous cart's earlier activity (product views on the website) moves to the customer.
    expect(published.filter((e) => e.type === "CART_ATTACHED").map((e) => e.payload)).toContainEqual({
      cartId: started.cart.id,
      customerId: customer.id,
    });
    expect(published.filter((e) => e.type === "ORDER_PLACED").map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ orderId: order.id, customerId: customer.id }),
    );
  });

  it("a kiosk order for a variant the kiosk's store does not stock is shipped to home from another location", async () => {
    const kiosk = { ...graph.key("kiosk"), ...(await graph.as("customer", shipper.id)) };
    expect(await stockAt(notAtKiosk.sku, "store-01")).toMatchObject({ onHand: 0, availableToPromise: 0 });
    const before = await Promise.all(shippingLocations.map((l) => stockAt(notAtKiosk.sku, l.id)));
    const cart = await cartWith(kiosk, [{ sku: notAtKiosk.sku, quantity: 2 }], { method: "SHIP_TO_HOME", address: HOME });
    expect(cart).toMatchObject({
      createdChannel: "KIOSK",
      customer: { id: shipper.id },
      attribution: { channel: "KIOSK", location: { id: "store-01" } },
    });

    const placed = await run(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("kiosk") } }, kiosk);
    expect(placed.userErrors).toEqual([]);
    const { order } = placed;
    const price = world.variants.find((v) => v.sku === notAtKiosk.sku)!.prices.KIOSK.price;
    expect(order).toMatchObject({
      channel: "KIOSK",
      customer: { id: shipper.id },
      attribution: { channel: "KIOSK", location: { id: "store-01" } },
    });
    expect(order.lines.map((l: any) => l.unitPrice.amount)).toEqual(order.lines.map(() => formatAmount(price)));
    expect(order.shippingTotal.amount).toBe(price * 2 < 7500 ? "7.99" : "0.00");
    const origins = order.fulfillments.map((f: any) => f.origin.id);
    expect(order.fulfillments.every((f: any) => f.method === "SHIP_TO_HOME" && f.pickupCode === null && f.pickupLocation === null)).toBe(
      true,
    );
    expect(origins).not.toContain("store-01");

    // Exactly the origins gave the units, as many as their fulfillments carry.
    const after = await Promise.all(shippingLocations.map((l) => stockAt(notAtKiosk.sku, l.id)));
    shippingLocations.forEach((location, i) => {
      const shipped = order.fulfillments
        .filter((f: any) => f.origin.id === location.id)
        .flatMap((f: any) => f.lines)
        .reduce((sum: number, l: any) => sum + l.quantity, 0);
      expect((before[i]?.onHand ?? 0) - (after[i]?.onHand ?? 0)).toBe(shipped);
    });
  });

  it("cart rules: quantities 1 to 99, known SKUs, a store that offers the service, an address to ship to, the channel's prices", async () => {
    const cart = (await run(CREATE, { input: {} }, web)).cart;
    expect((await run(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 100 }] }, web)).userErrors[0]).toMatchObject({
      code: "INVALID_QUANTITY",
      field: ["lines", "0", "quantity"],
    });
    expect((await run(ADD, { cartId: cart.id, lines: [{ sku: "SKU-NOPE-01", quantity: 1 }] }, web)).userErrors[0]).toMatchObject({
      code: "UNKNOWN_SKU",
      field: ["lines", "0", "sku"],
    });
    const added = await run(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 2 }] }, web);
    expect(added.cart.version).toBe(2);
    expect(added.cart.estimatedTotal.amount).toBe(formatAmount(other.prices.WEB.price * 2));

    const curbsideless = world.locations.find((l) => l.type === "STORE" && !l.capabilities.includes("CURBSIDE"))!;
    const noCurbside = await run(SET, { cartId: cart.id, method: "CURBSIDE", locationId: curbsideless.id }, web);
    expect(noCurbside.userErrors[0]).toMatchObject({ code: "INVALID_LOCATION", field: ["locationId"] });
    expect((await run(SET, { cartId: cart.id, method: "PICKUP_IN_STORE", locationId: "dc-01" }, web)).userErrors[0].code).toBe(
      "INVALID_LOCATION",
    );
    expect((await run(SET, { cartId: cart.id, method: "SHIP_TO_HOME" }, web)).userErrors[0].code).toBe("ADDRESS_REQUIRED");

    // The same cart touched at a kiosk: re-priced from the kiosk's price list, and the kiosk is where it was last active.
    const lineId = added.cart.lines[0].id;
    const atKiosk = await run(UPDATE, { cartId: cart.id, lineId, quantity: 3 }, graph.key("kiosk"));
    expect(atKiosk.cart).toMatchObject({
      version: 3,
      lastActiveChannel: "KIOSK",
      estimatedTotal: { amount: formatAmount(other.prices.KIOSK.price * 3) },
    });
    const removed = await run(UPDATE, { cartId: cart.id, lineId, quantity: 0 }, web);
    expect(removed.cart).toMatchObject({ version: 4, lines: [] });
  });

  it("an associate helping a walk-in guest on a tablet is credited with the cart and the order", async () => {
    const associate = world.associates.find((a) => a.homeStoreId === "store-02")!;
    const tablet = { ...(await graph.as("associate", associate.id, "store-02")), "x-channel": "STORE" };
    const cart = await cartWith(tablet, [{ sku: other.sku, quantity: 1 }], { method: "SHIP_TO_HOME", address: HOME });
    const credit = { channel: "STORE", location: { id: "store-02" }, associate: { id: associate.id } };
    expect(cart).toMatchObject({ createdChannel: "STORE", customer: null, attribution: credit });
    const placed = await run(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("tablet") } }, tablet);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({ channel: "STORE", customer: null, attribution: credit });
    expect(placed.order.lines[0].unitPrice.amount).toBe(formatAmount(other.prices.STORE.price));
  });

  it("a customer's cart is not found for anyone else, and cannot be attached by them", async () => {
    const owner = await graph.as("customer", shipper.id);
    const cart = (await run(CREATE, { input: {} }, owner)).cart;
    const intruder = await graph.as("customer", pickupStory.customer.id);
    for (const [query, variables] of [
      [ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 1 }] }],
      [ATTACH, { cartId: cart.id }],
      [CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("intruder") } }],
    ] as const) {
      const answer = await graph.query(query, variables, intruder);
      expect(answer.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    }
    expect((await graph.query(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 1 }] })).body.errors?.[0].extensions?.code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("checkout never loses or doubles stock or money", () => {
  it("40 concurrent checkouts compete for the last 5 units of a SKU at one store: exactly 5 orders, 35 OUT_OF_STOCK", async () => {
    const { sku, locationId } = lastFive;
    const start = (await stockAt(sku, locationId))!;
    expect(start.availableToPromise).toBe(5);
    const carts = await Promise.all(
      Array.from({ length: 40 }, () => cartWith(web, [{ sku, quantity: 1 }], { method: "PICKUP_IN_STORE", locationId })),
    );
    const results = await Promise.all(
      carts.map((cart, i) =>
        run(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey(`race-${i}`) } }, web),
      ),
    );
    const orders = results.filter((r) => r.order);
    const refused = results.filter((r) => !r.order);
    expect(orders).toHaveLength(5);
    expect(new Set(orders.map((r) => r.order.number)).size).toBe(5);
    expect(refused).toHaveLength(35);
    for (const r of refused) {
      expect(r.userErrors).toHaveLength(1);
      expect(r.userErrors[0]).toMatchObject({ code: "OUT_OF_STOCK" });
      expect(r.userErrors[0].message).toContain(sku);
      expect(r.userErrors[0].message).toContain("0 available");
    }
    const end = (await stockAt(sku, locationId))!;
    expect(end.availableToPromise).toBe(0);
    // Five units left the store, none is still held, and the count never went below what is held.
    expect(start.onHand - end.onHand).toBe(5);
    expect(end.reserved).toBe(start.reserved);
    expect(end.onHand).toBeGreaterThanOrEqual(end.reserved);
  });

  it("the same checkout retried with one idempotencyKey, also 10 at once, yields one order and one payment authorization", async () => {
    const headers = await graph.as("customer", shipper.id);
    const online = `{ variant(sku: "${retried.sku}") { onlineAvailability { availableToPromise } } }`;
    const before = (await graph.query(online)).body.data.variant.onlineAvailability.availableToPromise;
    const authorizations = payments.authorizations.size;
    const cart = await cartWith(headers, [{ sku: retried.sku, quantity: 3 }], { method: "SHIP_TO_HOME", address: HOME });
    const input = { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("retry") };

    const together = await Promise.all(Array.from({ length: 10 }, () => run(CHECKOUT, { input }, headers)));
    const again = await run(CHECKOUT, { input }, headers);
    const ids = new Set([...together, again].map((r) => r.order?.id));
    expect([...together, again].every((r) => r.userErrors.length === 0)).toBe(true);
    expect(ids.size).toBe(1);
    expect(ids.has(undefined)).toBe(false);

    expect(payments.authorizations.size - authorizations).toBe(1);
    const [authorization] = [...payments.authorizations.values()].slice(-1);
    expect(authorization).toMatchObject({ state: "CAPTURED", amount: Number(again.order.total.amount.replace(".", "")) });
    const after = (await graph.query(online)).body.data.variant.onlineAvailability.availableToPromise;
    expect(before - after).toBe(3);
    const mine = await graph.query(`{ me { orders(first: 20) { nodes { id } } } }`, undefined, headers);
    expect(mine.body.data.me.orders.nodes.filter((o: { id: string }) => o.id === again.order.id)).toHaveLength(1);
  });

  it("a declined payment leaves stock exactly as before, and the cart can still be checked out", async () => {
    const { sku, locationId } = declined;
    const cart = await cartWith(web, [{ sku, quantity: 2 }], { method: "PICKUP_IN_STORE", locationId });
    const before = await stockAt(sku, locationId);
    const authorizations = payments.authorizations.size;

    const refused = await run(
      CHECKOUT,
      { input: { cartId: cart.id, paymentToken: "tok_declined", idempotencyKey: newKey("declined") } },
      web,
    );
    expect(refused.order).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "PAYMENT_DECLINED", field: ["input", "paymentToken"] })]);
    expect(await stockAt(sku, locationId)).toEqual(before);
    expect(payments.authorizations.size).toBe(authorizations);

    // A guest pays with another card: the order is placed, with no customer.
    const paid = await run(
      CHECKOUT,
      { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("declined-then-paid") } },
      web,
    );
    expect(paid.userErrors).toEqual([]);
    expect(paid.order.customer).toBeNull();
    expect((await stockAt(sku, locationId))!.availableToPromise).toBe(before!.availableToPromise - 2);
  });

  it("a stale expectedVersion is refused with CART_CHANGED and changes nothing", async () => {
    const cart = await cartWith(web, [{ sku: other.sku, quantity: 1 }], { method: "SHIP_TO_HOME", address: HOME });
    const stale = cart.version - 1;
    const edit = await run(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 1 }], v: stale }, web);
    expect(edit.userErrors).toEqual([expect.objectContaining({ code: "CART_CHANGED", field: ["expectedVersion"] })]);
    const checkout = await run(
      CHECKOUT,
      { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("stale"), expectedVersion: stale } },
      web,
    );
    expect(checkout).toMatchObject({ order: null, userErrors: [expect.objectContaining({ code: "CART_CHANGED" })] });
    const now = await graph.query(`{ cart(id: "${cart.id}") { ${CART} } }`, undefined, web);
    expect(now.body.data.cart).toEqual(cart);
  });

  it("an empty cart is refused with CART_EMPTY, a cart without a shipping address with FULFILLMENT_INCOMPLETE", async () => {
    const empty = (await run(CREATE, { input: {} }, web)).cart;
    const refused = await run(CHECKOUT, { input: { cartId: empty.id, paymentToken: "tok_visa", idempotencyKey: newKey("empty") } }, web);
    expect(refused).toMatchObject({ order: null, userErrors: [expect.objectContaining({ code: "CART_EMPTY" })] });

    const unshipped = (await run(ADD, { cartId: empty.id, lines: [{ sku: other.sku, quantity: 1 }] }, web)).cart;
    const incomplete = await run(
      CHECKOUT,
      { input: { cartId: unshipped.id, paymentToken: "tok_visa", idempotencyKey: newKey("incomplete") } },
      web,
    );
    expect(incomplete).toMatchObject({
      order: null,
      userErrors: [expect.objectContaining({ code: "FULFILLMENT_INCOMPLETE", field: ["lines", unshipped.lines[0].id] })],
    });
  });
});
