import { afterAll, beforeAll, expect } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import type { Promotion } from "../../subgraphs/order/pricing/promotions.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type Backend, type TestGraph } from "./graph.js";

/**
 * What the cart-cost journeys share: the demo world's SKUs picked so that no two stories spend the same stock, the
 * promotions and tax rate the order subgraph runs with, and the cart and checkout steps through the gateway. One graph
 * per backend, started by useCartCostGraph inside each file's describe.each.
 */

export const world = demoWorld();
const stock = new Map<string, number>();
for (const s of world.stock) {
  if (s.locationId.startsWith("dc-")) stock.set(s.sku, (stock.get(s.sku) ?? 0) + Math.max(0, s.onHand - s.reserved - s.safetyStock));
}
const productOf = new Map(world.products.map((p) => [p.id, p]));
const categoryOf = (sku: string) => productOf.get(world.variants.find((v) => v.sku === sku)!.productId)!.categoryId;
const used = new Set<string>();
/** A variant the distribution centers have at least `units` of, in (or outside) a category, priced in [min, max] cents on the web. */
function variant(units: number, where: { category?: string; notCategory?: string; min?: number; max?: number }) {
  const found = world.variants.find(
    (v) =>
      !used.has(v.sku) &&
      (stock.get(v.sku) ?? 0) >= units &&
      (!where.category || categoryOf(v.sku) === where.category) &&
      (!where.notCategory || categoryOf(v.sku) !== where.notCategory) &&
      v.prices.WEB.price >= (where.min ?? 0) &&
      v.prices.WEB.price <= (where.max ?? Infinity),
  );
  if (!found) throw new Error(`the demo world has no variant for ${JSON.stringify(where)}`);
  used.add(found.sku);
  return found;
}

export const shipped = variant(4, { notCategory: "cat-kitchen", min: 1500, max: 3000 });
export const kitchen = variant(4, { category: "cat-kitchen", min: 2000 });
export const plain = variant(4, { notCategory: "cat-kitchen", min: 2000 });
export const crowd = variant(25, { min: 1000 });
export const gifted = variant(6, { min: 2000 });
export const windowed = variant(4, { notCategory: "cat-kitchen", min: 2000 });
export const cancelled = variant(4, { min: 3000 });
export const pointsSku = variant(4, { notCategory: "cat-kitchen", min: 2000 });
export const greedySku = variant(10, { min: 5000 });
export const spender = world.customers.find(
  (c, i) => i > 20 && c.loyaltyPoints >= 1_000 && c.loyaltyPoints <= 20_000 && world.carts.every((cart) => cart.customerId !== c.id),
)!;
// Two SKUs a store has plenty of, for a till sale and a return at its counter.
export const till = "store-05";
// A store with a SKU to pick up, for an order part-paid by gift card and returned at the counter.
export const pickupStore = "store-06";
export const pickupSku = world.stock.find(
  (s) =>
    s.locationId === pickupStore &&
    s.onHand - s.reserved - s.safetyStock >= 4 &&
    !used.has(s.sku) &&
    world.variants.find((v) => v.sku === s.sku)!.prices.WEB.price >= 3_000,
)!.sku;
used.add(pickupSku);
export const [tillFirst, tillSecond] = world.stock
  .filter((s) => s.locationId === till && s.onHand - s.reserved - s.safetyStock >= 4 && !used.has(s.sku))
  .map((s) => world.variants.find((v) => v.sku === s.sku)!)
  .filter((v) => v.prices.STORE.price >= 1_000)
  .slice(0, 2);

export const HOME = { line1: "1 Main St", line2: null, city: "Springfield", region: "IL", postalCode: "62701", country: "US" };
export const IL_RATE = 625;
export const taxOf = (cents: number) => Math.round((cents * IL_RATE) / 10_000);
export const cents = (money: { amount: string }) => Math.round(Number(money.amount) * 100);

