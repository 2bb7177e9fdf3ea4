import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import { formatAmount } from "../../lib/money.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Fulfilment after the order is placed, returns anywhere and sales at the till, through the gateway. Fixtures are
// picked from the demo world by what they are (a curbside order being picked, a delivered web order, ...), so each
// story changes orders no other story reads.

const world = demoWorld();
const storeIds = world.locations.filter((l) => l.type === "STORE").map((l) => l.id);
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const storePrice = (sku: string) => world.variants.find((v) => v.sku === sku)!.prices[SalesChannel.STORE].price;
const handedOver = (o: DemoOrder) => o.fulfillments.every((f) => f.status === "PICKED_UP" || f.status === "DELIVERED");

/** A curbside order still being picked, with a customer who will drive up. */
const curbsideOrder = world.orders.find(
  (o) =>
    o.customerId &&
    o.fulfillments.length === 1 &&
    o.fulfillments[0].method === "CURBSIDE" &&
    ["PENDING", "PICKING"].includes(o.fulfillments[0].status),
)!;
/** A plain pickup, ready at its store, for the associate of another store to try. */
const readyPickup = world.orders.find(
  (o) => o.fulfillments.length === 1 && o.fulfillments[0].method === "PICKUP_IN_STORE" && o.fulfillments[0].status === "READY_FOR_PICKUP",
)!;
/** Delivered web orders with no return yet: one returned at a counter, one over-returned. */
const deliveredWeb = world.orders.filter(
  (o) =>
    o.channel === SalesChannel.WEB &&
    o.customerId &&
    o.returns.length === 0 &&
    o.fulfillments[0].method === "SHIP_TO_HOME" &&
    handedOver(o),
);
const [returnedAtCounter, overReturned] = deliveredWeb;
/** A ship-to-home order nobody has started on. */
const pendingShipment = world.orders.find(
  (o) =>
    o.customerId && o.fulfillments.length === 1 && o.fulfillments[0].method === "SHIP_TO_HOME" && o.fulfillments[0].status === "PENDING",
)!;
/** A customer with a phone number and a web order: the one who calls the call center. */
const caller = world.customers.find(
  (c) =>
    c.phone && world.orders.some((o) => o.customerId === c.id && o.channel === SalesChannel.WEB) && c.id !== returnedAtCounter.customerId,
)!;

/** A SKU the store has at least `units` of beyond what is reserved, not used by any seeded order this file touches. */
function stockedAt(storeId: string, units: number, skip: string[] = []): string {
  const touched = new Set([
    ...skip,
    ...[curbsideOrder, readyPickup, returnedAtCounter, overReturned, pendingShipment].flatMap((o) => o.lines.map((l) => l.sku)),
  ]);
  return world.stock.find((s) => s.locationId === storeId && s.onHand - s.reserved >= units && !touched.has(s.sku))!.sku;
}

const ORDER = `id number channel status total { amount } attribution { channel location { id } associate { id } }
  fulfillments { id method status parkingSpot pickupCode origin { id } pickupLocation { id } } events { type }`;
const ADVANCE = `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } userErrors { code } } }`;
const ARRIVE = `mutation($orderId: ID!, $spot: String) { notifyArrival(orderId: $orderId, parkingSpot: $spot) { fulfillment { id status parkingSpot } userErrors { code message } } }`;
const COMPLETE = `mutation($code: String!) { completePickup(pickupCode: $code) { fulfillment { id status } userErrors { code message } } }`;
const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { ${ORDER} } userErrors { code message field } } }`;
const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id status method dropOffLocation { id } lines { id quantity total { amount } } refund { amount } } userErrors { code message field } } }`;
const RECEIVE_RETURN = `mutation($id: ID!) { receiveReturn(returnId: $id) { return { id status refund { amount } receivedAt } userErrors { code message } } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(orderId: $id, reason: $reason) { order { ${ORDER} } userErrors { code message } } }`;

let graph: TestGraph;
const payments = new TestPaymentProvider();
const published: DomainEvent[] = [];

beforeAll(async () => {
  graph = await startGraph({ order: { payments } });
  graph.bus.subscribe("commerce-fulfilment-test", async (event) => {
    published.push(event);
  });
});
afterAll(() => graph?.close());

async function orderAsStaff(id: string) {
  const answer = await graph.query(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id }, await graph.as("agent", agent.id));
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.order;
}

