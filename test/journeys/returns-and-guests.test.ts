import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Returns with a reason, a condition and a disposition at receipt; guests who order, find and later claim their
// order; an out-of-stock checkout that names the stores nearby that have it. Through the gateway, memory and Redis.

const world = demoWorld();
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const handedOver = (o: DemoOrder) => o.fulfillments.every((f) => f.status === "PICKED_UP" || f.status === "DELIVERED");
const storeWithReturns = world.locations.find((l) => l.type === "STORE" && l.capabilities.includes("RETURNS"))!.id;

/** Delivered web orders with no return yet, taken from the end (commerce-fulfilment takes from the start). */
const delivered = world.orders
  .filter(
    (o) =>
      o.channel === SalesChannel.WEB &&
      o.customerId &&
      o.returns.length === 0 &&
      o.fulfillments[0].method === "SHIP_TO_HOME" &&
      handedOver(o),
  )
  .reverse();
const [damagedOrder, restockOrder, mailOrder] = delivered;

const atp = (locationId: string, sku: string) => {
  const s = world.stock.find((r) => r.locationId === locationId && r.sku === sku);
  return s ? Math.max(0, s.onHand - s.reserved - s.safetyStock) : 0;
};
const stores = world.locations.filter((l) => l.type === "STORE" && l.capabilities.includes("PICKUP"));
const returnedSkus = new Set([damagedOrder, restockOrder, mailOrder].flatMap((o) => o.lines.map((l) => l.sku)));
/** A SKU a pickup store has none of while other stores have it: the out-of-stock story. */
const soldOut = (() => {
  for (const store of stores) {
    const sku = world.stock.find(
      (s) =>
        s.locationId === store.id && atp(store.id, s.sku) === 0 && !returnedSkus.has(s.sku) && stores.some((o) => atp(o.id, s.sku) > 0),
    )?.sku;
    if (sku) return { storeId: store.id, sku };
  }
  throw new Error("the demo world has no SKU sold out at one store and in stock at another");
})();

const RETURN = `id status method reason rma label { reference url carrier } refund { amount }
  items { orderLineId quantity condition disposition }`;
