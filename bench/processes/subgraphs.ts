// type-graphql decorators read this when the subgraph modules load, so it must come before any other import.
import "reflect-metadata";
import "./count-requests.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { openBackend } from "../../cli/backend.js";
import { createLogger } from "../../lib/logger.js";
import type { RunningSubgraph } from "../../lib/subgraph.js";
import { serveFromEnv } from "../../subgraphs/registry.js";
import type { ResolvedAuth } from "../../lib/auth/secrets.js";
import { demoApiKeyRecords } from "../../lib/auth/api-keys.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { IDENTITY_HEADER, verifyIdentity } from "../../lib/auth/internal.js";

// The bench's four subgraphs in one process, on free loopback ports: in memory with the demo world, or on the Redis
// that REDIS_URL names (the bench seeds it for --scale). Logs are silent: the subgraphs are not what is measured.
// Tells the bench `{ type: "ready", urls }` once all four serve.
const config = loadConfig({ LOG_LEVEL: "silent", REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX });
const logger = createLogger({ level: "silent" });
const auth: ResolvedAuth = {
  jwtSecret: process.env.BENCH_JWT_SECRET!,
  jwksUrl: undefined,
  issuer: "omnigraph",
  audience: "omnigraph",
  serviceSecret: process.env.BENCH_SERVICE_SECRET!,
  apiKeys: demoApiKeyRecords(),
  generated: true,
};
const backend = openBackend(config, logger);
const running: RunningSubgraph[] = [];
for (const name of SUBGRAPH_NAMES) {
  const env = { config, auth, bus: backend.bus, logger, redis: backend.redis };
  running.push(await serveFromEnv(name, env, { port: 0, host: "127.0.0.1", introspection: false }));
}
const fronts = process.env.BENCH_SUBGRAPH_MEMO === "1" ? await Promise.all(running.map((subgraph) => memoFront(subgraph.url))) : [];
const urls = fronts.length > 0 ? fronts.map((front) => front.url) : running.map((subgraph) => subgraph.url);
process.send?.({ type: "ready", urls: Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, urls[i]])) });
process.once("SIGTERM", () => {
  for (const front of fronts) front.server.close();
  void Promise.allSettled(running.map((s) => s.close()))
    .then(() => backend.close())
    .finally(() => process.exit(0));
});

/**
 * BENCH_SUBGRAPH_MEMO=1: a memo in front of a subgraph, as the public federation benchmark's subgraphs have, so the
 * subgraphs stay far from being the bottleneck when gateways are compared. The first request for each body and
 * identity (viewer, channel, store) is answered by the real subgraph; the same request again gets that answer back.
 * Only complete answers without errors are kept. A request with a forged identity is never answered from the memo.
 */
async function memoFront(target: string): Promise<{ url: string; server: Server }> {
  const { origin, pathname } = new URL(target);
  const pool = new Pool(origin, { connections: 64, pipelining: 1 });
  const memo = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const identity = req.headers[IDENTITY_HEADER];
      let key: string | null = null;
      try {
        const info = verifyIdentity(auth.serviceSecret, typeof identity === "string" ? identity : null);
        key = `${JSON.stringify([info.viewer, info.channel, info.storeId])}\n${body}`;
      } catch {
        key = null;
      }
      const known = key === null ? undefined : memo.get(key);
      if (known !== undefined) {
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(known) });
        res.end(known);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name !== "host" && name !== "content-length"),
      ) as Record<string, string>;
      pool
        .request({ path: pathname, method: "POST", headers, body })
        .then(async (answer) => {
          const text = await answer.body.text();
          if (key !== null && answer.statusCode === 200 && !text.includes('"errors":') && memo.size < 2_000) memo.set(key, text);
          res.writeHead(answer.statusCode, { "content-type": String(answer.headers["content-type"] ?? "application/json") });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${pathname}`, server };
}
