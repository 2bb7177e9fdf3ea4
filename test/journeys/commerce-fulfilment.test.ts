import { describe, expect, it } from "vitest";
import { formatAmount } from "../../lib/money.js";
import {
  ADVANCE,
  agent,
  ARRIVE,
  CANCEL,
  COMPLETE,
  curbsideOrder,
  deliveredWeb,
  eventsOf,
  graph,
  orderAsStaff,
  payments,
  pendingShipment,
  readyPickup,
  RECEIVE_RETURN,
  REQUEST_RETURN,
  staffOf,
  stock,
  storeIds,
  useFulfilmentGraph,
  world,
  overReturned,
  returnedAtCounter,
} from "../helpers/commerce-fulfilment.js";

// Fulfilment after the order is placed, through the gateway: curbside pickups, returns anywhere, and cancelling before
// shipment. Sales at the till are in till-sales.test.ts.

useFulfilmentGraph();

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