const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { ${RETURN} } userErrors { code message field } } }`;
const RECEIVE_RETURN = `mutation($id: ID!, $dispositions: [ReturnDispositionInput!]) {
  receiveReturn(returnId: $id, dispositions: $dispositions) { return { ${RETURN} } userErrors { code message field } } }`;

let graph: TestGraph;
const payments = new TestPaymentProvider();
const published: DomainEvent[] = [];

beforeAll(async () => {
  graph = await startGraph({ order: { payments } });
  graph.bus.subscribe("returns-and-guests-test", async (event) => {
    published.push(event);
  });
});
afterAll(() => graph?.close());

async function onHand(sku: string, locationId: string): Promise<number> {
  const answer = await graph.query(`query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand } } }`, {
    sku,
    at: locationId,
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt.onHand;
}

async function requestInStore(order: DemoOrder, reason: string, condition: string) {
  const line = order.lines[0];
  const answer = await graph.query(
    REQUEST_RETURN,
    {
      input: {
        orderId: order.id,
        method: "IN_STORE",
        dropOffLocationId: storeWithReturns,
        reason,
        lines: [{ orderLineId: line.id, quantity: line.quantity, condition }],
      },
    },
    await graph.as("customer", order.customerId!),
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.requestReturn.userErrors).toEqual([]);
  return answer.body.data.requestReturn.return;
}

describe("returns with a disposition", () => {
  it("a DAMAGED return refunds but does not restock; the receiving associate is on the event", async () => {
    const line = damagedOrder.lines[0];
    const before = await onHand(line.sku, storeWithReturns);
    const ret = await requestInStore(damagedOrder, "DAMAGED_IN_TRANSIT", "DAMAGED");
    expect(ret).toMatchObject({ status: "REQUESTED", reason: "DAMAGED_IN_TRANSIT", rma: null, label: null });
    expect(ret.items).toEqual([{ orderLineId: line.id, quantity: line.quantity, condition: "DAMAGED", disposition: null }]);

    const associate = staffOf(storeWithReturns);
    const received = await graph.query(
      RECEIVE_RETURN,
      { id: ret.id, dispositions: [{ orderLineId: line.id, disposition: "DAMAGED" }] },
      await graph.as("associate", associate.id, storeWithReturns),
    );
    expect(received.body.errors).toBeUndefined();
    expect(received.body.data.receiveReturn.userErrors).toEqual([]);
    const done = received.body.data.receiveReturn.return;
    expect(done.status).toBe("REFUNDED");
    expect(Number(done.refund.amount)).toBeGreaterThan(0);
    expect(done.items[0]).toMatchObject({ condition: "DAMAGED", disposition: "DAMAGED" });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before);

    await graph.bus.drain();
    const event = published.find((e) => e.type === "RETURN_RECEIVED" && (e.payload as { returnId?: string }).returnId === ret.id);
    expect(event?.payload).toMatchObject({ associateId: associate.id, orderId: damagedOrder.id });
  });

  it("a RESTOCK return (and one received the old way, without dispositions) puts the units back into the store's stock", async () => {
    const line = restockOrder.lines[0];
    const before = await onHand(line.sku, storeWithReturns);
    const ret = await requestInStore(restockOrder, "DOES_NOT_FIT", "UNOPENED");
    const counter = await graph.as("associate", staffOf(storeWithReturns).id, storeWithReturns);

    const unknown = await graph.query(
      RECEIVE_RETURN,
      { id: ret.id, dispositions: [{ orderLineId: "line-nope", disposition: "RESTOCK" }] },
      counter,
    );
    expect(unknown.body.data.receiveReturn.userErrors[0]).toMatchObject({
      code: "UNKNOWN_ORDER_LINE",
      field: ["dispositions", "0", "orderLineId"],
    });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before);

    const received = await graph.query(RECEIVE_RETURN, { id: ret.id }, counter);
    expect(received.body.data.receiveReturn.userErrors).toEqual([]);
    expect(received.body.data.receiveReturn.return.items[0]).toMatchObject({ condition: "UNOPENED", disposition: "RESTOCK" });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before + line.quantity);
  });

  it("a mail return gets an RMA code and a label; the agent reads the reason back", async () => {
    const line = mailOrder.lines[0];
    const customer = await graph.as("customer", mailOrder.customerId!);
    const answer = await graph.query(
      REQUEST_RETURN,
      {
        input: {
          orderId: mailOrder.id,
          method: "MAIL",
          reason: "NOT_AS_DESCRIBED",
          lines: [{ orderLineId: line.id, quantity: 1, condition: "LIKE_NEW" }],
        },
      },
      customer,
    );
    expect(answer.body.errors).toBeUndefined();
    const ret = answer.body.data.requestReturn.return;
    const digits = mailOrder.number.replace(/\D/g, "");
    expect(ret.rma).toBe(`RMA-${digits}-1`);
    expect(ret.label).toEqual({ reference: `RL-${digits}-1`, url: null, carrier: "UPS" });

    const read = await graph.query(
      `query($id: ID!) { order(id: $id) { returns { ${RETURN} } } }`,
      { id: mailOrder.id },
      await graph.as("agent", agent.id),
    );
    expect(read.body.data.order.returns).toEqual([ret]);
  });
});

describe("an out-of-stock checkout names the stores nearby that have it", () => {
  it("a pickup at a store that has none answers OUT_OF_STOCK with alternatives: stores with the SKU and what each can promise", async () => {
    const web = { "x-channel": "WEB" };
    const run = async (query: string, variables: Record<string, unknown>) => {
      const answer = await graph.query(query, variables, web);
      expect(answer.body.errors).toBeUndefined();
      return Object.values(answer.body.data as Record<string, { cart: { id: string }; userErrors: unknown[] }>)[0];
    };
    const { cart } = await run(`mutation { createCart(input: {}) { cart { id } userErrors { code } } }`, {});
    await run(
      `mutation($id: ID!, $sku: ID!) { addCartLines(cartId: $id, lines: [{ sku: $sku, quantity: 1 }]) { cart { id } userErrors { code } } }`,
      {
        id: cart.id,
        sku: soldOut.sku,
      },
    );
    const set = await run(
      `mutation($id: ID!, $at: ID) { setCartFulfillment(cartId: $id, method: PICKUP_IN_STORE, locationId: $at) { cart { id } userErrors { code } } }`,
      { id: cart.id, at: soldOut.storeId },
    );
    expect(set.userErrors).toEqual([]);

    const answer = await graph.query(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id }
        userErrors { code message field alternatives { sku availableToPromise location { id name } } } } }`,
      { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: `sold-out-${cart.id}` } },
      web,
    );
    expect(answer.body.errors).toBeUndefined();
    const { order, userErrors } = answer.body.data.checkout;
    expect(order).toBeNull();
    expect(userErrors).toHaveLength(1);
    expect(userErrors[0].code).toBe("OUT_OF_STOCK");
    const alternatives = userErrors[0].alternatives as {
      sku: string;
      availableToPromise: number;
      location: { id: string; name: string };
    }[];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alternative of alternatives) {
      expect(alternative.sku).toBe(soldOut.sku);
      expect(alternative.location.id).not.toBe(soldOut.storeId);
      expect(alternative.location.name).toBe(world.locations.find((l) => l.id === alternative.location.id)!.name);
      expect(alternative.availableToPromise).toBe(atp(alternative.location.id, soldOut.sku));
      expect(alternative.availableToPromise).toBeGreaterThan(0);
      expect(userErrors[0].message).toContain(alternative.location.id);
    }
  });
});

