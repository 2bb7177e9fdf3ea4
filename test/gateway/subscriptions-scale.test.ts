import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { sseSubscribe, type SseSubscription } from "../helpers/subscriptions.js";

// A busy evening: 500 screens (agents' consoles and store tablets) follow one order over SSE through one gateway.

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const world = demoWorld();
const order = world.orders.find(
  (o) =>
    o.customerId && o.fulfillments.length === 1 && o.fulfillments[0].method === "SHIP_TO_HOME" && o.fulfillments[0].status === "PENDING",
)!;
const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT").slice(0, 5);
const warehouse = order.fulfillments[0].originId;
const warehouseStaff = world.associates.find((a) => a.homeStoreId === warehouse);
const SUBSCRIBE = `subscription($id: ID!) { orderUpdated(id: $id) { change order { status } fulfillment { status } } }`;

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({}, { backend: "memory", env: { SUBSCRIPTIONS_MAX_PER_VIEWER: "1000" } });
});
afterAll(() => graph?.close());

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

describe("500 concurrent SSE subscribers on one gateway", () => {
  it("all receive the event, and memory returns near where it was once they go", async () => {
    expect(agents.length).toBe(5);
    const url = `${graph.gateway.origin}/graphql/stream`;
    const headers = await Promise.all(agents.map((a) => graph.as("agent", a.id)));
    // One subscription first, so the planner and every code path are warm before the baseline.
    const warm = await sseSubscribe(url, { query: SUBSCRIBE, variables: { id: order.id } }, headers[0]);
    warm.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const baseline = await heapAfterGc();

    const subscribers: SseSubscription[] = [];
    for (let batch = 0; batch < 5; batch++) {
      subscribers.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            sseSubscribe(url, { query: SUBSCRIBE, variables: { id: order.id } }, headers[(batch * 100 + i) % 5]),
          ),
        )),
      );
    }
    expect(subscribers.map((s) => s.status)).toEqual(Array(500).fill(200));
    const held = await heapAfterGc();

    // The warehouse starts picking: one event, 500 payloads.
    const mover =
      warehouseStaff && warehouse ? await graph.as("associate", warehouseStaff.id, warehouse) : await graph.as("agent", agents[0].id);
    const moved = await graph.query(
      `mutation($id: ID!) { advanceFulfillment(fulfillmentId: $id, to: PICKING) { userErrors { code } } }`,
      { id: order.fulfillments[0].id },
      mover,
    );
    expect(moved.body.data.advanceFulfillment.userErrors).toEqual([]);
    const payloads = await Promise.all(
      subscribers.map((s) => s.next((p) => p.data?.orderUpdated?.change === "FULFILLMENT_PICKING", 30_000)),
    );
    expect(payloads).toHaveLength(500);
    for (const payload of payloads)
      expect(payload).toEqual({
        data: { orderUpdated: { change: "FULFILLMENT_PICKING", order: { status: "IN_PROGRESS" }, fulfillment: { status: "PICKING" } } },
      });

    for (const subscriber of subscribers) subscriber.close();
    subscribers.length = 0;
    payloads.length = 0;
    // The server lets each go as its connection closes; give it a moment, then measure.
    let after: number;
    const deadline = Date.now() + 15_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await heapAfterGc();
    } while (after > baseline + 12 * 1_048_576 && Date.now() < deadline);
    console.log(
      `heap after GC: baseline ${(baseline / 1_048_576).toFixed(1)} MB, 500 open ${(held / 1_048_576).toFixed(1)} MB, after ${(after / 1_048_576).toFixed(1)} MB`,
    );
    // Generous: the test's own clients live in this process too.
    expect(after).toBeLessThan(baseline + 12 * 1_048_576);
  }, 120_000);
});