const FAR = "2099-01-01T00:00:00.000Z";
function promotions(expiringAt: string): Promotion[] {
  return [
    {
      id: "t-kitchen",
      title: "20% off kitchen",
      rule: { kind: "PERCENT_OFF", percent: 20, target: { categoryIds: ["cat-kitchen"] } },
      channels: null,
      startsAt: null,
      endsAt: FAR,
      code: { code: "TESTKITCHEN", usageLimit: null, perCustomerLimit: null },
    },
    {
      id: "t-five",
      title: "$1 off, five uses",
      rule: { kind: "AMOUNT_OFF", cents: 100, target: {} },
      channels: null,
      startsAt: null,
      endsAt: FAR,
      code: { code: "FIVEONLY", usageLimit: 5, perCustomerLimit: null },
    },
    {
      id: "t-expiring",
      title: "5% off, ending soon",
      rule: { kind: "PERCENT_OFF", percent: 5, target: {} },
      channels: null,
      startsAt: null,
      endsAt: expiringAt,
      code: { code: "SOONGONE", usageLimit: null, perCustomerLimit: null },
    },
    // Automatic, on the windowed SKU only: one on the kiosk, one whose window ended, one not yet begun.
    {
      id: "t-kiosk",
      title: "10% off at the kiosk",
      rule: { kind: "PERCENT_OFF", percent: 10, target: { skus: [windowed.sku] } },
      channels: [SalesChannel.KIOSK],
      startsAt: null,
      endsAt: FAR,
      code: null,
    },
    {
      id: "t-past",
      title: "30% off, last year",
      rule: { kind: "PERCENT_OFF", percent: 30, target: { skus: [windowed.sku] } },
      channels: null,
      startsAt: "2020-01-01T00:00:00.000Z",
      endsAt: "2021-01-01T00:00:00.000Z",
      code: null,
    },
    {
      id: "t-future",
      title: "40% off, next century",
      rule: { kind: "PERCENT_OFF", percent: 40, target: { skus: [windowed.sku] } },
      channels: null,
      startsAt: FAR,
      endsAt: null,
      code: null,
    },
  ];
}

export const ERRORS = `userErrors { code message field }`;
export const COST = `cost { subtotal { amount } discounts { amount } shipping { amount } tax { amount } total { amount } giftCards { amount } amountDue { amount }
  discountAllocations { title code amount { amount } } taxLines { title rateBasisPoints amount { amount } }
  lines { lineId subtotal { amount } discounts { amount } tax { amount } total { amount } } warnings { code } loyaltyPointsUsed }`;
export const CART = `id version lines { id } ${COST}
  deliveryGroups { method lineIds selectedOption { handle price { amount } estimatedDeliveryAt } options { handle price { amount } estimatedDeliveryAt readyBy } }
  discountCodes { code applicable }`;
export const ORDER = `id total { amount } subtotal { amount } shippingTotal { amount } discounts { amount } taxTotal { amount } giftCardTotal { amount }
  taxLines { rateBasisPoints amount { amount } } lines { quantity discount { amount } tax { amount } }`;
export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
export const GIFT_CARD = `query($code: String!) { giftCard(code: $code) { balance { amount } } }`;

export let graph: TestGraph;
export let payments: TestPaymentProvider;
// SOONGONE's end: long enough after the graph starts for the first test to put it on a cart.
export let expiresAt = "";
let backend: Backend;
let keys = 0;
export const key = (story: string) => `${backend}-${story}-${++keys}`;
export const web = { "x-channel": "WEB" };

/** Starts this backend's graph, with its own test payments, before the describe block's tests, and closes it after. */
export function useCartCostGraph(on: Backend): void {
  beforeAll(async () => {
    backend = on;
    payments = new TestPaymentProvider();
    expiresAt = new Date(Date.now() + 15_000).toISOString();
    graph = await startGraph({ order: { payments, promotions: promotions(expiresAt), taxRates: { IL: IL_RATE } } }, { backend });
  });
  afterAll(() => graph?.close());
}

export async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string> = web) {
  const answer = await graph.query(query, variables, headers);
  expect(answer.body.errors).toBeUndefined();
  return Object.values(answer.body.data as Record<string, any>)[0];
}

/** An anonymous cart shipping `lines` home, on `headers`' channel. */
export async function shippingCart(lines: { sku: string; quantity: number }[], headers = web) {
  const created = await run(`mutation { createCart(input: {}) { cart { id } ${ERRORS} } }`, {}, headers);
  const id = created.cart.id;
  await run(
    `mutation($id: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $id, lines: $lines) { ${ERRORS} } }`,
    { id, lines },
    headers,
  );
  const set = await run(
    `mutation($id: ID!, $a: AddressInput) { setCartFulfillment(cartId: $id, lineIds: null, method: SHIP_TO_HOME, shippingAddress: $a) { cart { ${CART} } ${ERRORS} } }`,
    { id, a: HOME },
    headers,
  );
  expect(set.userErrors).toEqual([]);
  return set.cart;
}

export const applyCode = (cartId: string, code: string, headers = web) =>
  run(
    `mutation($id: ID!, $code: String!) { applyCartDiscountCode(cartId: $id, code: $code) { cart { ${CART} } ${ERRORS} } }`,
    { id: cartId, code },
    headers,
  );
export const applyGiftCard = (cartId: string, code: string) =>
  run(`mutation($id: ID!, $code: String!) { applyCartGiftCard(cartId: $id, code: $code) { cart { ${CART} } ${ERRORS} } }`, {
    id: cartId,
    code,
  });
export const checkout = (cartId: string, idempotencyKey: string, paymentToken = "tok_visa", headers = web) =>
  run(CHECKOUT, { input: { cartId, paymentToken, idempotencyKey } }, headers);
export const authorizedFor = (orderTotalCents: number) => [...payments.authorizations.values()].filter((a) => a.amount === orderTotalCents);
