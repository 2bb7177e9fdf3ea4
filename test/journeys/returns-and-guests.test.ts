import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Returns with a reason, a condition and a disposition at receipt; guests who order, find and later claim their
// order; an out-of-stock checkout that names the stores nearby that have it. Through the gateway, memory and Redis.

const world = demoWorld();
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const handedOver = (o: DemoOrder) => o.fulfillments.every((f) => f.status === "PICKED_UP" || f.status === "DELIVERED");
const storeWithReturns = world.locations.find((l) => l.type === "STORE" && l.capabilities.includes("RETURNS"))!.id;

/** Delivered web orders with no return yet, taken from the end (commerce-fulfilment takes from the start). */
const delivered = world.orders
  .filter(
    (o) =>
      o.channel === SalesChannel.WEB &&
      o.customerId &&
      o.returns.length === 0 &&
      o.fulfillments[0].method === "SHIP_TO_HOME" &&
      handedOver(o),
  )
  .reverse();
const [damagedOrder, restockOrder, mailOrder] = delivered;

const RETURN = `id status method reason rma label { reference url carrier } refund { amount }
  items { orderLineId quantity condition disposition }`;
const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { ${RETURN} } userErrors { code message field } } }`;
const RECEIVE_RETURN = `mutation($id: ID!, $dispositions: [ReturnDispositionInput!]) {
  receiveReturn(returnId: $id, dispositions: $dispositions) { return { ${RETURN} } userErrors { code message field } } }`;

let graph: TestGraph;
const payments = new TestPaymentProvider();
const published: DomainEvent[] = [];

beforeAll(async () => {
  graph = await startGraph({ order: { payments } });
  graph.bus.subscribe("returns-and-guests-test", async (event) => {
    published.push(event);
  });
});
afterAll(() => graph?.close());

async function onHand(sku: string, locationId: string): Promise<number> {
  const answer = await graph.query(`query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand } } }`, {
    sku,
    at: locationId,
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt.onHand;
}

async function requestInStore(order: DemoOrder, reason: string, condition: string) {
  const line = order.lines[0];
  const answer = await graph.query(
    REQUEST_RETURN,
    {
      input: {
        orderId: order.id,
        method: "IN_STORE",
        dropOffLocationId: storeWithReturns,
        reason,
        lines: [{ orderLineId: line.id, quantity: line.quantity, condition }],
      },
    },
    await graph.as("customer", order.customerId!),
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.requestReturn.userErrors).toEqual([]);
  return answer.body.data.requestReturn.return;
}

describe("returns with a disposition", () => {
  it("a DAMAGED return refunds but does not restock; the receiving associate is on the event", async () => {
    const line = damagedOrder.lines[0];
    const before = await onHand(line.sku, storeWithReturns);
    const ret = await requestInStore(damagedOrder, "DAMAGED_IN_TRANSIT", "DAMAGED");
    expect(ret).toMatchObject({ status: "REQUESTED", reason: "DAMAGED_IN_TRANSIT", rma: null, label: null });
    expect(ret.items).toEqual([{ orderLineId: line.id, quantity: line.quantity, condition: "DAMAGED", disposition: null }]);

    const associate = staffOf(storeWithReturns);
    const received = await graph.query(
      RECEIVE_RETURN,
      { id: ret.id, dispositions: [{ orderLineId: line.id, disposition: "DAMAGED" }] },
      await graph.as("associate", associate.id, storeWithReturns),
    );
    expect(received.body.errors).toBeUndefined();
    expect(received.body.data.receiveReturn.userErrors).toEqual([]);
    const done = received.body.data.receiveReturn.return;
    expect(done.status).toBe("REFUNDED");
    expect(Number(done.refund.amount)).toBeGreaterThan(0);
    expect(done.items[0]).toMatchObject({ condition: "DAMAGED", disposition: "DAMAGED" });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before);

    await graph.bus.drain();
    const event = published.find((e) => e.type === "RETURN_RECEIVED" && (e.payload as { returnId?: string }).returnId === ret.id);
    expect(event?.payload).toMatchObject({ associateId: associate.id, orderId: damagedOrder.id });
  });

  it("a RESTOCK return (and one received the old way, without dispositions) puts the units back into the store's stock", async () => {
    const line = restockOrder.lines[0];
    const before = await onHand(line.sku, storeWithReturns);
    const ret = await requestInStore(restockOrder, "DOES_NOT_FIT", "UNOPENED");
    const counter = await graph.as("associate", staffOf(storeWithReturns).id, storeWithReturns);

    const unknown = await graph.query(
      RECEIVE_RETURN,
      { id: ret.id, dispositions: [{ orderLineId: "line-nope", disposition: "RESTOCK" }] },
      counter,
    );
    expect(unknown.body.data.receiveReturn.userErrors[0]).toMatchObject({
      code: "UNKNOWN_ORDER_LINE",
      field: ["dispositions", "0", "orderLineId"],
    });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before);

    const received = await graph.query(RECEIVE_RETURN, { id: ret.id }, counter);
    expect(received.body.data.receiveReturn.userErrors).toEqual([]);
    expect(received.body.data.receiveReturn.return.items[0]).toMatchObject({ condition: "UNOPENED", disposition: "RESTOCK" });
    expect(await onHand(line.sku, storeWithReturns)).toBe(before + line.quantity);
  });

  it("a mail return gets an RMA code and a label; the agent reads the reason back", async () => {
    const line = mailOrder.lines[0];
    const customer = await graph.as("customer", mailOrder.customerId!);
    const answer = await graph.query(
      REQUEST_RETURN,
      {
        input: {
          orderId: mailOrder.id,
          method: "MAIL",
          reason: "NOT_AS_DESCRIBED",
          lines: [{ orderLineId: line.id, quantity: 1, condition: "LIKE_NEW" }],
        },
      },
      customer,
    );
    expect(answer.body.errors).toBeUndefined();
    const ret = answer.body.data.requestReturn.return;
    const digits = mailOrder.number.replace(/\D/g, "");
    expect(ret.rma).toBe(`RMA-${digits}-1`);
    expect(ret.label).toEqual({ reference: `RL-${digits}-1`, url: null, carrier: "UPS" });

    const read = await graph.query(
      `query($id: ID!) { order(id: $id) { returns { ${RETURN} } } }`,
      { id: mailOrder.id },
      await graph.as("agent", agent.id),
    );
    expect(read.body.data.order.returns).toEqual([ret]);
  });
});
