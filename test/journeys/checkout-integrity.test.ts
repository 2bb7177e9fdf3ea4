import { describe, expect, it } from "vitest";
import {
  ADD,
  CART,
  cartWith,
  CHECKOUT,
  CREATE,
  declined,
  graph,
  HOME,
  lastFive,
  newKey,
  other,
  payments,
  retried,
  run,
  shipper,
  stockAt,
  useCommerceGraph,
  web,
} from "../helpers/commerce-checkout.js";

// A checkout that never loses or doubles stock or money: concurrent checkouts for the last units, retries with one
// idempotency key, declined payments, stale versions and incomplete carts.

useCommerceGraph();

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
