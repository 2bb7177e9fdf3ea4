import { afterAll, beforeAll, expect } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import type { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import type { TestGraph } from "./graph.js";
import { startRecordingGraph } from "./recording-graph.js";

/**
 * What the returns and guest journeys share (returns-and-guests.test.ts, out-of-stock-alternatives.test.ts): orders
 * and SKUs picked from the demo world so that no story touches another's, the return operations, one graph per file.
 */

export const world = demoWorld();
export const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
export const handedOver = (o: DemoOrder) => o.fulfillments.every((f) => f.status === "PICKED_UP" || f.status === "DELIVERED");
export const storeWithReturns = world.locations.find((l) => l.type === "STORE" && l.capabilities.includes("RETURNS"))!.id;

/** Delivered web orders with no return yet, taken from the end (commerce-fulfilment takes from the start). */
export const delivered = world.orders
  .filter(
    (o) =>
      o.channel === SalesChannel.WEB &&
      o.customerId &&
      o.returns.length === 0 &&
      o.fulfillments[0].method === "SHIP_TO_HOME" &&
      handedOver(o),
  )
  .reverse();
export const [damagedOrder, restockOrder, mailOrder] = delivered;

export const atp = (locationId: string, sku: string) => {
  const s = world.stock.find((r) => r.locationId === locationId && r.sku === sku);
  return s ? Math.max(0, s.onHand - s.reserved - s.safetyStock) : 0;
};
export const stores = world.locations.filter((l) => l.type === "STORE" && l.capabilities.includes("PICKUP"));
export const returnedSkus = new Set([damagedOrder, restockOrder, mailOrder].flatMap((o) => o.lines.map((l) => l.sku)));
/** A SKU a pickup store has none of while other stores have it: the out-of-stock story. */
export const soldOut = (() => {
  for (const store of stores) {
    const sku = world.stock.find(
      (s) =>
        s.locationId === store.id && atp(store.id, s.sku) === 0 && !returnedSkus.has(s.sku) && stores.some((o) => atp(o.id, s.sku) > 0),
    )?.sku;
    if (sku) return { storeId: store.id, sku };
  }
  throw new Error("the demo world has no SKU sold out at one store and in stock at another");
})();

export const RETURN = `id status method reason rma label { reference url carrier } refund { amount }
  items { orderLineId quantity condition disposition }`;
export const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { ${RETURN} } userErrors { code message field } } }`;
export const RECEIVE_RETURN = `mutation($id: ID!, $dispositions: [ReturnDispositionInput!]) {
  receiveReturn(returnId: $id, dispositions: $dispositions) { return { ${RETURN} } userErrors { code message field } } }`;

export let graph: TestGraph;
export let payments: TestPaymentProvider;
export const published: DomainEvent[] = [];

/** Starts the file's graph, with test payments of its own and a record of what it published, and closes it after. */
export function useReturnsGraph(): void {
  beforeAll(async () => {
    ({ graph, payments } = await startRecordingGraph("returns-and-guests-test", published));
  });
  afterAll(() => graph?.close());
}

export async function onHand(sku: string, locationId: string): Promise<number> {
  const answer = await graph.query(`query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand } } }`, {
    sku,
    at: locationId,
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt.onHand;
}

export async function requestInStore(order: DemoOrder, reason: string, condition: string) {
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
