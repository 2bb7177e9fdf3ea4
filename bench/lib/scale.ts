import { seedRedis } from "../../lib/demo/seed-redis.js";
import { createRedis } from "../../lib/redis.js";
import { startRedisServer } from "../../lib/redis-server.js";
import { canPin } from "./proc.js";

/**
 * A redis-server of the bench's own on a free port (nothing persisted), seeded with the demo world at `scale`× its
 * size, for `npm run bench -- --scale N`. Stopped, with everything in it, at the end of the run.
 */
export async function startScaledRedis(
  scale: number,
  dir: string,
  core: number,
  progress: (line: string) => void,
): Promise<{ url: string; stop(): Promise<void> }> {
  // On the subgraphs' core: the gateway's core is the gateway's alone.
  const server = await startRedisServer({ dir, prefix: canPin ? ["taskset", "-c", String(core)] : [] });
  // The subgraphs' own key prefix (REDIS_KEY_PREFIX's default), so they find what is seeded here.
  const redis = createRedis({ url: server.url, keyPrefix: "og:" });
  try {
    progress(`seeding the demo world ×${scale} into ${server.url}...`);
    const started = Date.now();
    await seedRedis(redis, { scale });
    progress(
      `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; Redis uses ${/used_memory_human:(\S+)/.exec(await redis.info("memory"))?.[1]}`,
    );
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await redis.quit();
  }
  return server;
}
