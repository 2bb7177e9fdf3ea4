import type { Config } from "../lib/config.js";
import { MemoryEventBus, type EventBus } from "../lib/events.js";
import { RedisEventBus } from "../lib/events-redis.js";
import type { Logger } from "../lib/logger.js";
import { createRedis, type RedisClient } from "../lib/redis.js";

/** Redis when REDIS_URL or REDIS_CLUSTER_NODES is set, with its event bus; otherwise the in-memory default. */
export function openBackend(config: Config, logger: Logger): { redis: RedisClient | null; bus: EventBus; close(): Promise<void> } {
  if (!config.redisUrl && !config.redisClusterNodes) {
    const bus = new MemoryEventBus(logger);
    return { redis: null, bus, close: () => bus.close() };
  }
  const redis = createRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes, keyPrefix: config.redisKeyPrefix });
  const bus = new RedisEventBus(redis, { logger });
  return {
    redis,
    bus,
    close: async () => {
      await bus.close();
      await redis.quit();
    },
  };
}
