import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Loyalty follows what the customer really bought and returned, through the whole graph: a till sale, then a return
// of one line of it at the counter, each turned into points by the customer subgraph from the order service's events.

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const world = demoWorld();
const store = "store-07";
const seller = world.associates.find((a) => a.homeStoreId === store)!;
const shopper = world.customers[17];
// Two SKUs the store has plenty of, priced above a few dollars so points move visibly.
const [first, second] = world.stock
  .filter((s) => s.locationId === store && s.onHand - s.reserved - s.safetyStock >= 4)
  .map((s) => world.variants.find((v) => v.sku === s.sku)!)
  .filter((v) => v.prices.STORE.price >= 2_000)
  .slice(0, 2);

const points = async () => {
  await graph.bus.drain();
  const answer = await graph.query(`{ me { loyalty { points tier } } }`, undefined, await graph.as("customer", shopper.id));
  return answer.body.data.me.loyalty.points as number;
};

describe("loyalty points follow purchases and returns", () => {
  it("rise by a point per dollar after a till purchase and fall by the refunded dollars after a return at the counter", async () => {
    const start = await points();
    const tablet = await graph.as("associate", seller.id, store);
    const sale = await graph.query(
      `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { id total { amount } lines { id variant { sku } total { amount } } } userErrors { code } } }`,
      {
        input: {
          locationId: store,
          customerId: shopper.id,
          paymentToken: "tok_visa",
          lines: [
            { sku: first.sku, quantity: 1 },
            { sku: second.sku, quantity: 1 },
          ],
        },
      },
      tablet,
    );
    expect(sale.body.data.recordStoreSale.userErrors).toEqual([]);
    const order = sale.body.data.recordStoreSale.order;
    const totalCents = Math.round(Number(order.total.amount) * 100);
    const afterPurchase = await points();
    expect(afterPurchase).toBe(start + Math.floor(totalCents / 100));

    const line = order.lines.find((l: { variant: { sku: string } }) => l.variant.sku === second.sku);
    const requested = await graph.query(
      `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id } userErrors { code } } }`,
      { input: { orderId: order.id, method: "IN_STORE", dropOffLocationId: store, lines: [{ orderLineId: line.id, quantity: 1 }] } },
      await graph.as("customer", shopper.id),
    );
    expect(requested.body.data.requestReturn.userErrors).toEqual([]);
    const received = await graph.query(
      `mutation($id: ID!) { receiveReturn(returnId: $id) { return { status refund { amount } } userErrors { code } } }`,
      { id: requested.body.data.requestReturn.return.id },
      tablet,
    );
    expect(received.body.data.receiveReturn.return.status).toBe("REFUNDED");
    const refundCents = Math.round(Number(received.body.data.receiveReturn.return.refund.amount) * 100);
    expect(refundCents).toBe(Math.round(Number(line.total.amount) * 100));
    expect(await points()).toBe(afterPurchase - Math.floor(refundCents / 100));
  });
});
