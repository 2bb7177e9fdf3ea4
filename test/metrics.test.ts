import { describe, expect, it } from "vitest";
import { Metrics } from "../gateway/metrics.js";

describe("GET /metrics", () => {
  it("shows the latency histogram with cumulative buckets, as Prometheus reads it", () => {
    const metrics = new Metrics();
    for (const ms of [3, 7, 5, 30, 20_000]) metrics.observeRequestMs(ms);
    const text = metrics.render();
    const bucket = (le: string) => Number(new RegExp(`omnigraph_request_duration_ms_bucket\\{le="${le.replace("+", "\\+")}"\\} (\\d+)`).exec(text)?.[1]);
    expect([bucket("5"), bucket("10"), bucket("25"), bucket("50"), bucket("10000"), bucket("+Inf")]).toEqual([2, 3, 3, 4, 4, 5]);
    expect(text).toContain("omnigraph_request_duration_ms_count 5");
    expect(text).toContain("omnigraph_request_duration_ms_sum 20045");
  });

  it("counts requests by label, with label values that cannot break the format", () => {
    const metrics = new Metrics();
    metrics.inc("omnigraph_requests_total", { status: "2xx", errors: "no" });
    metrics.inc("omnigraph_requests_total", { status: "2xx", errors: "no" });
    metrics.inc("omnigraph_subgraph_failures_total", { subgraph: 'in"ven\\tory\n' });
    const text = metrics.render();
    expect(text).toContain('omnigraph_requests_total{status="2xx",errors="no"} 2');
    expect(text).toContain('omnigraph_subgraph_failures_total{subgraph="in_ven_tory_"} 1');
  });
});