const web = { "x-channel": "WEB" };
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id number contactEmail } orderToken userErrors { code field } } }`;
const FIND = `query($number: String!, $email: String!) { guestOrder(number: $number, email: $email) { id number contactEmail } }`;
const BY_TOKEN = `query($token: String!) { orderByToken(token: $token) { id number contactEmail } }`;

/** An anonymous web cart with one unit shipped home: what a guest checks out. */
async function guestCart(): Promise<string> {
  const sku = world.stock.find(
    (s) => s.locationId === "dc-01" && atp("dc-01", s.sku) >= 5 && !returnedSkus.has(s.sku) && s.sku !== soldOut.sku,
  )!.sku;
  const created = await graph.query(`mutation { createCart(input: {}) { cart { id } } }`, {}, web);
  const cartId = created.body.data.createCart.cart.id;
  await graph.query(
    `mutation($id: ID!, $sku: ID!) { addCartLines(cartId: $id, lines: [{ sku: $sku, quantity: 1 }]) { cart { id } } }`,
    { id: cartId, sku },
    web,
  );
  const address = { line1: "1 Main St", city: "Chicago", region: "IL", postalCode: "60601", country: "US" };
  const set = await graph.query(
    `mutation($id: ID!, $address: AddressInput) { setCartFulfillment(cartId: $id, method: SHIP_TO_HOME, shippingAddress: $address) { userErrors { code } } }`,
    { id: cartId, address },
    web,
  );
  expect(set.body.data.setCartFulfillment.userErrors).toEqual([]);
  return cartId;
}

/** A guest's checkout with `contactEmail`: the order and its token, as the confirmation shows them. */
async function guestCheckout(
  contactEmail: string,
): Promise<{ order: { id: string; number: string; contactEmail: string }; orderToken: string }> {
  const cartId = await guestCart();
  const placed = await graph.query(
    CHECKOUT,
    { input: { cartId, paymentToken: "tok_visa", idempotencyKey: `guest-${cartId}`, contactEmail } },
    web,
  );
  expect(placed.body.errors).toBeUndefined();
  expect(placed.body.data.checkout.userErrors).toEqual([]);
  return placed.body.data.checkout;
}

describe("guests", () => {
  it("a guest orders with a contact email (an invalid one is refused), finds the order by number and that email (in any case), and not with another email or number", async () => {
    const cartId = await guestCart();
    const input = { cartId, paymentToken: "tok_visa", idempotencyKey: `guest-${cartId}` };

    const badEmail = await graph.query(CHECKOUT, { input: { ...input, contactEmail: "not-an-email" } }, web);
    expect(badEmail.body.data.checkout.userErrors).toEqual([{ code: "INVALID_EMAIL", field: ["input", "contactEmail"] }]);

    const placed = await graph.query(CHECKOUT, { input: { ...input, contactEmail: "Guest.Shopper@Example.com" } }, web);
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data.checkout.userErrors).toEqual([]);
    const order = placed.body.data.checkout.order;
    expect(order.contactEmail).toBe("Guest.Shopper@Example.com");

    const found = await graph.query(FIND, { number: order.number, email: " guest.shopper@example.com " }, web);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.guestOrder).toEqual(order);
    const otherEmail = await graph.query(FIND, { number: order.number, email: "someone.else@example.com" }, web);
    expect(otherEmail.body.data.guestOrder).toBeNull();
    const unknown = await graph.query(FIND, { number: "OG-999999", email: "guest.shopper@example.com" }, web);
    expect(unknown.body.data.guestOrder).toBeNull();
    // Not by id without an owner: a guest order is found by number and email only.
    const byId = await graph.query(
      `query($id: ID!) { order(id: $id) { id } }`,
      { id: order.id },
      await graph.as("customer", damagedOrder.customerId!),
    );
    expect(byId.body.data.order).toBeNull();
  });

  it("a guest's order joins the account they register later with that email, and their orders list it", async () => {
    const { order } = await guestCheckout("Late.Joiner@Example.com");
    const other = await guestCheckout("someone.else.entirely@example.com");
    const app = { ...(await graph.as("customer", "cust-guest-joiner")), "x-channel": "MOBILE_APP" };
    const ORDERS = `{ me { orders { nodes { id number } } } }`;
    const registered = await graph.query(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customer { id } userErrors { code } } }`,
      { input: { firstName: "Lee", lastName: "Joiner", email: " late.joiner@example.com" } },
      app,
    );
    expect(registered.body.data.registerCustomer.userErrors).toEqual([]);
    await graph.bus.drain();

    const orders = await graph.query(ORDERS, undefined, app);
    expect(orders.body.errors).toBeUndefined();
    expect(orders.body.data.me.orders.nodes).toEqual([{ id: order.id, number: order.number }]);
    expect(orders.body.data.me.orders.nodes).not.toContainEqual({ id: other.order.id, number: other.order.number });
    // Theirs now: readable by id as any of their orders.
    const byId = await graph.query(`query($id: ID!) { order(id: $id) { id contactEmail } }`, { id: order.id }, app);
    expect(byId.body.data.order).toEqual({ id: order.id, contactEmail: "Late.Joiner@Example.com" });
  });

  it("the confirmation's order token reads the order for whoever holds it; an unknown token reads null", async () => {
    const { order, orderToken } = await guestCheckout("token.holder@example.com");
    expect(orderToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const found = await graph.query(BY_TOKEN, { token: orderToken }, web);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.orderByToken).toEqual(order);
    const unknown = await graph.query(BY_TOKEN, { token: `${orderToken.slice(0, -1)}${orderToken.endsWith("A") ? "B" : "A"}` }, web);
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data.orderByToken).toBeNull();
    const another = await guestCheckout("token.holder@example.com");
    expect(another.orderToken).not.toBe(orderToken);
  });
});