async function stock(sku: string, locationId: string): Promise<{ onHand: number; reserved: number; availableToPromise: number }> {
  const answer = await graph.query(
    `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved availableToPromise } } }`,
    { sku, at: locationId },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt;
}

async function eventsOf(type: DomainEvent["type"], orderId: string) {
  await graph.bus.drain();
  return published.filter((e) => e.type === type && (e.payload as { orderId?: string }).orderId === orderId);
}

describe("curbside: the customer reports arrival, the associate hands over", () => {
  it("a curbside order is made ready, the customer arrives with a parking spot, and the store hands it over by code", async () => {
    const fulfillment = curbsideOrder.fulfillments[0];
    const storeId = fulfillment.pickupLocationId!;
    const associate = await graph.as("associate", staffOf(storeId).id, storeId);
    const customer = await graph.as("customer", curbsideOrder.customerId!);

    const early = await graph.query(ARRIVE, { orderId: curbsideOrder.id, spot: "Bay 7" }, customer);
    expect(early.body.data.notifyArrival.userErrors[0].code).toBe("INVALID_TRANSITION");

    if (fulfillment.status === "PENDING")
      expect(
        (await graph.query(ADVANCE, { id: fulfillment.id, to: "PICKING" }, associate)).body.data.advanceFulfillment.userErrors,
      ).toEqual([]);
    const ready = await graph.query(ADVANCE, { id: fulfillment.id, to: "READY_FOR_PICKUP" }, associate);
    expect(ready.body.data.advanceFulfillment).toEqual({ fulfillment: { status: "READY_FOR_PICKUP" }, userErrors: [] });
    expect(await eventsOf("FULFILLMENT_READY", curbsideOrder.id)).toHaveLength(1);

    const arrived = await graph.query(ARRIVE, { orderId: curbsideOrder.id, spot: " Bay 7 " }, customer);
    expect(arrived.body.data.notifyArrival).toEqual({
      fulfillment: { id: fulfillment.id, status: "CUSTOMER_ARRIVED", parkingSpot: "Bay 7" },
      userErrors: [],
    });

    const queue = await graph.query(
      `query($id: ID!) { location(id: $id) { pickupQueue(status: CUSTOMER_ARRIVED) { id status parkingSpot order { id } } } }`,
      { id: storeId },
      associate,
    );
    expect(queue.body.errors).toBeUndefined();
    expect(queue.body.data.location.pickupQueue).toContainEqual({
      id: fulfillment.id,
      status: "CUSTOMER_ARRIVED",
      parkingSpot: "Bay 7",
      order: { id: curbsideOrder.id },
    });

    const handedOver = await graph.query(COMPLETE, { code: fulfillment.pickupCode!.toLowerCase() }, associate);
    expect(handedOver.body.data.completePickup).toEqual({ fulfillment: { id: fulfillment.id, status: "PICKED_UP" }, userErrors: [] });
    const order = await orderAsStaff(curbsideOrder.id);
    expect(order.status).toBe("FULFILLED");
    expect(order.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["FULFILLMENT_CUSTOMER_ARRIVED", "FULFILLMENT_PICKED_UP"]),
    );
    expect(await eventsOf("FULFILLMENT_PICKED_UP", curbsideOrder.id)).toHaveLength(1);

    const again = await graph.query(COMPLETE, { code: fulfillment.pickupCode! }, associate);
    expect(again.body.data.completePickup.userErrors[0].code).toBe("INVALID_TRANSITION");
  });

  it("reporting arrival for an order without a curbside pickup is refused with NOT_CURBSIDE", async () => {
    const answer = await graph.query(ARRIVE, { orderId: readyPickup.id, spot: "Bay 1" }, await graph.as("agent", agent.id));
    expect(answer.body.data.notifyArrival).toEqual({ fulfillment: null, userErrors: [expect.objectContaining({ code: "NOT_CURBSIDE" })] });
  });

  it("an associate of another store cannot complete a pickup: PICKUP_CODE_INVALID, and nothing changes", async () => {
    const fulfillment = readyPickup.fulfillments[0];
    const otherStore = storeIds.find((id) => id !== fulfillment.pickupLocationId)!;
    const outsider = await graph.query(
      COMPLETE,
      { code: fulfillment.pickupCode! },
      await graph.as("associate", staffOf(otherStore).id, otherStore),
    );
    expect(outsider.body.data.completePickup).toEqual({
      fulfillment: null,
      userErrors: [expect.objectContaining({ code: "PICKUP_CODE_INVALID" })],
    });
    const unknown = await graph.query(
      COMPLETE,
      { code: "NOPE42" },
      await graph.as("associate", staffOf(fulfillment.pickupLocationId!).id, fulfillment.pickupLocationId!),
    );
    expect(unknown.body.data.completePickup.userErrors[0].code).toBe("PICKUP_CODE_INVALID");
    const order = await orderAsStaff(readyPickup.id);
    expect(order.fulfillments[0].status).toBe("READY_FOR_PICKUP");
    expect(order.status).toBe(readyPickup.status);
    expect(await eventsOf("FULFILLMENT_PICKED_UP", readyPickup.id)).toHaveLength(0);
  });
});

