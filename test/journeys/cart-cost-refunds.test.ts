import { describe, expect, it } from "vitest";
import { formatAmount } from "../../lib/money.js";
import { pointsFor } from "../../subgraphs/customer/rules/loyalty.js";
import type { Backend } from "../helpers/graph.js";
import {
  CART,
  COST,
  ERRORS,
  GIFT_CARD,
  ORDER,
  cancelled,
  cents,
  checkout,
  graph,
  greedySku,
  key,
  payments,
  pickupSku,
  pickupStore,
  pointsSku,
  run,
  shippingCart,
  spender,
  taxOf,
  till,
  tillFirst,
  tillSecond,
  useCartCostGraph,
  world,
} from "../helpers/cart-cost.js";

// What the shopper gets back: till sales taxed at the store's state, returns and cancellations refunding each tender
// its share (gift card first), loyalty points redeemed with the order and restored when it is cancelled. Through the
// gateway, on the memory and on the Redis stores.

describe.each<Backend>(["memory", "redis"])("what the shopper pays (%s)", (backend) => {
  useCartCostGraph(backend);

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
