import "reflect-metadata";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig } from "../lib/config.js";
import { onShutdown, parseArgs } from "../lib/cli/args.js";
import { createLogger } from "../lib/logger.js";
import { createRedis } from "../lib/redis.js";
import { RedisKeyValueCache } from "../lib/redis-cache.js";
import { skipUnrecordedSpans } from "../lib/tracing.js";
import { installLeanResultShaping } from "./result-shaping.js";
import { createGateway } from "./server.js";

// The gateway's only entry point with side effects: `npm run start:gateway -- [--supergraph FILE] [--port N]`.
const { flags } = parseArgs(process.argv.slice(2), ["supergraph", "port", "host"]);
const config = loadConfig({
  ...process.env,
  ...(flags.supergraph ? { SUPERGRAPH_PATH: flags.supergraph } : {}),
  ...(flags.port ? { PORT: flags.port } : {}),
  ...(flags.host ? { HOST: flags.host } : {}),
});
// @apollo/gateway's OpenTelemetry spans cost nothing unless an SDK was registered before this file ran.
skipUnrecordedSpans();
// Answers shaped by our leaner computeResponse (gateway/result-shaping.ts): process-wide, so installed here.
installLeanResultShaping();
// Lines are buffered and written in batches, to LOG_FILE when set, and written out when the process exits.
const logger = createLogger({ level: config.logLevel, file: config.logFile });
const auth = await resolveAuth(config);
// The gateway keeps no data, only its cache and rate-limit counts: on Redis when configured, so every instance shares them.
const redis =
  config.redisUrl || config.redisClusterNodes
    ? createRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes, keyPrefix: config.redisKeyPrefix })
    : null;
const gateway = await createGateway(config, { logger, auth, redis, cache: redis ? new RedisKeyValueCache(redis) : undefined }).listen();
onShutdown(
  async () => {
    await gateway.close();
    await redis?.quit();
  },
  (message) => logger.info(message),
);