describe("returns anywhere", () => {
  it("an online order is returned at a store counter: stock at that store rises, the refund equals the returned lines, a second receive is refused", async () => {
    const order = returnedAtCounter;
    const line = order.lines[0];
    const storeId = storeIds.find((id) => id !== order.fulfillments[0].originId)!;
    const before = await stock(line.sku, storeId);

    const requested = await graph.query(
      REQUEST_RETURN,
      {
        input: {
          orderId: order.id,
          lines: [{ orderLineId: line.id, quantity: line.quantity }],
          method: "IN_STORE",
          dropOffLocationId: storeId,
        },
      },
      await graph.as("customer", order.customerId!),
    );
    expect(requested.body.errors).toBeUndefined();
    const ret = requested.body.data.requestReturn.return;
    expect(requested.body.data.requestReturn.userErrors).toEqual([]);
    expect(ret).toMatchObject({ status: "REQUESTED", method: "IN_STORE", dropOffLocation: { id: storeId }, refund: null });
    expect(ret.lines).toEqual([{ id: line.id, quantity: line.quantity, total: { amount: formatAmount(line.unitPrice * line.quantity) } }]);
    expect(await eventsOf("RETURN_REQUESTED", order.id)).toHaveLength(1);

    const counter = await graph.as("associate", staffOf(storeId).id, storeId);
    const received = await graph.query(RECEIVE_RETURN, { id: ret.id }, counter);
    expect(received.body.data.receiveReturn.userErrors).toEqual([]);
    expect(received.body.data.receiveReturn.return).toMatchObject({
      id: ret.id,
      status: "REFUNDED",
      refund: { amount: formatAmount(line.unitPrice * line.quantity) },
    });
    expect(payments.refunds.get(`return-${ret.id}`)).toEqual({ amount: line.unitPrice * line.quantity, currencyCode: "USD" });
    const after = await stock(line.sku, storeId);
    expect(after.onHand).toBe(before.onHand + line.quantity);
    const [receivedEvent] = await eventsOf("RETURN_RECEIVED", order.id);
    expect(receivedEvent.payload).toMatchObject({ returnId: ret.id, locationId: storeId, refund: line.unitPrice * line.quantity });

    const refundsBefore = [...payments.refunds.entries()];
    const twice = await graph.query(RECEIVE_RETURN, { id: ret.id }, counter);
    expect(twice.body.data.receiveReturn.userErrors[0].code).toBe("RETURN_ALREADY_RECEIVED");
    expect(twice.body.data.receiveReturn.return).toMatchObject({
      status: "REFUNDED",
      refund: { amount: formatAmount(line.unitPrice * line.quantity) },
    });
    expect((await stock(line.sku, storeId)).onHand).toBe(after.onHand);
    expect([...payments.refunds.entries()]).toEqual(refundsBefore);
    expect(await eventsOf("RETURN_RECEIVED", order.id)).toHaveLength(1);

    const nothingLeft = await graph.query(
      REQUEST_RETURN,
      { input: { orderId: order.id, lines: [{ orderLineId: line.id, quantity: 1 }], method: "MAIL" } },
      await graph.as("customer", order.customerId!),
    );
    expect(nothingLeft.body.data.requestReturn.userErrors[0].code).toBe("RETURN_QUANTITY_EXCEEDED");
  });

  it("only an associate of the drop-off store receives an in-store return", async () => {
    const order = overReturned;
    const line = order.lines[0];
    const requested = await graph.query(
      REQUEST_RETURN,
      { input: { orderId: order.id, lines: [{ orderLineId: line.id, quantity: 1 }], method: "IN_STORE", dropOffLocationId: "store-01" } },
      await graph.as("agent", agent.id),
    );
    const ret = requested.body.data.requestReturn.return;
    expect(ret.status).toBe("REQUESTED");
    const elsewhere = await graph.query(RECEIVE_RETURN, { id: ret.id }, await graph.as("associate", staffOf("store-02").id, "store-02"));
    expect(elsewhere.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const byAgent = await graph.query(RECEIVE_RETURN, { id: ret.id }, await graph.as("agent", agent.id));
    expect(byAgent.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await orderAsStaff(order.id)).events.map((e: { type: string }) => e.type)).not.toContain("RETURN_RECEIVED");
  });

  it("returning more than was bought is refused with RETURN_QUANTITY_EXCEEDED, and a drop-off that is not a store with returns with INVALID_LOCATION", async () => {
    const order = overReturned;
    const line = order.lines[0];
    const customer = await graph.as("customer", order.customerId!);
    const tooMany = await graph.query(
      REQUEST_RETURN,
      { input: { orderId: order.id, lines: [{ orderLineId: line.id, quantity: line.quantity + 1 }], method: "MAIL" } },
      customer,
    );
    expect(tooMany.body.data.requestReturn).toEqual({
      return: null,
      userErrors: [expect.objectContaining({ code: "RETURN_QUANTITY_EXCEEDED", field: ["input", "lines", "0", "quantity"] })],
    });
    const atDc = await graph.query(
      REQUEST_RETURN,
      { input: { orderId: order.id, lines: [{ orderLineId: line.id, quantity: 1 }], method: "IN_STORE", dropOffLocationId: "dc-01" } },
      customer,
    );
    expect(atDc.body.data.requestReturn.userErrors[0].code).toBe("INVALID_LOCATION");
    const someoneElse = world.customers.find((c) => c.id !== order.customerId)!.id;
    const notTheirs = await graph.query(
      REQUEST_RETURN,
      { input: { orderId: order.id, lines: [{ orderLineId: line.id, quantity: 1 }], method: "MAIL" } },
      await graph.as("customer", someoneElse),
    );
    expect(notTheirs.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

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

describe("cancelling before shipment", () => {
  it("cancelOrder of a pending ship-to-home order puts the stock back at its origin and refunds it, once", async () => {
    const order = pendingShipment;
    const origin = order.fulfillments[0].originId!;
    const before = await Promise.all(order.lines.map((line) => stock(line.sku, origin)));
    const customer = await graph.as("customer", order.customerId!);

    const cancelled = await graph.query(CANCEL, { id: order.id, reason: "Ordered the wrong size" }, customer);
    expect(cancelled.body.data.cancelOrder.userErrors).toEqual([]);
    expect(cancelled.body.data.cancelOrder.order).toMatchObject({ status: "CANCELLED", fulfillments: [{ status: "CANCELLED" }] });
    expect(cancelled.body.data.cancelOrder.order.events.map((e: { type: string }) => e.type)).toContain("ORDER_CANCELLED");
    const after = await Promise.all(order.lines.map((line) => stock(line.sku, origin)));
    order.lines.forEach((line, i) => expect(after[i].onHand).toBe(before[i].onHand + line.quantity));
    const total = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, order.shippingTotal);
    expect(payments.refunds.get(`cancel-${order.id}`)).toEqual({ amount: total, currencyCode: "USD" });

    const retried = await graph.query(CANCEL, { id: order.id }, customer);
    expect(retried.body.data.cancelOrder.userErrors).toEqual([]);
    expect(await Promise.all(order.lines.map((line) => stock(line.sku, origin)))).toEqual(after);
    await graph.bus.drain();
    expect(new Set((await eventsOf("ORDER_CANCELLED", order.id)).map((e) => e.id)).size).toBe(1);
  });

  it("an order already handed over cannot be cancelled", async () => {
    const delivered = deliveredWeb[2];
    const answer = await graph.query(CANCEL, { id: delivered.id }, await graph.as("customer", delivered.customerId!));
    expect(answer.body.data.cancelOrder.userErrors[0].code).toBe("ORDER_NOT_CANCELLABLE");
    expect(answer.body.data.cancelOrder.order.status).toBe("FULFILLED");
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
