import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createRedis } from "../../lib/redis.js";

// The suite's own Redis: started by test/helpers/redis-server.ts, shared by files through their own key prefixes.
const redis = createRedis({ url: inject("redisUrl"), keyPrefix: `test:${randomUUID()}:` });
afterAll(() => redis.quit());

describe("the test Redis", () => {
  it("is reachable and keeps each test's keys under its own prefix", async () => {
    await redis.set("greeting", "hello");
    expect(await redis.get("greeting")).toBe("hello");
    const other = createRedis({ url: inject("redisUrl"), keyPrefix: `test:${randomUUID()}:` });
    expect(await other.get("greeting")).toBeNull();
    await other.quit();
  });
});
