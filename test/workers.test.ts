import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startGraph, type TestGraph } from "./helpers/graph.js";
import { freePort, startGatewayProcess, type GatewayProcess } from "./helpers/gateway-process.js";
import { parseExposition, total } from "./helpers/prometheus.js";

let graph: TestGraph;
let dir: string;
beforeAll(async () => {
  graph = await startGraph();
  dir = await mkdtemp(join(tmpdir(), "omnigraph-workers-"));
});
afterAll(async () => {
  await graph?.close();
  await rm(dir, { recursive: true, force: true });
});

/** One request on a connection of its own, as many clients behind a load balancer make them; status and body. */
function once(url: string, method: "GET" | "POST", body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the gateway on every core (--workers 2)", () => {
  let gateway: GatewayProcess;
  afterAll(() => gateway?.child.kill("SIGKILL"));

  it("answers from both workers, shares their rate limits on Redis, and shows their metrics summed", { timeout: 60_000 }, async () => {
    const logFile = join(dir, "cluster.log");
    gateway = await startGatewayProcess(graph, {
      args: ["--workers", "2"],
      port: await freePort(),
      logFile,
      env: { REDIS_URL: inject("redisUrl"), REDIS_KEY_PREFIX: `test:${randomUUID()}:`, RATE_LIMIT_ANONYMOUS: "10" },
    });
    // Both workers listen before the test goes on.
    await gateway.waitForLog(() => gateway.logs().filter((line) => line.msg === "gateway listening").length >= 2);

    const answers = [];
    for (let i = 0; i < 16; i++) answers.push(await once(gateway.url, "POST", JSON.stringify({ query: `query Shared { categories { id } }` })));
    // One bucket of 10 for the address, whichever worker answers: per-worker buckets would have let 20 through.
    const ok = answers.filter((a) => a.status === 200).length;
    const refused = answers.filter((a) => a.status === 429).length;
    expect(ok + refused).toBe(16);
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(11);

    await gateway.waitForLog(() => gateway.logs().filter((line) => line.msg === "request").length >= ok);
    const servedBy = new Set(gateway.logs().filter((line) => line.msg === "request").map((line) => line.pid));
    expect(servedBy.size).toBe(2);

    // Whichever worker is scraped, it shows the whole cluster's counts.
    for (let i = 0; i < 4; i++) {
      const samples = parseExposition((await once(`${gateway.origin}/metrics`, "GET")).text);
      expect(total(samples, "omnigraph_requests_total", { operation: "Shared", outcome: "ok" })).toBe(ok);
      expect(total(samples, "omnigraph_rate_limited_total", { subject: "anonymous" })).toBe(refused);
    }
  });

  it("starts another worker when one dies, and stops with exit code 0 on SIGTERM", { timeout: 60_000 }, async () => {
    const pids = [...new Set(gateway.logs().filter((line) => line.msg === "gateway listening").map((line) => line.pid))];
    process.kill(pids[0] as number, "SIGKILL");
    await gateway.waitForLog((line) => line.msg === "worker died; starting another" && line.workerPid === pids[0]);
    await gateway.waitForLog(() => gateway.logs().filter((line) => line.msg === "gateway listening").length >= 3);
    const health = await once(`${gateway.origin}/health`, "GET");
    expect(health.status).toBe(200);

    gateway.child.kill("SIGTERM");
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(gateway.logs().some((line) => line.msg === "every worker has stopped")).toBe(true);
  });
});
