import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisResponseStore } from "../../gateway/cache/redis-response-store.js";
import { createRedis } from "../../lib/redis.js";

// The response cache's Redis store on its own: what its tag sets hold over time.

const prefix = `test:${randomUUID()}:`;
const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
afterAll(() => redis.quit());

describe("the Redis response store", () => {
  it("keeps a tag that is stored to all the time and never evicted near its live entries, not every entry it ever had", async () => {
    const store = new RedisResponseStore(redis);
    await redis.ping();
    const tag = "subgraph:catalog";
    // Twenty waves of 100 answers living 150 ms, 50 ms apart: the set never goes quiet long enough to expire, while
    // each wave's answers are gone a few waves later. 2 000 answers stored, a few hundred alive at any time.
    const tagSet = `{response-cache}:tag:${tag}`;
    for (let wave = 0; wave < 20; wave++) {
      for (let i = 0; i < 100; i++) expect(await store.set(`w${wave}-${i}`, "{}", 150, [tag], 0)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await redis.exists(tagSet)).toBe(1);
    }
    expect(await redis.scard(tagSet)).toBeLessThan(1_000);
    // And an eviction still finds what is alive (once the last wave is gone too).
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 5; i++) await store.set(`alive-${i}`, "{}", 60_000, [tag], 0);
    expect(await store.evict([tag])).toBe(5);
    expect((await store.get("alive-0")).value).toBeUndefined();
  });
});
