import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { sseSubscribe, wsClient, wsSubscribe } from "../helpers/subscriptions.js";

// What the streams refuse, and how they end: limits per connection and per viewer, the partner contract, the wrong
// transport for an operation, and a gateway shutting down.

const world = demoWorld();
const order = world.orders.find((o) => o.customerId && o.fulfillments.length === 1)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const SUBSCRIBE = `subscription($id: ID!) { orderUpdated(id: $id) { change } }`;

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph(
    {},
    { backend: "memory", env: { SUBSCRIPTIONS_MAX_PER_VIEWER: "3", SUBSCRIPTIONS_MAX_PER_CONNECTION: "2", COST_LIMIT: "2000" } },
  );
});
afterAll(() => graph?.close());
const streamUrl = () => `${graph.gateway.origin}/graphql/stream`;

describe("limits", () => {
  it("a WebSocket connection carries at most SUBSCRIPTIONS_MAX_PER_CONNECTION subscriptions", async () => {
    const client = wsClient(graph.gateway.url, await graph.as("customer", order.customerId!));
    try {
      const subscriptions = [0, 1, 2].map(() => wsSubscribe(client, { query: SUBSCRIBE, variables: { id: order.id } }));
      await subscriptions[2].ended();
      expect(subscriptions[2].error).toEqual([expect.objectContaining({ extensions: { code: "SUBSCRIPTION_LIMIT_REACHED" } })]);
      expect(subscriptions[0].completed || subscriptions[1].completed).toBe(false);
    } finally {
      await client.dispose();
    }
  });

  it("one viewer holds at most SUBSCRIPTIONS_MAX_PER_VIEWER over every connection; ending one frees a place", async () => {
    const asAgent = await graph.as("agent", agent.id);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await sseSubscribe(streamUrl(), { query: SUBSCRIBE, variables: { id: order.id } }, asAgent));
    const fourth = await sseSubscribe(streamUrl(), { query: SUBSCRIBE, variables: { id: order.id } }, asAgent);
    expect((await fourth.next()).errors[0].extensions.code).toBe("SUBSCRIPTION_LIMIT_REACHED");
    open.shift()!.close();
    // The server frees the place when it sees the connection close.
    let again;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await sseSubscribe(streamUrl(), { query: SUBSCRIBE, variables: { id: order.id } }, asAgent);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!again.ended) break;
    }
    expect(again!.ended).toBe(false);
    for (const stream of [...open, again!]) stream.close();
  });
});

describe("what a platform team sees", () => {
  it("/metrics counts the subscriptions open now, up as they start and down as they end", async () => {
    const active = async () => {
      const text = await (await fetch(`${graph.gateway.origin}/metrics`)).text();
      return Number(/^omnigraph_subscriptions_active (\d+)$/m.exec(text)?.[1]);
    };
    const asAgent = await graph.as("agent", agent.id);
    const before = await active();
    const open = [];
    for (let i = 0; i < 2; i++) open.push(await sseSubscribe(streamUrl(), { query: SUBSCRIBE, variables: { id: order.id } }, asAgent));
    let now = await active();
    for (let attempt = 0; attempt < 50 && now !== before + 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      now = await active();
    }
    expect(now).toBe(before + 2);
    for (const stream of open) stream.close();
    for (let attempt = 0; attempt < 50 && now !== before; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      now = await active();
    }
    expect(now).toBe(before);
  });
});

describe("what the streams refuse", () => {
  it("a partner key gets no subscriptions: its contract has none", async () => {
    const partner = await sseSubscribe(streamUrl(), { query: SUBSCRIBE, variables: { id: order.id } }, graph.key("partner"));
    expect((await partner.next()).errors[0].extensions.code).toBe("FORBIDDEN");
    const contract = await graph.query(`{ __schema { subscriptionType { name } } }`, undefined, graph.key("partner"));
    expect(contract.body.data.__schema.subscriptionType).toBeNull();
  });

  it("a subscription POSTed to /graphql is a 400 naming the streams; a query sent to a stream is refused", async () => {
    const posted = await graph.query(SUBSCRIBE, { id: order.id }, await graph.as("customer", order.customerId!));
    expect(posted.status).toBe(400);
    expect(posted.body.errors![0].extensions!.code).toBe("BAD_REQUEST");
    expect(posted.body.errors![0].message).toContain("/graphql/stream");

    const query = await sseSubscribe(streamUrl(), { query: `{ categories { id } }` });
    expect((await query.next()).errors[0].extensions.code).toBe("BAD_REQUEST");
    const notStream = await fetch(streamUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: SUBSCRIBE }),
    });
    expect(notStream.status).toBe(406);
    expect(((await notStream.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("a subscription whose every event would cost more than COST_LIMIT is refused, as such a query is", async () => {
    const costly = `subscription($id: ID!) { orderUpdated(id: $id) { order { customer { orders(first: 100) { nodes { lines { variant { title stockAt(locationId: "store-01") { onHand } } } } } } } } }`;
    const asAgent = await graph.as("agent", agent.id);
    const refused = await sseSubscribe(streamUrl(), { query: costly, variables: { id: order.id } }, asAgent);
    expect((await refused.next()).errors[0].extensions.code).toBe("COST_LIMIT_EXCEEDED");
    const asQuery = await graph.query(
      costly
        .replace(/^subscription/, "query")
        .replace("orderUpdated(id: $id) {", "order(id: $id) {")
        .replace(" order { customer", " customer")
        .replace(/ } } }$/, " } }"),
      { id: order.id },
      asAgent,
    );
    expect(asQuery.body.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
  });

  it("a subscription that does not validate is told why, with its code and no internals", async () => {
    const bad = await sseSubscribe(
      streamUrl(),
      { query: `subscription { orderUpdated(id: "x", event: "{}") { change } }` },
      await graph.as("agent", agent.id),
    );
    const refused = await bad.next();
    expect(refused.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(refused)).not.toMatch(/127\.0\.0\.1|stack|subgraph/i);
  });

  it("a WebSocket with a wrong token is closed with 4401 and the code", async () => {
    const socket = new WebSocket(graph.gateway.url.replace(/^http/, "ws"), "graphql-transport-ws");
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: "Bearer nope" } }));
    const [code, reason] = await new Promise<[number, string]>((resolve) => socket.once("close", (c, r) => resolve([c, String(r)])));
    expect(code).toBe(4401);
    expect(reason).toMatch(/^UNAUTHENTICATED/);
  });
});

describe("a gateway that stops", () => {
  it("ends its streams cleanly: SSE completes, WebSocket closes with 1001 going away", async () => {
    const own = await startGraph({}, { backend: "memory" });
    try {
      const asCustomer = await own.as("customer", order.customerId!);
      const sse = await sseSubscribe(`${own.gateway.origin}/graphql/stream`, { query: SUBSCRIBE, variables: { id: order.id } }, asCustomer);
      const socket = new WebSocket(own.gateway.url.replace(/^http/, "ws"), "graphql-transport-ws");
      await new Promise((resolve) => socket.once("open", resolve));
      const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
      socket.send(JSON.stringify({ type: "connection_init", payload: asCustomer }));
      await new Promise((resolve) => socket.once("message", resolve));
      const started = Date.now();
      await own.gateway.close({ graceMs: 5_000 });
      await sse.done();
      expect(sse.events.at(-1)!.event).toBe("complete");
      expect(await closed).toBe(1001);
      // Nothing waited for the grace period: open streams do not hold a shutdown.
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await own.close().catch(() => undefined);
    }
  });
});
