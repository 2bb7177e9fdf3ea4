import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import { formatAmount } from "../../lib/money.js";
import type { Promotion } from "../../subgraphs/order/pricing/promotions.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { pointsFor } from "../../subgraphs/customer/rules/loyalty.js";
import { startGraph, type Backend, type TestGraph } from "../helpers/graph.js";

// What the shopper pays, before they pay: the cart's cost (subtotal, discounts, shipping, tax, total) is what the
// order charges; discount codes and gift cards are spent atomically with the order; promotions respect their channel
// and window. Through the gateway, on the memory and on the Redis stores.

const world = demoWorld();
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

const shipped = variant(4, { notCategory: "cat-kitchen", min: 1500, max: 3000 });
const kitchen = variant(4, { category: "cat-kitchen", min: 2000 });
const plain = variant(4, { notCategory: "cat-kitchen", min: 2000 });
const crowd = variant(25, { min: 1000 });
const gifted = variant(6, { min: 2000 });
const windowed = variant(4, { notCategory: "cat-kitchen", min: 2000 });
const cancelled = variant(4, { min: 3000 });
const pointsSku = variant(4, { notCategory: "cat-kitchen", min: 2000 });
const greedySku = variant(10, { min: 5000 });
const spender = world.customers.find(
  (c, i) => i > 20 && c.loyaltyPoints >= 1_000 && c.loyaltyPoints <= 20_000 && world.carts.every((cart) => cart.customerId !== c.id),
)!;
// Two SKUs a store has plenty of, for a till sale and a return at its counter.
const till = "store-05";
// A store with a SKU to pick up, for an order part-paid by gift card and returned at the counter.
const pickupStore = "store-06";
const pickupSku = world.stock.find(
  (s) =>
    s.locationId === pickupStore &&
    s.onHand - s.reserved - s.safetyStock >= 4 &&
    !used.has(s.sku) &&
    world.variants.find((v) => v.sku === s.sku)!.prices.WEB.price >= 3_000,
)!.sku;
used.add(pickupSku);
const [tillFirst, tillSecond] = world.stock
  .filter((s) => s.locationId === till && s.onHand - s.reserved - s.safetyStock >= 4 && !used.has(s.sku))
  .map((s) => world.variants.find((v) => v.sku === s.sku)!)
  .filter((v) => v.prices.STORE.price >= 1_000)
  .slice(0, 2);

const HOME = { line1: "1 Main St", line2: null, city: "Springfield", region: "IL", postalCode: "62701", country: "US" };
const IL_RATE = 625;
const taxOf = (cents: number) => Math.round((cents * IL_RATE) / 10_000);
const cents = (money: { amount: string }) => Math.round(Number(money.amount) * 100);

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

const ERRORS = `userErrors { code message field }`;
const COST = `cost { subtotal { amount } discounts { amount } shipping { amount } tax { amount } total { amount } giftCards { amount } amountDue { amount }
  discountAllocations { title code amount { amount } } taxLines { title rateBasisPoints amount { amount } }
  lines { lineId subtotal { amount } discounts { amount } tax { amount } total { amount } } warnings { code } loyaltyPointsUsed }`;
const CART = `id version lines { id } ${COST}
  deliveryGroups { method lineIds selectedOption { handle price { amount } estimatedDeliveryAt } options { handle price { amount } estimatedDeliveryAt readyBy } }
  discountCodes { code applicable }`;
