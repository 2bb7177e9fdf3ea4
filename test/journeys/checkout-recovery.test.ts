import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { attemptKeyOf, type FaultPoint } from "../../subgraphs/order/services/settlement.js";
import { eventually, FlakyCaptures } from "../helpers/checkout-recovery.js";
import { startGraph, type Backend, type TestGraph } from "../helpers/graph.js";

// Nothing lost, nothing stuck: a checkout or till sale whose process dies at any step is finished or unwound by the
// order subgraph's recovery worker, with no client retry — the order placed and paid once the units have left, the
// stock and the money given back before that — and the cart is free again. The "process dies" is the settlement's
// fault hook: at the named point it stops dead, without undoing or recording anything, as `kill -9` would.

const world = demoWorld();
/** SKUs with plenty to promise at one store, a different one per story so the books of each can be read alone. */
const plenty = world.stock.filter((s) => s.locationId.startsWith("store-") && s.onHand - s.reserved - s.safetyStock >= 8);
const fixtures = [...new Map(plenty.map((s) => [s.sku, s])).values()].slice(0, 8);
if (fixtures.length < 8) throw new Error("the demo world has too few well-stocked SKUs for the recovery stories");
const staffAt = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
const customers = world.customers.slice(0, 8);

const STOCK = `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved } } }`;
const ERRORS = `userErrors { code message field }`;
const ORDER = `id number status total { amount } lines { quantity variant { sku } }`;
const CREATE = `mutation { createCart(input: {}) { cart { id version } ${ERRORS} } }`;
const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { cart { id version } ${ERRORS} } }`;
const PICKUP = `mutation($cartId: ID!, $at: ID) { setCartFulfillment(cartId: $cartId, method: PICKUP_IN_STORE, locationId: $at) { cart { id version } ${ERRORS} } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
const MY_ORDERS = `{ me { orders(first: 10) { nodes { ${ORDER} } } } }`;
const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline(first: 20) { nodes { type orderId } } } }`;

describe.each<Backend>(["memory", "redis"])(
  "on %s: a settlement whose process dies is finished or unwound by the recovery worker",
  (backend) => {
    const payments = new FlakyCaptures();
    /** The one settlement (by client key) that stops dead at one point; disarmed once it has. */
    let crash: { key: string; point: FaultPoint } | null = null;
    let graph: TestGraph;
    const started = startGraph(
      {
        order: {
          payments,
          recovery: { intervalMs: 100, afterMs: 600, leaseMs: 5_000 },
          faults: (point, settlement) => {
            if (crash === null || crash.key !== settlement.key || crash.point !== point) return false;
            crash = null;
            return true;
          },
        },
      },
      { backend },
    ).then((g) => (graph = g));
    afterAll(async () => (await started).close());

    async function stockAt(sku: string, locationId: string): Promise<{ onHand: number; reserved: number }> {
      const answer = await graph.query(STOCK, { sku, at: locationId });
      return answer.body.data.variant.stockAt;
    }

    async function pickupCart(headers: Record<string, string>, sku: string, locationId: string, quantity: number) {
      const cart = (await graph.query(CREATE, {}, headers)).body.data.createCart.cart;
      expect((await graph.query(ADD, { cartId: cart.id, lines: [{ sku, quantity }] }, headers)).body.data.addCartLines.userErrors).toEqual(
        [],
      );
      const set = (await graph.query(PICKUP, { cartId: cart.id, at: locationId }, headers)).body.data.setCartFulfillment;
      expect(set.userErrors).toEqual([]);
      return set.cart as { id: string; version: number };
    }

    /** The authorizations a checkout under the client's `key` made (its stock and money are held under a derived key). */
    const authorizationsOf = (key: string) => {
      const held = attemptKeyOf({ kind: "CHECKOUT", key, ref: `checkout:${key}`, attempt: 1 });
      return [...payments.authorizations.values()].filter((a) => a.key === held);
    };

    it("a checkout that dies after its stock was committed is placed and paid without any retry, and the same key then answers that order", async () => {
      await started;
      const { sku, locationId } = fixtures[0];
      const customer = await graph.as("customer", customers[0].id);
      const cart = await pickupCart(customer, sku, locationId, 2);
      const before = await stockAt(sku, locationId);
      const key = `dies-after-commit-${randomUUID()}`;
      crash = { key, point: "before:COMMITTED" };

      const died = await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer);
      expect(died.body.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(crash).toBeNull();
      // The units left with no order yet: the books do not balance until the worker has finished the checkout.
      expect((await stockAt(sku, locationId)).onHand).toBe(before.onHand - 2);

      const orders = await eventually(
        async () =>
          (await graph.query(MY_ORDERS, undefined, customer)).body.data.me.orders.nodes as {
            id: string;
            total: { amount: string };
            lines: { quantity: number; variant: { sku: string } }[];
          }[],
        (nodes) => nodes.some((o) => o.lines.some((l) => l.variant.sku === sku)),
        "the recovered order",
      );
      const order = orders.find((o) => o.lines.some((l) => l.variant.sku === sku))!;
      expect(order.lines).toEqual([{ quantity: 2, variant: { sku } }]);
      const after = await stockAt(sku, locationId);
      // Units on hand + held + ordered = units before.
      expect(after.onHand + (after.reserved - before.reserved) + 2).toBe(before.onHand);
      expect(after.reserved).toBe(before.reserved);
      const paid = await eventually(
        async () => authorizationsOf(key),
        (all) => all.length === 1 && all[0].state === "CAPTURED",
        "the capture",
      );
      expect(paid[0].amount).toBe(Math.round(Number(order.total.amount) * 100));

      const retried = await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer);
      expect(retried.body.data.checkout).toMatchObject({ order: { id: order.id, status: "PLACED" }, userErrors: [] });
      // The cart became the order: it is closed, not locked.
      const again = await graph.query(
        CHECKOUT,
        { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: `${key}-new` } },
        customer,
      );
      expect(again.body.data.checkout.userErrors).toEqual([expect.objectContaining({ code: "CART_CLOSED" })]);
    });

    it("a lost idempotency key no longer locks the cart after the window: its hold is released, and edits and a new key work", async () => {
      await started;
      const { sku, locationId } = fixtures[1];
      const customer = await graph.as("customer", customers[1].id);
      const cart = await pickupCart(customer, sku, locationId, 1);
      const before = await stockAt(sku, locationId);
      const lost = `lost-${randomUUID()}`;
      // Dies with the stock held but before recording it: only the reservation's key knows of the hold.
      crash = { key: lost, point: "before:HELD" };
      expect(
        (await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: lost } }, customer)).body.errors,
      ).toBeDefined();
      expect((await stockAt(sku, locationId)).reserved).toBe(before.reserved + 1);
      const locked = await graph.query(ADD, { cartId: cart.id, lines: [{ sku, quantity: 1 }] }, customer);
      expect(locked.body.data.addCartLines.userErrors).toEqual([expect.objectContaining({ code: "CHECKOUT_IN_PROGRESS" })]);

      const edited = await eventually(
        async () => (await graph.query(ADD, { cartId: cart.id, lines: [{ sku, quantity: 1 }] }, customer)).body.data.addCartLines,
        (answer) => answer.userErrors.length === 0,
        "the cart to be free again",
      );
      expect(await stockAt(sku, locationId)).toEqual(before);
      const placed = await graph.query(
        CHECKOUT,
        { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: `${lost}-new`, expectedVersion: edited.cart.version } },
        customer,
      );
      expect(placed.body.data.checkout.userErrors).toEqual([]);
      expect(placed.body.data.checkout.order.lines).toEqual([{ quantity: 2, variant: { sku } }]);
      // The lost key found again starts over, on the cart as it is now: checked out.
      const retried = await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: lost } }, customer);
      expect(retried.body.data.checkout).toEqual({ order: null, userErrors: [expect.objectContaining({ code: "CART_CLOSED" })] });
    });

    it("a checkout unwound by the worker answers CHECKOUT_FAILED to a retry waiting on it, and its key then starts again and places the order", async () => {
      await started;
      const { sku, locationId } = fixtures[6];
      const customer = await graph.as("customer", customers[6].id);
      const cart = await pickupCart(customer, sku, locationId, 1);
      const before = await stockAt(sku, locationId);
      const key = `unwound-${randomUUID()}`;
      crash = { key, point: "after:HELD" };
      const input = { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key };
      expect((await graph.query(CHECKOUT, { input }, customer)).body.errors).toBeDefined();
      // A retry at once waits for the settlement; once it is due, it is unwound there and then.
      const waited = await graph.query(CHECKOUT, { input }, customer);
      expect(waited.body.data.checkout).toEqual({ order: null, userErrors: [expect.objectContaining({ code: "CHECKOUT_FAILED" })] });
      expect(await stockAt(sku, locationId)).toEqual(before);
      const placed = await graph.query(CHECKOUT, { input }, customer);
      expect(placed.body.data.checkout.userErrors).toEqual([]);
      expect(placed.body.data.checkout.order.lines).toEqual([{ quantity: 1, variant: { sku } }]);
      expect((await graph.query(CHECKOUT, { input }, customer)).body.data.checkout.order.id).toBe(placed.body.data.checkout.order.id);
    });

    it("an authorization made by a checkout that died before recording it is voided by the worker, and its hold released", async () => {
      await started;
      const { sku, locationId } = fixtures[2];
      const customer = await graph.as("customer", customers[2].id);
      const cart = await pickupCart(customer, sku, locationId, 1);
      const before = await stockAt(sku, locationId);
      const key = `dies-after-authorize-${randomUUID()}`;
      const authorizedBefore = new Set(payments.authorizations.keys());
      crash = { key, point: "before:AUTHORIZED" };
      expect(
        (await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer)).body.errors,
      ).toBeDefined();
      const made = [...payments.authorizations.entries()].filter(([id]) => !authorizedBefore.has(id));
      expect(made).toHaveLength(1);
      const [[authorizationId]] = made;
      expect(payments.authorizations.get(authorizationId)!.state).toBe("AUTHORIZED");

      await eventually(
        async () => payments.authorizations.get(authorizationId)!.state,
        (state) => state === "VOIDED",
        "the void",
      );
      await eventually(
        () => stockAt(sku, locationId),
        (now) => now.reserved === before.reserved,
        "the hold to be released",
      );
      expect(await stockAt(sku, locationId)).toEqual(before);
      const mine = (await graph.query(MY_ORDERS, undefined, customer)).body.data.me.orders.nodes as {
        lines: { variant: { sku: string } }[];
      }[];
      expect(mine.filter((o) => o.lines.some((l) => l.variant.sku === sku))).toEqual([]);
    });

    it("a failed capture is retried with backoff: the order stands at once, and the money is taken once the processor answers", async () => {
      await started;
      const { sku, locationId } = fixtures[3];
      const customer = await graph.as("customer", customers[3].id);
      const cart = await pickupCart(customer, sku, locationId, 1);
      payments.failingCaptures = 2;
      const calls = payments.captureCalls;
      const key = `capture-${randomUUID()}`;
      const placed = await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer);
      expect(placed.body.data.checkout.userErrors).toEqual([]);
      expect(placed.body.data.checkout.order.status).toBe("PLACED");
      const authorization = () => authorizationsOf(key)[0];
      expect(authorization()?.state).toBe("AUTHORIZED");
      await eventually(
        async () => authorization()?.state,
        (state) => state === "CAPTURED",
        "the retried capture",
      );
      expect(payments.captureCalls - calls).toBe(3);
    });

    it("a till sale that dies after the units left is recorded by the worker: one order, one charge, stock taken once, and the till's retry gets that order", async () => {
      await started;
      const { sku, locationId } = fixtures[4];
      const seller = staffAt(locationId);
      const till = await graph.as("associate", seller.id, locationId);
      const before = await stockAt(sku, locationId);
      const key = `till-${randomUUID()}`;
      crash = { key, point: "before:COMMITTED" };
      const input = { locationId, lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa", idempotencyKey: key };
      expect((await graph.query(SALE, { input }, till)).body.errors).toBeDefined();

      const recovered = await eventually(
        async () => (await graph.query(SALE, { input }, till)).body.data?.recordStoreSale,
        (answer) => answer?.order != null,
        "the recovered sale",
      );
      expect(recovered).toMatchObject({ order: { status: "FULFILLED", lines: [{ quantity: 1, variant: { sku } }] }, userErrors: [] });
      expect((await graph.query(SALE, { input }, till)).body.data.recordStoreSale.order.id).toBe(recovered.order.id);
      expect(await stockAt(sku, locationId)).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
      const charged = [...payments.authorizations.values()].filter((a) => a.key === `sale-${recovered.order.id}`);
      expect(charged).toHaveLength(1);
      await eventually(
        async () => charged[0].state,
        (state) => state === "CAPTURED",
        "the sale's capture",
      );
    });

    it("ORDER_PLACED recorded with the order reaches the timeline although the checkout died before publishing it", async () => {
      await started;
      const { sku, locationId } = fixtures[5];
      const customerId = customers[5].id;
      const customer = await graph.as("customer", customerId);
      const cart = await pickupCart(customer, sku, locationId, 1);
      const key = `dies-after-order-${randomUUID()}`;
      crash = { key, point: "after:ORDERED" };
      expect(
        (await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer)).body.errors,
      ).toBeDefined();
      const retried = await graph.query(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key } }, customer);
      const orderId = retried.body.data.checkout.order.id;
      const agent = { ...(await graph.as("agent", world.associates[0].id)), "x-channel": "CALL_CENTER" };
      const timeline = await eventually(
        async () =>
          (await graph.query(TIMELINE, { id: customerId }, agent)).body.data.customer.timeline.nodes as {
            type: string;
            orderId: string | null;
          }[],
        (nodes) => nodes.some((n) => n.orderId === orderId),
        "ORDER_PLACED on the timeline",
      );
      expect(timeline.filter((n) => n.orderId === orderId)).toEqual([{ type: "ORDER_PLACED", orderId }]);
    });
  },
);
