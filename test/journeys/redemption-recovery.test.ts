import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { pointsFor } from "../../subgraphs/customer/rules/loyalty.js";
import type { Promotion } from "../../subgraphs/order/pricing/promotions.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import type { FaultPoint } from "../../subgraphs/order/services/settlement.js";
import { startGraph, type Backend, type TestGraph } from "../helpers/graph.js";
import { eventually } from "../helpers/checkout-recovery.js";

// What a checkout spends besides the card — a discount code's use, a gift card's balance, loyalty points — goes back
// when the checkout dies half-way and the recovery worker unwinds it, with no client retry; and a retry under a new
// key then spends them once. The "process dies" is the settlement's fault hook (as in checkout-recovery.test.ts).

const world = demoWorld();
const dcStock = new Map<string, number>();
for (const s of world.stock)
  if (s.locationId.startsWith("dc-")) dcStock.set(s.sku, (dcStock.get(s.sku) ?? 0) + Math.max(0, s.onHand - s.reserved - s.safetyStock));
const sku = world.variants.find((v) => (dcStock.get(v.sku) ?? 0) >= 10 && v.prices.WEB.price >= 4_000)!.sku;
const shopper = world.customers.find((c, i) => i > 40 && c.loyaltyPoints >= 600 && world.carts.every((cart) => cart.customerId !== c.id))!;
const HOME = { line1: "9 Elm St", line2: null, city: "Peoria", region: "IL", postalCode: "61602", country: "US" };
const ONCE: Promotion = {
  id: "once",
  title: "$2 off, once",
  rule: { kind: "AMOUNT_OFF", cents: 200, target: {} },
  channels: null,
  startsAt: null,
  endsAt: null,
  code: { code: "ONLYONCE", usageLimit: 1, perCustomerLimit: null },
};
const ERRORS = `userErrors { code message field }`;

describe.each<Backend>(["memory", "redis"])("on %s: a checkout that dies after spending code, gift card and points", (backend) => {
  let graph: TestGraph;
  let crash: { key: string; point: FaultPoint } | null = null;
  const payments = new TestPaymentProvider();
  beforeAll(async () => {
    graph = await startGraph(
      {
        order: {
          payments,
          promotions: [ONCE],
          recovery: { intervalMs: 100, afterMs: 600, leaseMs: 5_000 },
          faults: (point, settlement) => {
            if (crash === null || crash.key !== settlement.key || crash.point !== point) return false;
            crash = null;
            return true;
          },
        },
      },
      { backend },
    );
  });
  afterAll(() => graph?.close());

  async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const answer = await graph.query(query, variables, headers);
    expect(answer.body.errors).toBeUndefined();
    return Object.values(answer.body.data as Record<string, any>)[0];
  }

  it("is unwound by the recovery worker: the code's use, the gift card's balance and the points come back; the next key spends them once", async () => {
    const headers = { ...(await graph.as("customer", shopper.id)), "x-channel": "WEB" };
    const associate = world.associates.find((a) => a.homeStoreId)!;
    const staff = await graph.as("associate", associate.id, associate.homeStoreId!);
    const points = async () => {
      await graph.bus.drain();
      return (await run(`{ me { loyalty { points } } }`, {}, headers)).loyalty.points as number;
    };
    const balance = async (code: string) =>
      (await run(`query($code: String!) { giftCard(code: $code) { balance { amount } } }`, { code }, headers)).balance.amount as string;

    const card = await run(`mutation { issueGiftCard(amount: "15.00") { code ${ERRORS} } }`, {}, staff);
    const created = await run(`mutation { createCart(input: {}) { cart { id } } }`, {}, headers);
    const cartId = created.cart.id;
    await run(
      `mutation($id: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $id, lines: $lines) { ${ERRORS} } }`,
      { id: cartId, lines: [{ sku, quantity: 1 }] },
      headers,
    );
    await run(
      `mutation($id: ID!, $a: AddressInput) { setCartFulfillment(cartId: $id, lineIds: null, method: SHIP_TO_HOME, shippingAddress: $a) { ${ERRORS} } }`,
      { id: cartId, a: HOME },
      headers,
    );
    await run(`mutation($id: ID!) { applyCartDiscountCode(cartId: $id, code: "ONLYONCE") { ${ERRORS} } }`, { id: cartId }, headers);
    await run(
      `mutation($id: ID!, $code: String!) { applyCartGiftCard(cartId: $id, code: $code) { ${ERRORS} } }`,
      { id: cartId, code: card.code },
      headers,
    );
    const set = await run(
      `mutation($id: ID!) { setCartLoyaltyPoints(cartId: $id, points: 300) { cart { cost { total { amount } amountDue { amount } } } ${ERRORS} } }`,
      { id: cartId },
      headers,
    );
    expect(set.userErrors).toEqual([]);
    const startPoints = await points();

    // Dies right after the card was authorized: code, gift card and points were spent, nothing recorded after HELD.
    crash = { key: "dies-after-spending", point: "before:AUTHORIZED" };
    const died = await graph.query(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id } ${ERRORS} } }`,
      {
        input: { cartId, paymentToken: "tok_visa", idempotencyKey: "dies-after-spending" },
      },
      headers,
    );
    expect(died.body.data?.checkout ?? null).toBeNull();
    expect(await balance(card.code)).toBe("0.00");

    // No retry: the worker finds it due and gives everything back.
    await eventually(
      () => balance(card.code),
      (b) => b === "15.00",
      "the gift card's balance to come back",
    );
    await eventually(points, (p) => p === startPoints, "the points to come back");
    const voided = [...payments.authorizations.values()].filter((a) => a.key.startsWith("checkout:"));
    expect(voided.map((a) => a.state)).toEqual(["VOIDED"]);

    // A new key places the order: the single-use code is free again, the card and points are spent once.
    const placed = await run(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id total { amount } discounts { amount } giftCardTotal { amount } } ${ERRORS} } }`,
      {
        input: { cartId, paymentToken: "tok_visa", idempotencyKey: "after-recovery" },
      },
      headers,
    );
    expect(placed.userErrors).toEqual([]);
    expect(placed.order.total.amount).toBe(set.cart.cost.total.amount);
    expect(placed.order.discounts.amount).toBe("5.00");
    expect(placed.order.giftCardTotal.amount).toBe("15.00");
    expect(await balance(card.code)).toBe("0.00");
    const total = Math.round(Number(placed.order.total.amount) * 100);
    expect(await points()).toBe(startPoints - 300 + pointsFor(total));
  });
});