const ORDER = `id total { amount } subtotal { amount } shippingTotal { amount } discounts { amount } taxTotal { amount } giftCardTotal { amount }
  taxLines { rateBasisPoints amount { amount } } lines { quantity discount { amount } tax { amount } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
const GIFT_CARD = `query($code: String!) { giftCard(code: $code) { balance { amount } } }`;

describe.each<Backend>(["memory", "redis"])("what the shopper pays (%s)", (backend) => {
  let graph: TestGraph;
  const payments = new TestPaymentProvider();
  // SOONGONE's end: long enough after the graph starts for the first test to put it on a cart.
  let expiresAt = "";
  let keys = 0;
  const key = (story: string) => `${backend}-${story}-${++keys}`;
  const web = { "x-channel": "WEB" };

  beforeAll(async () => {
    expiresAt = new Date(Date.now() + 15_000).toISOString();
    graph = await startGraph({ order: { payments, promotions: promotions(expiresAt), taxRates: { IL: IL_RATE } } }, { backend });
  });
  afterAll(() => graph?.close());

  async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string> = web) {
    const answer = await graph.query(query, variables, headers);
    expect(answer.body.errors).toBeUndefined();
    return Object.values(answer.body.data as Record<string, any>)[0];
  }

  /** An anonymous cart shipping `lines` home, on `headers`' channel. */
  async function shippingCart(lines: { sku: string; quantity: number }[], headers = web) {
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

  const applyCode = (cartId: string, code: string, headers = web) =>
    run(
      `mutation($id: ID!, $code: String!) { applyCartDiscountCode(cartId: $id, code: $code) { cart { ${CART} } ${ERRORS} } }`,
      { id: cartId, code },
      headers,
    );
  const applyGiftCard = (cartId: string, code: string) =>
    run(`mutation($id: ID!, $code: String!) { applyCartGiftCard(cartId: $id, code: $code) { cart { ${CART} } ${ERRORS} } }`, {
      id: cartId,
      code,
    });
  const checkout = (cartId: string, idempotencyKey: string, paymentToken = "tok_visa", headers = web) =>
    run(CHECKOUT, { input: { cartId, paymentToken, idempotencyKey } }, headers);
  const authorizedFor = (orderTotalCents: number) => [...payments.authorizations.values()].filter((a) => a.amount === orderTotalCents);

  it("a promotion outside its window or channel does not apply; a code that expires between cart and checkout refuses the checkout and places no order", async () => {
    const onWeb = await shippingCart([{ sku: windowed.sku, quantity: 1 }]);
    expect(onWeb.cost.discounts.amount).toBe("0.00");
    expect(onWeb.cost.discountAllocations).toEqual([]);
    const kiosk = { ...graph.key("kiosk"), "x-channel": "KIOSK" };
    const atKiosk = await shippingCart([{ sku: windowed.sku, quantity: 1 }], kiosk);
    const price = windowed.prices.KIOSK.price;
    expect(atKiosk.cost.discountAllocations).toEqual([
      { title: "10% off at the kiosk", code: null, amount: { amount: formatAmount(Math.round(price * 0.1)) } },
    ]);
    // The same kiosk cart read on the web prices as the web does.
    const readOnWeb = await run(`query($id: ID!) { cart(id: $id) { ${COST} } }`, { id: atKiosk.id });
    expect(readOnWeb.cost.discounts.amount).toBe("0.00");

    const soon = await applyCode(onWeb.id, "SOONGONE");
    expect(soon.userErrors).toEqual([]);
    expect(soon.cart.discountCodes).toEqual([{ code: "SOONGONE", applicable: true }]);
    // Wait for the code's end (15 s after the graph started), then check out.
    while (Date.now() < Date.parse(expiresAt)) await new Promise((resolve) => setTimeout(resolve, 250));
    const read = await run(`query($id: ID!) { cart(id: $id) { discountCodes { code applicable } ${COST} } }`, { id: onWeb.id });
    expect(read.discountCodes).toEqual([{ code: "SOONGONE", applicable: false }]);
    expect(read.cost.warnings).toEqual([{ code: "DISCOUNT_CODE_EXPIRED" }]);
    const refused = await checkout(onWeb.id, key("expired"));
    expect(refused.order).toBeNull();
    expect(refused.userErrors.map((e: { code: string }) => e.code)).toEqual(["DISCOUNT_CODE_EXPIRED"]);
    // Taken off, it cannot be entered again; the cart then checks out at its undiscounted total.
    const removed = await run(
      `mutation($id: ID!) { removeCartDiscountCode(cartId: $id, code: "soongone") { cart { discountCodes { code } ${COST} } ${ERRORS} } }`,
      { id: onWeb.id },
    );
    expect(removed.cart.discountCodes).toEqual([]);
    expect((await applyCode(onWeb.id, "SOONGONE")).userErrors.map((e: { code: string }) => e.code)).toEqual(["DISCOUNT_CODE_EXPIRED"]);
    const placed = await checkout(onWeb.id, key("after-expiry"));
    expect(placed.userErrors).toEqual([]);
    expect(placed.order.total.amount).toBe(removed.cart.cost.total.amount);
  }, 120_000);

  it("a ship-to-home cart shows subtotal, shipping, tax and total, express shipping can be selected, and the order charges exactly that total", async () => {
    const cart = await shippingCart([{ sku: shipped.sku, quantity: 2 }]);
    const subtotal = shipped.prices.WEB.price * 2;
    const standard = subtotal < 7500 ? 799 : 0;
    expect(cart.cost).toMatchObject({
      subtotal: { amount: formatAmount(subtotal) },
      discounts: { amount: "0.00" },
      shipping: { amount: formatAmount(standard) },
      tax: { amount: formatAmount(taxOf(subtotal) + taxOf(standard)) },
      total: { amount: formatAmount(subtotal + standard + taxOf(subtotal) + taxOf(standard)) },
      taxLines: [{ title: "IL sales tax", rateBasisPoints: IL_RATE }],
    });
    const [group] = cart.deliveryGroups;
    expect(group).toMatchObject({
      method: "SHIP_TO_HOME",
      lineIds: cart.lines.map((l: { id: string }) => l.id),
      selectedOption: { handle: "STANDARD" },
    });
    expect(group.options.map((o: { handle: string; price: { amount: string } }) => [o.handle, o.price.amount])).toEqual([
      ["STANDARD", formatAmount(standard)],
      ["EXPRESS", "19.99"],
    ]);
    expect(Date.parse(group.options[1].estimatedDeliveryAt)).toBeLessThan(Date.parse(group.options[0].estimatedDeliveryAt));

    const express = await run(
      `mutation($id: ID!, $v: Int) { selectCartDeliveryOption(cartId: $id, option: EXPRESS, expectedVersion: $v) { cart { ${CART} } ${ERRORS} } }`,
      { id: cart.id, v: cart.version },
    );
    expect(express.userErrors).toEqual([]);
    const total = subtotal + 1999 + taxOf(subtotal) + taxOf(1999);
    expect(express.cart.cost).toMatchObject({
      shipping: { amount: "19.99" },
      total: { amount: formatAmount(total) },
      amountDue: { amount: formatAmount(total) },
    });
    expect(express.cart.deliveryGroups[0].selectedOption.handle).toBe("EXPRESS");
    const stale = await run(
      `mutation($id: ID!, $v: Int) { selectCartDeliveryOption(cartId: $id, option: STANDARD, expectedVersion: $v) { ${ERRORS} } }`,
      { id: cart.id, v: cart.version },
    );
    expect(stale.userErrors.map((e: { code: string }) => e.code)).toEqual(["CART_CHANGED"]);

    // The shopper names the total they saw: any other refuses, nothing held; the one shown places the order.
    const changed = await run(CHECKOUT, {
      input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key("ship-stale"), expectedTotal: formatAmount(total - 1) },
    });
    expect(changed.order).toBeNull();
    expect(changed.userErrors.map((e: { code: string }) => e.code)).toEqual(["TOTAL_CHANGED"]);
    const placed = await run(CHECKOUT, {
      input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: key("ship"), expectedTotal: express.cart.cost.total.amount },
    });
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({
      total: { amount: formatAmount(total) },
      subtotal: { amount: formatAmount(subtotal) },
      shippingTotal: { amount: "19.99" },
      taxTotal: { amount: formatAmount(taxOf(subtotal) + taxOf(1999)) },
      taxLines: [{ rateBasisPoints: IL_RATE }],
    });
    expect(placed.order.lines.reduce((sum: number, l: { tax: { amount: string } }) => sum + cents(l.tax), 0)).toBe(taxOf(subtotal));
    // The payment provider was asked for exactly the total the cart showed, and took it.
    const charged = authorizedFor(total);
    expect(charged).toHaveLength(1);
    expect(charged[0]!.state).toBe("CAPTURED");
  });

  it("a discount code on an eligible category takes its share off those lines only, and the order charges the lower total", async () => {
    const cart = await shippingCart([
      { sku: kitchen.sku, quantity: 1 },
      { sku: plain.sku, quantity: 1 },
    ]);
    const before = cents(cart.cost.total);
    const applied = await applyCode(cart.id, "testkitchen");
    expect(applied.userErrors).toEqual([]);
    const off = Math.round(kitchen.prices.WEB.price * 0.2);
    const cost = applied.cart.cost;
    expect(applied.cart.discountCodes).toEqual([{ code: "TESTKITCHEN", applicable: true }]);
    expect(cost.discounts.amount).toBe(formatAmount(off));
    expect(cost.discountAllocations).toEqual([{ title: "20% off kitchen", code: "TESTKITCHEN", amount: { amount: formatAmount(off) } }]);
    expect(cost.lines.map((l: { discounts: { amount: string } }) => l.discounts.amount)).toEqual([formatAmount(off), "0.00"]);
    // Tax is on the discounted price.
    expect(cents(cost.total)).toBeLessThan(before);
    expect(cents(cost.tax)).toBe(taxOf(kitchen.prices.WEB.price - off) + taxOf(plain.prices.WEB.price) + taxOf(cents(cost.shipping)));

    const unknown = await applyCode(cart.id, "NOSUCHCODE");
    expect(unknown.userErrors.map((e: { code: string }) => e.code)).toEqual(["DISCOUNT_CODE_UNKNOWN"]);

    const placed = await checkout(applied.cart.id, key("kitchen"));
    expect(placed.userErrors).toEqual([]);
    expect(placed.order.total.amount).toBe(cost.total.amount);
    expect(placed.order.discounts.amount).toBe(formatAmount(off));
    expect(authorizedFor(cents(cost.total)).length).toBeGreaterThanOrEqual(1);
  });

  it("a code limited to 5 uses, tried by 20 concurrent checkouts, is used exactly 5 times; the other 15 place no order and hold nothing", async () => {
    const carts = await Promise.all(Array.from({ length: 20 }, () => shippingCart([{ sku: crowd.sku, quantity: 1 }])));
    for (const cart of carts) expect((await applyCode(cart.id, "FIVEONLY")).userErrors).toEqual([]);
    const atp = async () =>
      (
        await graph.query(
          `query($sku: ID!) { variant(sku: $sku) { stockAt(locationId: "dc-01") { availableToPromise } other: stockAt(locationId: "dc-02") { availableToPromise } } }`,
          { sku: crowd.sku },
        )
      ).body.data.variant;
    const stockBefore = await atp();
    const answers = await Promise.all(carts.map((cart, i) => checkout(cart.id, key(`five-${i}`))));
    const placed = answers.filter((a) => a.order);
    expect(placed).toHaveLength(5);
    for (const answer of placed) expect(answer.order.discounts.amount).toBe("1.00");
    const refused = answers.filter((a) => !a.order);
    expect(refused.map((a) => a.userErrors.map((e: { code: string }) => e.code))).toEqual(
      Array.from({ length: 15 }, () => ["DISCOUNT_CODE_USED_UP"]),
    );
    // The refused checkouts released their holds: only the five orders' units left.
    const stockAfter = await atp();
    const total = (s: any) => s.stockAt.availableToPromise + s.other.availableToPromise;
    expect(total(stockBefore) - total(stockAfter)).toBe(5);
    // A sixth try later is refused too: the uses are counted, not guessed.
    const late = await shippingCart([{ sku: crowd.sku, quantity: 1 }]);
    await applyCode(late.id, "FIVEONLY");
    expect((await checkout(late.id, key("five-late"))).userErrors.map((e: { code: string }) => e.code)).toEqual(["DISCOUNT_CODE_USED_UP"]);
  });

  it("a gift card covering half a cart drops by exactly that, once, even with a retried idempotent checkout; racing carts never spend it twice; a declined card leaves it untouched", async () => {
    const associate = world.associates.find((a) => a.homeStoreId)!;
    const staff = await graph.as("associate", associate.id, associate.homeStoreId!);
    const cart = await shippingCart([{ sku: gifted.sku, quantity: 2 }]);
    const total = cents(cart.cost.total);
    const half = Math.floor(total / 2);
    const issued = await run(
      `mutation($amount: String!) { issueGiftCard(amount: $amount) { code giftCard { balance { amount } } ${ERRORS} } }`,
      { amount: formatAmount(half) },
      staff,
    );
    expect(issued.userErrors).toEqual([]);
    const code = issued.code as string;
    const shopperIssue = await graph.query(
      `mutation { issueGiftCard(amount: "10.00") { code } }`,
      {},
      await graph.as("customer", world.customers[0]!.id),
    );
    expect(shopperIssue.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const applied = await applyGiftCard(cart.id, code);
    expect(applied.userErrors).toEqual([]);
    expect(applied.cart.cost).toMatchObject({
      total: { amount: formatAmount(total) },
      giftCards: { amount: formatAmount(half) },
      amountDue: { amount: formatAmount(total - half) },
    });

    // The same card on a second cart, checked out at the same moment: only one of them may spend it.
    const rival = await shippingCart([{ sku: gifted.sku, quantity: 1 }]);
    await applyGiftCard(rival.id, code);

    // A declined payment first: nothing is spent.
    const declined = await checkout(cart.id, key("gift-declined"), "tok_declined");
    expect(declined.userErrors.map((e: { code: string }) => e.code)).toEqual(["PAYMENT_DECLINED"]);
    expect((await run(GIFT_CARD, { code })).balance.amount).toBe(formatAmount(half));

    const idempotencyKey = key("gift");
    const [first, second, raced] = await Promise.all([
      checkout(cart.id, idempotencyKey),
      checkout(cart.id, idempotencyKey),
      checkout(rival.id, key("gift-rival")),
    ]);
    const winners = [first, raced].filter((a) => a.order);
    expect(winners).toHaveLength(1);
    if (first.order) {
      expect(second.order.id).toBe(first.order.id);
      expect(first.order).toMatchObject({ total: { amount: formatAmount(total) }, giftCardTotal: { amount: formatAmount(half) } });
      expect(authorizedFor(total - half).some((a) => a.state === "CAPTURED")).toBe(true);
      expect(raced.userErrors.map((e: { code: string }) => e.code)).toEqual(["GIFT_CARD_BALANCE"]);
    } else {
      expect(first.userErrors.map((e: { code: string }) => e.code)).toEqual(["GIFT_CARD_BALANCE"]);
    }
    const retried = await checkout(cart.id, idempotencyKey);
    expect(retried.order?.id ?? null).toBe(first.order?.id ?? null);
    // Spent once, whoever won: the balance dropped by exactly what the winning order took from it.
    const spent = cents(winners[0].order.giftCardTotal);
    expect((await run(GIFT_CARD, { code })).balance.amount).toBe(formatAmount(half - spent));
    expect(spent).toBeGreaterThan(0);
  });

  it("a till sale is taxed at the store's state; a return of one line refunds its price and its share of the tax", async () => {
    const seller = world.associates.find((a) => a.homeStoreId === till)!;
    const tablet = await graph.as("associate", seller.id, till);
    const sale = await run(
      `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { id ${ORDER} lines { id quantity total { amount } tax { amount } } } ${ERRORS} } }`,
      {
        input: {
          locationId: till,
          paymentToken: "tok_visa",
          lines: [
            { sku: tillFirst!.sku, quantity: 1 },
            { sku: tillSecond!.sku, quantity: 2 },
          ],
        },
      },
      tablet,
    );
    expect(sale.userErrors).toEqual([]);
    const [a, b] = [tillFirst!.prices.STORE.price, tillSecond!.prices.STORE.price * 2];
    expect(sale.order.taxTotal.amount).toBe(formatAmount(taxOf(a) + taxOf(b)));
    expect(sale.order.total.amount).toBe(formatAmount(a + b + taxOf(a) + taxOf(b)));
    const second = sale.order.lines[1];
    const requested = await run(
      `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id } ${ERRORS} } }`,
      { input: { orderId: sale.order.id, method: "IN_STORE", dropOffLocationId: till, lines: [{ orderLineId: second.id, quantity: 1 }] } },
      tablet,
    );
    expect(requested.userErrors).toEqual([]);
    const received = await run(
      `mutation($id: ID!) { receiveReturn(returnId: $id) { return { refund { amount } } ${ERRORS} } }`,
      { id: requested.return.id },
      tablet,
    );
    // One of two units back: half the line's price and half its tax.
    expect(received.return.refund.amount).toBe(formatAmount(tillSecond!.prices.STORE.price + Math.round(taxOf(b) / 2)));
  });

  it("cancelling an order part-paid by gift card puts the card's part back on the card and refunds only the rest to the payment card", async () => {
    const shopper = world.customers[5]!;
    const headers = { ...(await graph.as("customer", shopper.id)), "x-channel": "WEB" };
    const associate = world.associates.find((a) => a.homeStoreId)!;
    const issued = await run(
      `mutation { issueGiftCard(amount: "10.00") { code ${ERRORS} } }`,
      {},
      await graph.as("associate", associate.id, associate.homeStoreId!),
    );
    const cart = await shippingCart([{ sku: cancelled.sku, quantity: 1 }], headers);
    await run(
      `mutation($id: ID!, $code: String!) { applyCartGiftCard(cartId: $id, code: $code) { ${ERRORS} } }`,
      { id: cart.id, code: issued.code },
      headers,
    );
    const placed = await checkout(cart.id, key("cancel-gift"), "tok_visa", headers);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order.giftCardTotal.amount).toBe("10.00");
    expect((await run(GIFT_CARD, { code: issued.code })).balance.amount).toBe("0.00");
    const cancel = await run(
      `mutation($id: ID!) { cancelOrder(orderId: $id) { order { status } ${ERRORS} } }`,
      { id: placed.order.id },
      headers,
    );
    expect(cancel.userErrors).toEqual([]);
    expect((await run(GIFT_CARD, { code: issued.code })).balance.amount).toBe("10.00");
    expect(payments.refunds.get(`cancel-${placed.order.id}`)?.amount).toBe(cents(placed.order.total) - 1000);
  });

  it("loyalty points redeemed at checkout come off the balance with the order, and are restored when it is cancelled; more than the balance places no order", async () => {
    const headers = { ...(await graph.as("customer", spender.id)), "x-channel": "WEB" };
    const balance = async () => {
      await graph.bus.drain();
      return (await run(`{ me { loyalty { points } } }`, {}, headers)).loyalty.points as number;
    };
    const start = await balance();
    const cart = await shippingCart([{ sku: pointsSku.sku, quantity: 1 }], headers);
    const set = await run(
      `mutation($id: ID!, $v: Int) { setCartLoyaltyPoints(cartId: $id, points: 500, expectedVersion: $v) { cart { loyaltyPoints ${COST} } ${ERRORS} } }`,
      { id: cart.id, v: cart.version },
      headers,
    );
    expect(set.userErrors).toEqual([]);
    expect(set.cart.loyaltyPoints).toBe(500);
    expect(set.cart.cost.loyaltyPointsUsed).toBe(500);
    expect(set.cart.cost.discountAllocations).toEqual([{ title: "500 loyalty points", code: null, amount: { amount: "5.00" } }]);
    // Points are a discount: tax is on what is left.
    const price = pointsSku.prices.WEB.price;
    expect(cents(set.cart.cost.total)).toBe(cents(cart.cost.total) - 500 - (taxOf(price) - taxOf(price - 500)));

    const placed = await checkout(cart.id, key("points"), "tok_visa", headers);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order.total.amount).toBe(set.cart.cost.total.amount);
    expect(placed.order.discounts.amount).toBe("5.00");
    expect(await balance()).toBe(start - 500 + pointsFor(cents(placed.order.total)));

    // More than is left, on a cart worth more than that: refused, nothing held, no order.
    const left = await balance();
    const greedy = await shippingCart([{ sku: greedySku.sku, quantity: Math.ceil((left + 1) / greedySku.prices.WEB.price) }], headers);
    const asked = await run(
      `mutation($id: ID!, $p: Int!) { setCartLoyaltyPoints(cartId: $id, points: $p) { cart { ${COST} } ${ERRORS} } }`,
      { id: greedy.id, p: left + 1 },
      headers,
    );
    expect(asked.cart.cost.loyaltyPointsUsed).toBe(left + 1);
    const refused = await checkout(greedy.id, key("points-greedy"), "tok_visa", headers);
    expect(refused.order).toBeNull();
    expect(refused.userErrors.map((e: { code: string }) => e.code)).toEqual(["LOYALTY_POINTS_INSUFFICIENT"]);
    expect(await balance()).toBe(left);

    const cancel = await run(
      `mutation($id: ID!) { cancelOrder(orderId: $id) { order { status } ${ERRORS} } }`,
      { id: placed.order.id },
      headers,
    );
    expect(cancel.userErrors).toEqual([]);
    // The points spent are back, and what the order earned is taken back: the balance is where it started.
    expect(await balance()).toBe(start);
  });

  it("a return of an order part-paid by gift card refunds to the gift card first, then to the payment card", async () => {
    const associate = world.associates.find((a) => a.homeStoreId === pickupStore)!;
    const staff = await graph.as("associate", associate.id, pickupStore);
    const shopper = { ...(await graph.as("customer", world.customers[7]!.id)), "x-channel": "WEB" };
    const issued = await run(`mutation { issueGiftCard(amount: "10.00") { code ${ERRORS} } }`, {}, staff);
    const created = await run(`mutation { createCart(input: {}) { cart { id } } }`, {}, shopper);
    await run(
      `mutation($id: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $id, lines: $lines) { ${ERRORS} } }`,
      { id: created.cart.id, lines: [{ sku: pickupSku, quantity: 2 }] },
      shopper,
    );
    const set = await run(
      `mutation($id: ID!, $at: ID) { setCartFulfillment(cartId: $id, lineIds: null, method: PICKUP_IN_STORE, locationId: $at) { cart { ${CART} } ${ERRORS} } }`,
      { id: created.cart.id, at: pickupStore },
      shopper,
    );
    // Pickup is free and taxed at the store's state (IL here).
    const price = world.variants.find((v) => v.sku === pickupSku)!.prices.WEB.price;
    expect(set.cart.cost).toMatchObject({ shipping: { amount: "0.00" }, tax: { amount: formatAmount(taxOf(price * 2)) } });
    expect(set.cart.deliveryGroups).toMatchObject([
      { method: "PICKUP_IN_STORE", selectedOption: { handle: "PICKUP", price: { amount: "0.00" } } },
    ]);
    expect(Date.parse(set.cart.deliveryGroups[0].options[0].readyBy)).toBeGreaterThan(Date.now());
    await run(
      `mutation($id: ID!, $code: String!) { applyCartGiftCard(cartId: $id, code: $code) { ${ERRORS} } }`,
      { id: created.cart.id, code: issued.code },
      shopper,
    );
    const placed = await run(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id total { amount } lines { id } fulfillments { id pickupCode } } ${ERRORS} } }`,
      { input: { cartId: created.cart.id, paymentToken: "tok_visa", idempotencyKey: key("pickup-return") } },
      shopper,
    );
    expect(placed.userErrors).toEqual([]);
    const [fulfillment] = placed.order.fulfillments;
    for (const to of ["PICKING", "READY_FOR_PICKUP"]) {
      const moved = await run(
        `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { ${ERRORS} } }`,
        { id: fulfillment.id, to },
        staff,
      );
      expect(moved.userErrors).toEqual([]);
    }
    expect(
      (await run(`mutation($code: String!) { completePickup(pickupCode: $code) { ${ERRORS} } }`, { code: fulfillment.pickupCode }, staff))
        .userErrors,
    ).toEqual([]);

    const requested = await run(
      `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id } ${ERRORS} } }`,
      {
        input: {
          orderId: placed.order.id,
          method: "IN_STORE",
          dropOffLocationId: pickupStore,
          lines: [{ orderLineId: placed.order.lines[0].id, quantity: 1 }],
        },
      },
      shopper,
    );
    expect(requested.userErrors).toEqual([]);
    const received = await run(
      `mutation($id: ID!) { receiveReturn(returnId: $id) { return { refund { amount } } ${ERRORS} } }`,
      { id: requested.return.id },
      staff,
    );
    const refund = cents(received.return.refund);
    expect(refund).toBe(price + Math.round(taxOf(price * 2) / 2));
    // The card's 10.00 goes back on the card first; only the rest reaches the payment card.
    expect((await run(GIFT_CARD, { code: issued.code })).balance.amount).toBe("10.00");
    expect(payments.refunds.get(`return-${requested.return.id}`)?.amount).toBe(refund - 1_000);
  });
});
