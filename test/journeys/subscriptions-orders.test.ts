import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signPersonToken } from "../../lib/auth/people.js";
import { demoWorld, type DemoOrder } from "../../lib/demo/world.js";
import { startGraph, type Backend, type TestGraph } from "../helpers/graph.js";
import { sseSubscribe, wsClient, wsSubscribe, type SseSubscription } from "../helpers/subscriptions.js";

// The app shows an order live and the store's tablet its pickup queue, through the gateway's subscriptions, on the
// in-memory default and on Redis (where every gateway instance hears every event).

const world = demoWorld();
const staffOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
const single = (o: DemoOrder, method: string, statuses: string[]) =>
  o.customerId !== null &&
  o.fulfillments.length === 1 &&
  o.fulfillments[0].method === method &&
  statuses.includes(o.fulfillments[0].status);
const pickups = world.orders.filter((o) => single(o, "PICKUP_IN_STORE", ["PENDING", "PICKING"]));
const curbside = world.orders.find((o) => single(o, "CURBSIDE", ["PENDING", "PICKING"]))!;
const shipments = world.orders.filter((o) => single(o, "SHIP_TO_HOME", ["PENDING"]));
const locationName = (id: string) => world.locations.find((l) => l.id === id)!.name;

const ORDER_UPDATED = `subscription($id: ID!) {
  orderUpdated(id: $id) {
    change
    fulfillment { id status pickupLocation { name } }
    order { id status customer { id firstName } lines { quantity variant { title } } }
  }
}`;
const QUEUE = `subscription($store: ID!) {
  pickupQueueChanged(locationId: $store) { change fulfillment { id status parkingSpot order { id number } pickupLocation { name } } }
}`;
const ADVANCE = `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } userErrors { code } } }`;
const ARRIVE = `mutation($orderId: ID!, $spot: String) { notifyArrival(orderId: $orderId, parkingSpot: $spot) { fulfillment { status parkingSpot } userErrors { code } } }`;

async function advance(graph: TestGraph, order: DemoOrder, to: string) {
  const storeId = (order.fulfillments[0].pickupLocationId ?? order.fulfillments[0].originId)!;
  const answer = await graph.query(
    ADVANCE,
    { id: order.fulfillments[0].id, to },
    await graph.as("associate", staffOf(storeId).id, storeId),
  );
  expect(answer.body.data.advanceFulfillment.userErrors).toEqual([]);
}

/** Brings a pending or picking fulfillment to PICKING. */
async function toPicking(graph: TestGraph, order: DemoOrder) {
  if (order.fulfillments[0].status === "PENDING") await advance(graph, order, "PICKING");
}

