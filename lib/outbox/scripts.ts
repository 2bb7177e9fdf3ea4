import { defineScripts, lua, type Scripts } from "../redis-scripts.js";
import type { RedisClient } from "../redis.js";

/** The outbox's scripts: each a one-key step that must not interleave with another relay's (see each .lua file). */
const SPECS = {
  outboxRemove: { lua: lua(new URL("./lua/remove.lua", import.meta.url)), keys: 1 },
  outboxLeaseTake: { lua: lua(new URL("./lua/lease-take.lua", import.meta.url)), keys: 1 },
  outboxLeaseGiveUp: { lua: lua(new URL("./lua/lease-give-up.lua", import.meta.url)), keys: 1 },
};

export type OutboxScripts = Scripts<typeof SPECS>;

/** The outbox's scripts defined on `redis` (key names without the client's prefix, which ioredis applies). */
export function outboxScripts(redis: RedisClient): OutboxScripts {
  return defineScripts(redis, SPECS);
}
