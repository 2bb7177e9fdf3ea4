import { createServer, request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { createRedis } from "../../lib/redis.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";
import { startGatewayProcess } from "../helpers/gateway-process.js";
import { committedSupergraph, withoutCategoryName } from "../helpers/supergraph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

/** A catalog that takes `delayMs` to answer every request: the real catalog behind a slow proxy. */
function slowCatalog(delayMs: number): Promise<{ url: string; server: Server }> {
  const target = new URL(graph.subgraphs.catalog.url);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        const forward = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, server }),
    ),
  );
}

describe("a deploy stops the gateway (SIGTERM)", { timeout: 60_000 }, () => {
  it("finishes the request in flight, takes no new connection, and exits 0", async () => {
    const slow = await slowCatalog(1_500);
    const gateway = await startGatewayProcess(graph, {
      env: { CATALOG_URL: slow.url, SUBGRAPH_TIMEOUT_MS: "5000", REQUEST_DEADLINE_MS: "8000" },
    });
    try {
      const started = Date.now();
      const inFlight = postGraphQL(gateway.url, `query Categories { categories { id name } }`);
      await new Promise((resolve) => setTimeout(resolve, 400));
      gateway.child.kill("SIGTERM");
      await gateway.waitForLog((line) => line.msg === "SIGTERM: stopping");

      // The port is closed: a new client goes to another gateway.
      await expect(fetch(`${gateway.origin}/health`)).rejects.toThrow();

      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.categories.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      // The request's line was written before the process exited.
      // It took over a second: logged as slow, at warn.
      expect(gateway.logs().find((line) => line.operationName === "Categories")).toMatchObject({
        msg: "slow request",
        level: "warn",
        outcome: "ok",
        status: 200,
      });
    } finally {
      gateway.child.kill("SIGKILL");
      slow.server.close();
    }
  });

  it("cuts what is still running after SHUTDOWN_GRACE_MS, and still exits 0", async () => {
    const slow = await slowCatalog(4_000);
    const gateway = await startGatewayProcess(graph, {
      env: { CATALOG_URL: slow.url, SUBGRAPH_TIMEOUT_MS: "10000", REQUEST_DEADLINE_MS: "10000", SHUTDOWN_GRACE_MS: "300" },
    });
    try {
      const inFlight = postGraphQL(gateway.url, `{ categories { id } }`).then(
        () => "answered",
        () => "cut",
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stoppedAt = Date.now();
      gateway.child.kill("SIGTERM");
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      // Within the grace plus a generous second for the rest of the shutdown.
      expect(Date.now() - stoppedAt).toBeLessThan(300 + 3_000);
      expect(await inFlight).toBe("cut");
    } finally {
      gateway.child.kill("SIGKILL");
      slow.server.close();
    }
  });
});

describe("a new supergraph is deployed to a running gateway", { timeout: 60_000 }, () => {
  it("is served on SIGHUP, with watching off", async () => {
    const dir = await mkdtemp(join(tmpdir(), "omnigraph-sighup-"));
    const file = join(dir, "supergraph.graphql");
    const current = await committedSupergraph();
    await writeFile(file, withoutCategoryName(current));
    const gateway = await startGatewayProcess(graph, { args: ["--supergraph", file], env: { SUPERGRAPH_WATCH: "false" } });
    try {
      const NAMES = `{ categories { id name } }`;
      expect((await postGraphQL(gateway.url, NAMES)).status).toBe(400);
      await writeFile(file, current);
      // Not watched: nothing changes until the operator says so.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await postGraphQL(gateway.url, NAMES)).status).toBe(400);
      gateway.child.kill("SIGHUP");
      await gateway.waitForLog((line) => line.msg === "supergraph reloaded");
      const answer = await postGraphQL(gateway.url, NAMES);
      expect(answer.status).toBe(200);
      expect(answer.body.data.categories[0].name).toBeTruthy();
    } finally {
      gateway.child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("GET /ready, asked by the load balancer", () => {
  it("is ready with the supergraph loaded and Redis answering", async () => {
    const onRedis = await startGraph({}, { backend: "redis" });
    try {
      const response = await fetch(`${onRedis.gateway.origin}/ready`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.status).toBe("ready");
      expect(body.checks.supergraph.ok).toBe(true);
      expect(body.checks.redis.ok).toBe(true);
      expect(body.checks.redis.detail.pingMs).toBeGreaterThanOrEqual(0);
    } finally {
      await onRedis.close();
    }
  });

  it("is not ready when Redis does not answer, and says so without naming where Redis is", async () => {
    const dead = createRedis({ url: "redis://127.0.0.1:1", keyPrefix: "og:" });
    dead.on("error", () => {});
    const gateway = await createGateway(loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1" }), {
      auth: graph.auth,
      redis: dead,
      logger: createLogger({ level: "silent" }),
      supergraphSdl: await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"),
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])),
    }).listen(0, "127.0.0.1");
    try {
      const response = await fetch(`${gateway.origin}/ready`);
      expect(response.status).toBe(503);
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.checks.redis.ok).toBe(false);
      expect(body.checks.supergraph.ok).toBe(true);
      expect(text).not.toMatch(/127\.0\.0\.1|:1\b|ECONNREFUSED/);
    } finally {
      await gateway.close();
      dead.disconnect();
    }
  });

  it("fails as soon as the gateway starts stopping, while its last requests finish", async () => {
    const slow = await slowCatalog(800);
    const gateway = await createGateway(loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1" }), {
      auth: graph.auth,
      logger: createLogger({ level: "silent" }),
      supergraphSdl: await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"),
      subgraphUrls: { ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])), catalog: slow.url },
    }).listen(0, "127.0.0.1");
    try {
      // A load balancer's connection: a slow request, and its readiness probe right behind it on the same connection.
      const socket = connect(gateway.port, "127.0.0.1");
      let received = "";
      socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
      const ended = new Promise((resolve) => socket.once("close", resolve));
      const body = JSON.stringify({ query: "{ categories { id } }" });
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const closing = gateway.close({ graceMs: 5_000 });
      socket.write("GET /ready HTTP/1.1\r\nhost: gateway\r\n\r\n");
      await closing;
      await ended;
      const [graphql, ready] = received.split(/(?=HTTP\/1\.1 )/);
      expect(graphql).toMatch(/^HTTP\/1\.1 200/);
      expect(graphql).toContain('"categories"');
      expect(ready).toMatch(/^HTTP\/1\.1 503/);
      expect(ready).toMatch(/connection: close/i);
      expect(ready).toContain('"status":"stopping"');
    } finally {
      await gateway.close().catch(() => {});
      slow.server.close();
    }
  });
});

describe("the log a platform team ships", () => {
  it("has one line per request with its id, operation, client, duration and outcome, and never a credential", async () => {
    const customer = await graph.as("customer", "cust-001");
    const token = customer.authorization.replace("Bearer ", "");
    const answer = await graph.query(`query MyName { me { firstName email } }`, undefined, {
      ...customer,
      "apollographql-client-name": "mobile-app",
      "x-request-id": "req-ops-1",
    });
    expect(answer.status).toBe(200);
    const line = graph.logs.find((l) => l.requestId === "req-ops-1" && l.msg === "request");
    expect(line).toMatchObject({ level: "info", operationName: "MyName", client: "mobile-app", outcome: "ok", viewer: "customer" });
    expect(typeof line?.durationMs).toBe("number");
    const everything = JSON.stringify(graph.logs);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(answer.body.data.me.email);
  });
});