const streamUrl = (graph: TestGraph) => `${graph.gateway.origin}/graphql/stream`;
/** The subscription is in place once its access check has run; a short pause covers the server side of that. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 200));

for (const backend of ["memory", "redis"] as Backend[]) {
  describe(`on ${backend}`, () => {
    let graph: TestGraph;
    const open: { close(): void }[] = [];
    beforeAll(async () => {
      graph = await startGraph({}, { backend });
    });
    afterEach(() => {
      for (const stream of open.splice(0)) stream.close();
    });
    afterAll(() => graph?.close());

    it("an app over SSE and another over WebSocket both hear READY_FOR_PICKUP within 1 s, with the pickup store's name and fields of all four subgraphs", async () => {
      const order = pickups[0];
      const customer = world.customers.find((c) => c.id === order.customerId)!;
      await toPicking(graph, order);
      const asCustomer = await graph.as("customer", customer.id);
      const sse = await sseSubscribe(streamUrl(graph), { query: ORDER_UPDATED, variables: { id: order.id } }, asCustomer);
      open.push(sse);
      expect(sse.status).toBe(200);
      expect(sse.headers.get("content-type")).toContain("text/event-stream");
      const client = wsClient(graph.gateway.url, asCustomer);
      const ws = wsSubscribe(client, { query: ORDER_UPDATED, variables: { id: order.id } });
      open.push({ close: () => void client.dispose() });
      await settled();

      await advance(graph, order, "READY_FOR_PICKUP");
      const answeredAt = Date.now();
      const ready = (p: any) => p.data?.orderUpdated?.change === "FULFILLMENT_READY";
      const [overSse, overWs] = await Promise.all([
        sse.next(ready).then((payload) => ({ payload, after: Date.now() - answeredAt })),
        ws.next(ready).then((payload) => ({ payload, after: Date.now() - answeredAt })),
      ]);
      for (const { payload, after } of [overSse, overWs]) {
        expect(after).toBeLessThan(1_000);
        expect(payload.errors).toBeUndefined();
        const update = payload.data.orderUpdated;
        expect(update.fulfillment).toEqual({
          id: order.fulfillments[0].id,
          status: "READY_FOR_PICKUP",
          pickupLocation: { name: locationName(order.fulfillments[0].pickupLocationId!) },
        });
        expect(update.order.id).toBe(order.id);
        expect(update.order.customer).toEqual({ id: customer.id, firstName: customer.firstName });
        expect(update.order.lines[0].variant.title).toBe(world.variants.find((v) => v.sku === order.lines[0].sku)!.title);
      }
    });

    it("a second customer cannot subscribe to that order, over either transport: NOT_FOUND", async () => {
      const order = pickups[0];
      const stranger = await graph.as("customer", world.customers.find((c) => c.id !== order.customerId)!.id);
      const sse = await sseSubscribe(streamUrl(graph), { query: ORDER_UPDATED, variables: { id: order.id } }, stranger);
      open.push(sse);
      const refused = await sse.next();
      expect(refused).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: "NOT_FOUND" } })] });
      await sse.done();

      const client = wsClient(graph.gateway.url, stranger);
      open.push({ close: () => void client.dispose() });
      const ws = wsSubscribe(client, { query: ORDER_UPDATED, variables: { id: order.id } });
      await ws.ended();
      expect(ws.payloads).toEqual([]);
      expect(ws.error).toEqual([expect.objectContaining({ extensions: { code: "NOT_FOUND" } })]);

      // Nobody signed in is told to sign in; a wrong token never gets a stream.
      const anonymous = await sseSubscribe(streamUrl(graph), { query: ORDER_UPDATED, variables: { id: order.id } });
      expect((await anonymous.next()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
      const forged = await sseSubscribe(
        streamUrl(graph),
        { query: ORDER_UPDATED, variables: { id: order.id } },
        { authorization: "Bearer not-a-token" },
      );
      expect(forged.status).toBe(401);
    });

    it("the store tablet's queue hears a curbside arrival with its parking spot; another store's associate is refused", async () => {
      const order = curbside;
      const storeId = order.fulfillments[0].pickupLocationId!;
      const tabletClient = wsClient(graph.gateway.url, {
        ...(await graph.as("associate", staffOf(storeId).id, storeId)),
        "apollographql-client-name": "store-tablet",
      });
      open.push({ close: () => void tabletClient.dispose() });
      const tablet = wsSubscribe(tabletClient, { query: QUEUE, variables: { store: storeId } });
      const otherStore = world.locations.find((l) => l.type === "STORE" && l.id !== storeId)!.id;
      const outsider = await sseSubscribe(
        streamUrl(graph),
        { query: QUEUE, variables: { store: storeId } },
        await graph.as("associate", staffOf(otherStore).id, otherStore),
      );
      open.push(outsider);
      expect((await outsider.next()).errors[0].extensions.code).toBe("FORBIDDEN");
      await settled();

      await toPicking(graph, order);
      await advance(graph, order, "READY_FOR_PICKUP");
      const arrived = await graph.query(ARRIVE, { orderId: order.id, spot: "Bay 7" }, await graph.as("customer", order.customerId!));
      expect(arrived.body.data.notifyArrival.userErrors).toEqual([]);

      const payload = await tablet.next((p) => p.data?.pickupQueueChanged?.change === "CUSTOMER_ARRIVED");
      expect(payload.data.pickupQueueChanged.fulfillment).toEqual({
        id: order.fulfillments[0].id,
        status: "CUSTOMER_ARRIVED",
        parkingSpot: "Bay 7",
        order: { id: order.id, number: order.number },
        pickupLocation: { name: locationName(storeId) },
      });
      expect(tablet.payloads.map((p) => p.data.pickupQueueChanged.change)).toEqual(expect.arrayContaining(["READY", "CUSTOMER_ARRIVED"]));
    });

    it("an SSE client that comes back with Last-Event-ID is sent what it missed, in order, then live events", async () => {
      const order = shipments[0];
      const asCustomer = await graph.as("customer", order.customerId!);
      const first = await sseSubscribe(streamUrl(graph), { query: ORDER_UPDATED, variables: { id: order.id } }, asCustomer);
      open.push(first);
      await settled();
      await advance(graph, order, "PICKING");
      await first.next((p) => p.data?.orderUpdated?.change === "FULFILLMENT_PICKING");
      const lastId = first.events.find((e) => e.event === "next")!.id!;
      first.close();

      // While the app is away the parcel is packed, ships and is delivered.
      await advance(graph, order, "PACKED");
      await advance(graph, order, "SHIPPED");
      await advance(graph, order, "DELIVERED");
      const back = await sseSubscribe(
        streamUrl(graph),
        { query: ORDER_UPDATED, variables: { id: order.id } },
        { ...asCustomer, "last-event-id": lastId },
      );
      open.push(back);
      await back.next((p) => p.data?.orderUpdated?.change === "FULFILLMENT_DELIVERED");
      const replayed = back.events.filter((e) => e.event === "next");
      expect(replayed.map((e) => e.data.data.orderUpdated.change)).toEqual([
        "FULFILLMENT_PACKED",
        "FULFILLMENT_SHIPPED",
        "FULFILLMENT_DELIVERED",
      ]);
      // The ids are the bus's, later than the one the client had, in order.
      const ids = [lastId, ...replayed.map((e) => e.id!)].map((id) => id.split("-").map(Number));
      for (let i = 1; i < ids.length; i++)
        expect(ids[i][0] > ids[i - 1][0] || (ids[i][0] === ids[i - 1][0] && ids[i][1] > ids[i - 1][1])).toBe(true);
      // Each replayed payload is the order as it is now, read with the subscriber's identity.
      expect(replayed[0].data.data.orderUpdated.order.status).toBe("FULFILLED");
    });

    it("a token that expires ends the stream with UNAUTHENTICATED", async () => {
      const order = pickups[1];
      const token = await signPersonToken(
        graph.auth.jwtSecret!,
        { sub: order.customerId!, role: "customer" },
        { expiresIn: Math.floor(Date.now() / 1000) + 2 },
      );
      const sse: SseSubscription = await sseSubscribe(
        streamUrl(graph),
        { query: ORDER_UPDATED, variables: { id: order.id } },
        { authorization: `Bearer ${token}` },
      );
      open.push(sse);
      const ended = await sse.next((p) => p.errors !== undefined, 5_000);
      expect(ended.errors).toEqual([expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } })]);
      await sse.done();
      expect(sse.events.at(-1)!.event).toBe("complete");
    });
  });
}

describe("two gateway instances on one Redis", () => {
  const graphs: TestGraph[] = [];
  afterAll(() => Promise.all(graphs.map((g) => g.close())));

  it("the subscriber on one hears a change made through the other", async () => {
    const prefix = `test:${randomUUID()}:`;
    graphs.push(await startGraph({}, { redisPrefix: prefix }), await startGraph({}, { redisPrefix: prefix }));
    const [a, b] = graphs;
    const order = pickups[2];
    const sse = await sseSubscribe(
      `${a.gateway.origin}/graphql/stream`,
      { query: ORDER_UPDATED, variables: { id: order.id } },
      await a.as("customer", order.customerId!),
    );
    try {
      await settled();
      await toPicking(b, order);
      await advance(b, order, "READY_FOR_PICKUP");
      const payload = await sse.next((p) => p.data?.orderUpdated?.change === "FULFILLMENT_READY");
      expect(payload.data.orderUpdated.fulfillment.pickupLocation.name).toBe(locationName(order.fulfillments[0].pickupLocationId!));
    } finally {
      sse.close();
    }
  });
});
