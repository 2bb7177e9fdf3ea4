import { describe, expect, it } from "vitest";
import { formatAmount } from "../../lib/money.js";
import type { Backend } from "../helpers/graph.js";
import {
  CART,
  CHECKOUT,
  COST,
  ERRORS,
  GIFT_CARD,
  IL_RATE,
  applyCode,
  applyGiftCard,
  authorizedFor,
  cents,
  checkout,
  crowd,
  expiresAt,
  gifted,
  graph,
  key,
  kitchen,
  plain,
  run,
  shipped,
  shippingCart,
  taxOf,
  useCartCostGraph,
  windowed,
  world,
} from "../helpers/cart-cost.js";

// What the shopper pays at checkout: the cart's cost (subtotal, discounts, shipping, tax, total) is what the order
// charges; promotions respect their channel and window; discount codes and gift cards are spent atomically with the
// order. Through the gateway, on the memory and on the Redis stores.

describe.each<Backend>(["memory", "redis"])("what the shopper pays (%s)", (backend) => {
  useCartCostGraph(backend);

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
});
