import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { freePort, startGatewayProcess, type GatewayProcess } from "../helpers/gateway-process.js";
import { parseExposition, total } from "../helpers/prometheus.js";

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
function once(url: string, method: "GET" | "POST", body?: string): Promise<{ status: number; text: string; cache: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, cache: res.headers["x-cache"] as string | undefined }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the gateway on every core (--workers 2)", () => {
  let gateway: GatewayProcess;
  afterAll(() => gateway?.child.kill("SIGKILL"));

  it(
    "answers from both workers, which share one response cache and one rate limit on Redis, and shows their metrics summed",
    { timeout: 60_000 },
    async () => {
      const logFile = join(dir, "cluster.log");
      gateway = await startGatewayProcess(graph, {
        args: ["--workers", "2"],
        port: await freePort(),
        logFile,
        env: { REDIS_URL: inject("redisUrl"), REDIS_KEY_PREFIX: `test:${randomUUID()}:`, RATE_LIMIT_ANONYMOUS: "20" },
      });
      // Both workers listen before the test goes on.
      await gateway.waitForLog(() => gateway.logs().filter((line) => line.msg === "gateway listening").length >= 2);
      const servedBy = (operation: string) =>
        new Set(
          gateway
            .logs()
            .filter((line) => line.operationName === operation)
            .map((line) => line.pid),
        );

      // The catalog's categories are public: the first answer is cached on Redis, and every later one comes from there,
      // whichever worker answers. A cache per worker would miss once on each.
      const catalog = [];
      for (let i = 0; i < 8; i++)
        catalog.push(await once(gateway.url, "POST", JSON.stringify({ query: `query Catalog { categories { id name } }` })));
      expect(catalog.map((a) => a.status)).toEqual(Array(8).fill(200));
      expect(catalog.map((a) => a.cache)).toEqual(["MISS", ...Array(7).fill("HIT")]);
      await gateway.waitForLog(() => servedBy("Catalog").size === 2);

      // One bucket of 20 for the address, whichever worker answers: 8 taken above, 12 left for 16 more requests.
      const answers = [];
      for (let i = 0; i < 16; i++)
        answers.push(await once(gateway.url, "POST", JSON.stringify({ query: `query Shared { categories { id } }` })));
      const ok = answers.filter((a) => a.status === 200).length;
      const refused = answers.filter((a) => a.status === 429).length;
      expect(ok + refused).toBe(16);
      expect(ok).toBeGreaterThanOrEqual(12);
      expect(ok).toBeLessThanOrEqual(13);
      await gateway.waitForLog(() => servedBy("Shared").size === 2);

      // Whichever worker is scraped, it shows the whole cluster's counts.
      for (let i = 0; i < 4; i++) {
        const samples = parseExposition((await once(`${gateway.origin}/metrics`, "GET")).text);
        expect(total(samples, "omnigraph_requests_total", { operation: "Shared", outcome: "ok" })).toBe(ok);
        expect(total(samples, "omnigraph_rate_limited_total", { subject: "anonymous" })).toBe(refused);
        // Each of the two operations missed once, on whichever worker asked first.
        expect(total(samples, "omnigraph_response_cache_events_total", { event: "miss" })).toBe(2);
        expect(total(samples, "omnigraph_response_cache_events_total", { event: "hit" })).toBe(7 + ok - 1);
        expect(total(samples, "omnigraph_request_duration_seconds_count", { operation: "Catalog" })).toBe(8);
      }
    },
  );

  it("starts another worker when one dies, and stops with exit code 0 on SIGTERM", { timeout: 60_000 }, async () => {
    const pids = [
      ...new Set(
        gateway
          .logs()
          .filter((line) => line.msg === "gateway listening")
          .map((line) => line.pid),
      ),
    ];
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
