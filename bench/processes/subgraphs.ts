// type-graphql decorators read this when the subgraph modules load, so it must come before any other import.
import "reflect-metadata";
import "./count-requests.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { openBackend } from "../../lib/cli/backend.js";
import { createLogger } from "../../lib/logger.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { SUBGRAPHS } from "../../subgraphs/registry.js";
import type { ResolvedAuth } from "../../lib/auth/secrets.js";
import { demoApiKeyRecords } from "../../lib/auth/api-keys.js";

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
  running.push(
    await serveSubgraph(await SUBGRAPHS[name]({ config, auth, bus: backend.bus, logger, redis: backend.redis }), {
      serviceSecret: auth.serviceSecret,
      port: 0,
      host: "127.0.0.1",
      logger,
      maxBodyBytes: config.maxBodyBytes,
      introspection: false,
    }),
  );
}
process.send?.({ type: "ready", urls: Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, running[i].url])) });
process.once("SIGTERM", () => {
  void Promise.allSettled(running.map((s) => s.close()))
    .then(() => backend.close())
    .finally(() => process.exit(0));
});
