import type { Redis } from "ioredis";
import type { RedisClient } from "../../lib/redis.js";

/**
 * Every key under `prefix`, by SCAN (never KEYS) on an unprefixed connection of its own, so a test sees exactly the
 * keys its store wrote and nothing of anyone else's.
 */
export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  const raw = (client as Redis).duplicate({ keyPrefix: "" });
  const keys: string[] = [];
  try {
    let cursor = "0";
    do {
      const [next, batch] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await raw.quit();
  }
  return keys;
}
