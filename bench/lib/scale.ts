import { spawn } from "node:child_process";
import { seedRedis } from "../../lib/demo/seed-redis.js";
import { createRedis } from "../../lib/redis.js";
import { canPin, freePort } from "./proc.js";

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
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  // On the subgraphs' core: the gateway's core is the gateway's alone.
  const child = canPin ? spawn("taskset", ["-c", String(core), "redis-server", ...args], { stdio: "ignore" }) : spawn("redis-server", args, { stdio: "ignore" });
  let dead: Error | null = null;
  child.once("error", (error) => (dead = new Error(`--scale needs redis-server on the PATH: ${error.message}`)));
  child.once("exit", (code) => (dead ??= new Error(`redis-server exited (${code}): is it installed and on the PATH?`)));
  const stop = async () => {
    if (dead || child.exitCode !== null || child.pid === undefined) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  const url = `redis://127.0.0.1:${port}`;
  // The subgraphs' own key prefix (REDIS_KEY_PREFIX's default), so they find what is seeded here.
  const redis = createRedis({ url, keyPrefix: "og:" });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if (dead) throw dead;
        await redis.ping();
        break;
      } catch (error) {
        if (dead || attempt > 100) throw dead ?? error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    progress(`seeding the demo world ×${scale} into redis-server :${port}...`);
    const started = Date.now();
    await seedRedis(redis, { scale });
    progress(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; Redis uses ${/used_memory_human:(\S+)/.exec(await redis.info("memory"))?.[1]}`);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await redis.quit();
  }
  return { url, stop };
}
