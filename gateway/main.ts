import "reflect-metadata";
import cluster from "node:cluster";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig, processEnvironment } from "../lib/config.js";
import { onShutdown, parseArgs } from "../cli/args.js";
import { createLogger } from "../lib/logger.js";
import { RedisEventBus } from "../lib/events-redis.js";
import { createRedis } from "../lib/redis.js";
import { RedisKeyValueCache } from "../lib/redis-cache.js";
import { skipUnrecordedSpans } from "../lib/tracing.js";
import { runPrimary } from "./cluster.js";
import { installLeanResultShaping } from "./result-shaping.js";
import { createGateway } from "./server.js";

// The gateway's only entry point with side effects:
// `npm run start:gateway -- [--supergraph FILE] [--port N] [--host H] [--workers N]`.
const { flags } = parseArgs(process.argv.slice(2), ["supergraph", "port", "host", "workers"]);
const config = loadConfig({
  ...processEnvironment(),
  ...(flags.supergraph ? { SUPERGRAPH_PATH: flags.supergraph } : {}),
  ...(flags.port ? { PORT: flags.port } : {}),
  ...(flags.host ? { HOST: flags.host } : {}),
  ...(flags.workers ? { WORKERS: flags.workers } : {}),
});
// Lines are written in batches, off the request path, to LOG_FILE when set, and written out when the process exits.
const logger = createLogger({ level: config.logLevel, file: config.logFile });
const shared = Boolean(config.redisUrl || config.redisClusterNodes);

if (cluster.isPrimary && config.workers > 1) {
  // The primary serves nothing: it forks the workers, restarts those that die and relays signals and metrics.
  if (!shared) {
    logger.warn("no Redis configured: each worker keeps its own rate limits, persisted queries and response cache", {
      workers: config.workers,
    });
  }
  runPrimary({ workers: config.workers, graceMs: config.shutdownGraceMs, logger });
} else {
  // @apollo/gateway's OpenTelemetry spans cost nothing unless an SDK was registered before this file ran.
  skipUnrecordedSpans();
  // Answers shaped by our leaner computeResponse (gateway/result-shaping.ts): process-wide, so installed here.
  installLeanResultShaping();
  const auth = await resolveAuth(config);
  // The gateway keeps no data, only its cache and rate-limit counts: on Redis when configured, so every instance shares them.
  const redis = shared
    ? createRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes, keyPrefix: config.redisKeyPrefix })
    : null;
  // The subgraphs' stock events reach the response cache on Redis Streams; without Redis there is no bus between
  // processes, and a cached answer lives out its max-age.
  const bus = redis && config.responseCache ? new RedisEventBus(redis, { logger }) : undefined;
  const gateway = await createGateway(config, {
    logger,
    auth,
    redis,
    bus,
    cache: redis ? new RedisKeyValueCache(redis) : undefined,
  }).listen();
  // SIGHUP reads the supergraph file again (as a change to it does when SUPERGRAPH_WATCH is on).
  process.on("SIGHUP", () => void gateway.reloadSupergraph());
  onShutdown(
    async () => {
      // Readiness fails, the port closes, requests in flight get SHUTDOWN_GRACE_MS to finish.
      await gateway.close({ graceMs: config.shutdownGraceMs });
      await bus?.close();
      await redis?.quit();
    },
    (message) => logger.info(message),
    { timeoutMs: config.shutdownGraceMs + 5_000, secondSignalExits: !cluster.isWorker },
  );
}
