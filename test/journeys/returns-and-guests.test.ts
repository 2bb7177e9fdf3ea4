import { describe, expect, it } from "vitest";
import {
  agent,
  atp,
  damagedOrder,
  graph,
  mailOrder,
  onHand,
  published,
  RECEIVE_RETURN,
  REQUEST_RETURN,
  requestInStore,
  restockOrder,
  RETURN,
  returnedSkus,
  soldOut,
  staffOf,
  storeWithReturns,
  useReturnsGraph,
  world,
} from "../helpers/returns-and-guests.js";

// Returns with a reason, a condition and a disposition at receipt; guests who order, find and later claim their
// order. Through the gateway, memory and Redis. An out-of-stock checkout naming the stores nearby that have it is in
// out-of-stock-alternatives.test.ts.

useReturnsGraph();

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
    // An invisible character passes for an address to the eye, not to a mail server.
    const hidden = await graph.query(CHECKOUT, { input: { ...input, contactEmail: "guest\u200B@example.com" } }, web);
    expect(hidden.body.data.checkout.userErrors).toEqual([{ code: "INVALID_EMAIL", field: ["input", "contactEmail"] }]);

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
    // No longer a guest's: the number and email no longer open it to whoever holds them.
    const asGuest = await graph.query(FIND, { number: order.number, email: "late.joiner@example.com" }, web);
    expect(asGuest.body.errors).toBeUndefined();
    expect(asGuest.body.data.guestOrder).toBeNull();
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
