import { afterAll, beforeAll, expect } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import type { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import type { TestGraph } from "./graph.js";
import { startRecordingGraph } from "./recording-graph.js";

/**
 * What the fulfilment journeys share (commerce-fulfilment.test.ts, till-sales.test.ts): fixtures picked from the demo
 * world by what they are (a curbside order being picked, a delivered web order, ...), so each story changes orders no
 * other story reads; the operations; and one graph per file.
 */

export const world = demoWorld();
export const storeIds = world.locations.filter((l) => l.type === "STORE").map((l) => l.id);
export const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
export const storePrice = (sku: string) => world.variants.find((v) => v.sku === sku)!.prices[SalesChannel.STORE].price;
export const handedOver = (o: DemoOrder) => o.fulfillments.every((f) => f.status === "PICKED_UP" || f.status === "DELIVERED");

/** A curbside order still being picked, with a customer who will drive up. */
export const curbsideOrder = world.orders.find(
  (o) =>
    o.customerId &&
    o.fulfillments.length === 1 &&
    o.fulfillments[0].method === "CURBSIDE" &&
    ["PENDING", "PICKING"].includes(o.fulfillments[0].status),
)!;
/** A plain pickup, ready at its store, for the associate of another store to try. */
export const readyPickup = world.orders.find(
  (o) => o.fulfillments.length === 1 && o.fulfillments[0].method === "PICKUP_IN_STORE" && o.fulfillments[0].status === "READY_FOR_PICKUP",
)!;
/** Delivered web orders with no return yet: one returned at a counter, one over-returned. */
export const deliveredWeb = world.orders.filter(
  (o) =>
    o.channel === SalesChannel.WEB &&
    o.customerId &&
    o.returns.length === 0 &&
    o.fulfillments[0].method === "SHIP_TO_HOME" &&
    handedOver(o),
);
export const [returnedAtCounter, overReturned] = deliveredWeb;
/** A ship-to-home order nobody has started on. */
export const pendingShipment = world.orders.find(
  (o) =>
    o.customerId && o.fulfillments.length === 1 && o.fulfillments[0].method === "SHIP_TO_HOME" && o.fulfillments[0].status === "PENDING",
)!;
/** A customer with a phone number and a web order: the one who calls the call center. */
export const caller = world.customers.find(
  (c) =>
    c.phone && world.orders.some((o) => o.customerId === c.id && o.channel === SalesChannel.WEB) && c.id !== returnedAtCounter.customerId,
)!;

/** A SKU the store has at least `units` of beyond what is reserved, not used by any seeded order this file touches. */
export function stockedAt(storeId: string, units: number, skip: string[] = []): string {
  const touched = new Set([
    ...skip,
    ...[curbsideOrder, readyPickup, returnedAtCounter, overReturned, pendingShipment].flatMap((o) => o.lines.map((l) => l.sku)),
  ]);
  return world.stock.find((s) => s.locationId === storeId && s.onHand - s.reserved >= units && !touched.has(s.sku))!.sku;
}

export const ORDER = `id number channel status total { amount } attribution { channel location { id } associate { id } }
  fulfillments { id method status parkingSpot pickupCode origin { id } pickupLocation { id } } events { type }`;
export const ADVANCE = `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } userErrors { code } } }`;
export const ARRIVE = `mutation($orderId: ID!, $spot: String) { notifyArrival(orderId: $orderId, parkingSpot: $spot) { fulfillment { id status parkingSpot } userErrors { code message } } }`;
export const COMPLETE = `mutation($code: String!) { completePickup(pickupCode: $code) { fulfillment { id status } userErrors { code message } } }`;
export const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { ${ORDER} } userErrors { code message field } } }`;
export const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id status method dropOffLocation { id } lines { id quantity total { amount } } refund { amount } } userErrors { code message field } } }`;
export const RECEIVE_RETURN = `mutation($id: ID!) { receiveReturn(returnId: $id) { return { id status refund { amount } receivedAt } userErrors { code message } } }`;
export const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(orderId: $id, reason: $reason) { order { ${ORDER} } userErrors { code message } } }`;

export let graph: TestGraph;
export let payments: TestPaymentProvider;
export const published: DomainEvent[] = [];

/** Starts the file's graph, with test payments of its own and a record of what it published, and closes it after. */
export function useFulfilmentGraph(): void {
  beforeAll(async () => {
    ({ graph, payments } = await startRecordingGraph("commerce-fulfilment-test", published));
  });
  afterAll(() => graph?.close());
}

export async function orderAsStaff(id: string) {
  const answer = await graph.query(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id }, await graph.as("agent", agent.id));
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.order;
}

export async function stock(sku: string, locationId: string): Promise<{ onHand: number; reserved: number; availableToPromise: number }> {
  const answer = await graph.query(
    `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved availableToPromise } } }`,
    { sku, at: locationId },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt;
}

export async function eventsOf(type: DomainEvent["type"], orderId: string) {
  await graph.bus.drain();
  return published.filter((e) => e.type === type && (e.payload as { orderId?: string }).orderId === orderId);
}
