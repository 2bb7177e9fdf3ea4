import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { formatAmount } from "../../lib/money.js";
import {
  agent,
  caller,
  eventsOf,
  graph,
  SALE,
  staffOf,
  stock,
  stockedAt,
  storePrice,
  useFulfilmentGraph,
  world,
  payments,
} from "../helpers/commerce-fulfilment.js";

// Sales at the till, through the gateway: recorded by an associate, found by the call center, and sent again by a till
// that lost the answer.

useFulfilmentGraph();

describe("store sales", () => {
  it("a store sale by an associate: channel STORE, fulfilled at once, stock at the store decremented, credited to the associate", async () => {
    const storeId = "store-03";
    const seller = staffOf(storeId);
    const headers = await graph.as("associate", seller.id, storeId);
    const sku = stockedAt(storeId, 3);
    const before = await stock(sku, storeId);
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const SALES = `query($id: ID!, $from: DateTime!, $to: DateTime!) { associate(id: $id) { attributedSales(from: $from, to: $to) { orderCount total { amount } } } }`;
    const salesBefore = (await graph.query(SALES, { id: seller.id, ...range }, headers)).body.data.associate.attributedSales;

    const sale = await graph.query(
      SALE,
      { input: { locationId: storeId, lines: [{ sku, quantity: 2 }], paymentToken: "tok_visa" } },
      headers,
    );
    expect(sale.body.errors).toBeUndefined();
    expect(sale.body.data.recordStoreSale.userErrors).toEqual([]);
    const order = sale.body.data.recordStoreSale.order;
    expect(order).toMatchObject({
      channel: "STORE",
      status: "FULFILLED",
      total: { amount: formatAmount(storePrice(sku) * 2) },
      attribution: { channel: "STORE", location: { id: storeId }, associate: { id: seller.id } },
      fulfillments: [{ method: "PICKUP_IN_STORE", status: "PICKED_UP", origin: { id: storeId }, pickupLocation: { id: storeId } }],
      events: [{ type: "STORE_SALE_RECORDED" }],
    });
    expect(order.number).toMatch(/^OG-\d+$/);
    expect(world.orders.map((o) => o.number)).not.toContain(order.number);

    const after = await stock(sku, storeId);
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(before.reserved);
    const salesAfter = (await graph.query(SALES, { id: seller.id, ...range }, headers)).body.data.associate.attributedSales;
    expect(salesAfter.orderCount).toBe(salesBefore.orderCount + 1);
    const [event] = await eventsOf("STORE_SALE_RECORDED", order.id);
    expect(event.payload).toMatchObject({
      orderNumber: order.number,
      locationId: storeId,
      associateId: seller.id,
      total: storePrice(sku) * 2,
    });
  });

  it("a declined card or too little stock records no sale and leaves the stock exactly as before", async () => {
    const storeId = "store-04";
    const headers = await graph.as("associate", staffOf(storeId).id, storeId);
    const sku = stockedAt(storeId, 1);
    const before = await stock(sku, storeId);

    const declined = await graph.query(
      SALE,
      { input: { locationId: storeId, lines: [{ sku, quantity: 1 }], paymentToken: "tok_declined" } },
      headers,
    );
    expect(declined.body.data.recordStoreSale).toEqual({
      order: null,
      userErrors: [expect.objectContaining({ code: "PAYMENT_DECLINED" })],
    });
    const short = await graph.query(
      SALE,
      { input: { locationId: storeId, lines: [{ sku, quantity: before.onHand - before.reserved + 1 }], paymentToken: "tok_visa" } },
      headers,
    );
    expect(short.body.data.recordStoreSale.order).toBeNull();
    expect(short.body.data.recordStoreSale.userErrors[0]).toMatchObject({
      code: "OUT_OF_STOCK",
      field: ["input", "lines", "0", "quantity"],
    });
    expect(await stock(sku, storeId)).toEqual(before);

    const elsewhere = await graph.query(
      SALE,
      { input: { locationId: "store-05", lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa" } },
      headers,
    );
    expect(elsewhere.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("a call-center agent finds the customer by phone and sees the in-store purchase and the web order in one query", async () => {
    const storeId = "store-06";
    const sku = stockedAt(storeId, 1);
    const sale = await graph.query(
      SALE,
      { input: { locationId: storeId, lines: [{ sku, quantity: 1 }], customerId: caller.id, paymentToken: "tok_visa" } },
      await graph.as("associate", staffOf(storeId).id, storeId),
    );
    const purchase = sale.body.data.recordStoreSale.order;
    expect(purchase.channel).toBe("STORE");

    const answer = await graph.query(
      `query($phone: String!) { findCustomers(phone: $phone) { id orders(channels: [STORE, WEB], first: 100) { nodes { id channel } } } }`,
      { phone: caller.phone },
      { ...(await graph.as("agent", agent.id)), "x-channel": "CALL_CENTER" },
    );
    expect(answer.body.errors).toBeUndefined();
    const found = answer.body.data.findCustomers.find((c: { id: string }) => c.id === caller.id);
    const orders: { id: string; channel: string }[] = found.orders.nodes;
    expect(orders).toContainEqual({ id: purchase.id, channel: "STORE" });
    const webOrder = world.orders.find((o) => o.customerId === caller.id && o.channel === SalesChannel.WEB)!;
    expect(orders).toContainEqual({ id: webOrder.id, channel: "WEB" });
    expect(new Set(orders.map((o) => o.channel))).toEqual(new Set(["STORE", "WEB"]));
  });
});

describe("a till that loses the answer", () => {
  it("sends the same sale again with its key: one order, one charge, stock taken once", async () => {
    const storeId = "store-09";
    const seller = staffOf(storeId);
    const headers = await graph.as("associate", seller.id, storeId);
    const sku = stockedAt(storeId, 4);
    const before = await stock(sku, storeId);
    const input = { locationId: storeId, lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa", idempotencyKey: `till-9-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 5 }, () => graph.query(SALE, { input }, headers)));
    const ids = new Set(answers.map((a) => a.body.data.recordStoreSale.order.id));
    expect(ids.size).toBe(1);
    const again = await graph.query(SALE, { input }, headers);
    expect(again.body.data.recordStoreSale.order.id).toBe([...ids][0]);
    expect((await stock(sku, storeId)).onHand).toBe(before.onHand - 1);
    const charged = [...payments.authorizations.values()].filter((a) => a.key === `sale-${[...ids][0]}`);
    expect(charged).toHaveLength(1);
  });
});
