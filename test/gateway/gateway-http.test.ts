import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(graph.gateway.url, { method: "POST", headers, body });

describe("the gateway's front door", () => {
  it("answers /health and /ready once the supergraph is loaded", async () => {
    const health = await fetch(`${graph.gateway.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${graph.gateway.origin}/ready`)).status).toBe(200);
  });

  it("answers a malformed body with a coded 400, never a 500 or a stack trace", async () => {
    const response = await post("{ not json");
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("answers a body without a query, a wrong content type and an oversize body with coded 4xx", async () => {
    const noQuery = await post(JSON.stringify({ variables: {} }));
    expect(noQuery.status).toBe(400);
    const wrongType = await post("query { categories { id } }", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
    const huge = await post(JSON.stringify({ query: `{ categories { id } }`, pad: "x".repeat(2_000_000) }));
    expect(huge.status).toBe(413);
  });

  it("answers a query for a field that does not exist with GRAPHQL_VALIDATION_FAILED", async () => {
    const answer = await graph.query(`{ categories { id shoeSize } }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("keeps the caller's request id, or makes one, and echoes it", async () => {
    const given = await graph.query(`{ categories { id } }`, undefined, { "x-request-id": "kiosk-42-abc" });
    expect(given.headers.get("x-request-id")).toBe("kiosk-42-abc");
    const made = await graph.query(`{ categories { id } }`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await graph.query(`{ categories { id } }`, undefined, { "x-request-id": "<script>" });
    expect(hostile.headers.get("x-request-id")).not.toBe("<script>");
  });

  it("passes request id, channel and client to the subgraphs, which log them", async () => {
    await graph.query(`{ product(handle: "does-not-exist") { id } }`, undefined, {
      "x-request-id": "trace-me-123",
      "apollographql-client-name": "omnigraph-ios",
      "apollographql-client-version": "5.2.0",
    });
    const line = graph.logs.find((l) => l.requestId === "trace-me-123" && l.msg === "request");
    expect(line).toMatchObject({ client: "omnigraph-ios", channel: "MOBILE_APP" });
  });

  it("answers unknown paths with a coded 404", async () => {
    const response = await fetch(`${graph.gateway.origin}/wp-admin`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("does not expose query plans, which would name the subgraphs", async () => {
    const response = await post(JSON.stringify({ query: `{ categories { id } }` }), {
      "content-type": "application/json",
      "apollo-query-plan-experimental": "1",
    });
    const text = await response.text();
    expect(text).not.toContain("queryPlan");
    expect(text).not.toContain("catalog");
  });
});

describe("operators", () => {
  it("read request counts, latencies and subgraph failures at /metrics in Prometheus format", async () => {
    await graph.query(`{ categories { id } }`);
    await graph.query(`{ categories { nope } }`);
    const response = await fetch(`${graph.gateway.origin}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/omnigraph_requests_total\{[^}]*outcome="ok"\} [1-9]\d*/);
    expect(text).toMatch(/omnigraph_requests_total\{[^}]*outcome="rejected"\} [1-9]\d*/);
    const counts = [...text.matchAll(/omnigraph_request_duration_seconds_count\{[^}]*\} (\d+)/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
  });
});

// Depth, alias, token and cost limits: test/gateway/operation-shape-limits.test.ts and subgraph-limits.test.ts.
describe("requests a real client makes", () => {
  it("lets the deepest real client query through: the customer 360", async () => {
    const answer = await graph.query(
      `{ customer(id: "cust-001") { orders(first: 2) { nodes { lines { variant { product { category { path { name } } } stockAt(locationId: "store-01") { location { address { city } } } } } } } } }`,
      undefined,
      await graph.as("agent", "assoc-040"),
    );
    expect(answer.body.errors).toBeUndefined();
  });
});
