import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { scrape, total, type Sample } from "../helpers/prometheus.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({}, { env: { RATE_LIMIT_PERSON: "3" } });
});
afterAll(() => graph?.close());

const CHANNELS = ["WEB", "MOBILE_APP", "KIOSK", "CALL_CENTER", "STORE", "PARTNER"];
const labelValues = (samples: Sample[], name: string, label: string) =>
  new Set(samples.filter((s) => s.name === name).map((s) => s.labels[label]));

describe("GET /metrics, as a platform team's Prometheus reads it", () => {
  it("counts requests and their latency by operation, client, channel and outcome", async () => {
    const web = { "apollographql-client-name": "web-shop", "apollographql-client-version": "1.2.3" };
    for (let i = 0; i < 3; i++) expect((await graph.query(`query CategoryList { categories { id } }`, undefined, web)).status).toBe(200);
    expect((await graph.query(`query Broken { categories { nope } }`, undefined, web)).status).toBe(400);
    expect((await graph.query(`{ categories { id } }`)).status).toBe(200);

    const samples = await scrape(graph.gateway.origin);
    const ok = { operation: "CategoryList", client: "web-shop", outcome: "ok" };
    expect(total(samples, "omnigraph_requests_total", ok)).toBe(3);
    expect(total(samples, "omnigraph_request_duration_seconds_count", ok)).toBe(3);
    expect(total(samples, "omnigraph_request_duration_seconds_bucket", { ...ok, le: "+Inf" })).toBe(3);
    expect(total(samples, "omnigraph_request_duration_seconds_sum", ok)).toBeGreaterThan(0);
    const series = samples.find((s) => s.name === "omnigraph_requests_total" && s.labels.operation === "CategoryList");
    expect(CHANNELS).toContain(series?.labels.channel);
    // A document that does not validate was refused before it ran.
    expect(total(samples, "omnigraph_requests_total", { operation: "Broken", client: "web-shop", outcome: "rejected" })).toBe(1);
    // No name and no client header: one series for all such requests, not one per request.
    expect(total(samples, "omnigraph_requests_total", { operation: "(none)", client: "(none)", outcome: "ok" })).toBeGreaterThanOrEqual(1);
  });

  it("shows each subgraph's fetches and how long they took", async () => {
    await graph.query(
      `{ product(handle: "harbor-and-pine-cozy-tee") { title variants { stockAt(locationId: "store-01") { availableToPromise } } } }`,
    );
    const samples = await scrape(graph.gateway.origin);
    for (const subgraph of ["catalog", "inventory"]) {
      expect(total(samples, "omnigraph_subgraph_fetches_total", { subgraph, outcome: "ok" })).toBeGreaterThan(0);
      expect(total(samples, "omnigraph_subgraph_fetch_duration_seconds_count", { subgraph, outcome: "ok" })).toBeGreaterThan(0);
      expect(total(samples, "omnigraph_subgraph_fetch_duration_seconds_sum", { subgraph, outcome: "ok" })).toBeGreaterThan(0);
    }
  });

  it("counts rate-limit refusals by what they were counted against", async () => {
    const customer = await graph.as("customer", "cust-001");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graph.query(`{ me { firstName } }`, undefined, customer)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const samples = await scrape(graph.gateway.origin);
    expect(total(samples, "omnigraph_rate_limited_total", { subject: "person" })).toBe(statuses.filter((s) => s === 429).length);
  });

  it("includes Node's own process metrics", async () => {
    const names = new Set((await scrape(graph.gateway.origin)).map((s) => s.name));
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("counts failed fetches and requests answered with errors when a subgraph goes down", async () => {
    await graph.stopSubgraph("inventory");
    const answer = await graph.query(
      `query ProductPage { product(handle: "harbor-and-pine-cozy-tee") { title variants { stockAt(locationId: "store-01") { availableToPromise } } } }`,
    );
    expect(answer.body.data.product.title).toBeTruthy();
    const samples = await scrape(graph.gateway.origin);
    const failed = ["error", "timeout", "breaker_open"].reduce(
      (sum, outcome) => sum + total(samples, "omnigraph_subgraph_fetches_total", { subgraph: "inventory", outcome }),
      0,
    );
    expect(failed).toBeGreaterThan(0);
    expect(total(samples, "omnigraph_requests_total", { operation: "ProductPage", outcome: "error" })).toBe(1);
  });
  it("keeps label values bounded whatever names clients invent", async () => {
    await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        graph.query(`query Invented${i} { __typename }`, undefined, { "apollographql-client-name": `bot-${i}` }),
      ),
    );
    await graph.query(`query Odd { __typename }`, undefined, { "apollographql-client-name": 'a client {with} "quotes"' });
    // Last in this file: from here on every new name in this gateway is "(other)".
    const samples = await scrape(graph.gateway.origin);
    const operations = labelValues(samples, "omnigraph_requests_total", "operation");
    const clients = labelValues(samples, "omnigraph_requests_total", "client");
    // The first 100 operation names and 20 client names a process sees are kept; the rest count together.
    expect(operations.size).toBeLessThanOrEqual(100 + 2);
    expect(operations).toContain("(other)");
    expect(clients.size).toBeLessThanOrEqual(20 + 2);
    expect(clients).toContain("(other)");
    expect(total(samples, "omnigraph_requests_total", { operation: "(other)" })).toBeGreaterThan(0);
  });
});
