import type { RedisClient } from "../../lib/redis.js";
import { EVICTION_MEMORY_MS, type Lookup, type ResponseStore } from "./response-store.js";

/**
 * Every key carries one hash tag, so a script that stores an answer with its tags, or evicts a tag's answers, touches
 * one cluster slot. The trade-off, as for inventory: the cache lives on one shard of a Redis Cluster.
 */
const TAG = "{response-cache}";
const keys = {
  entry: (key: string) => `${TAG}:entry:${key}`,
  /**
   * Set of the entry keys (prefixed, as scripts see them) holding an entity; lives as long as its longest entry, and
   * sheds the keys of expired entries as it is stored to (STORE).
   */
  tag: (tag: string) => `${TAG}:tag:${tag}`,
  /** The eviction count the tag was last evicted at, for EVICTION_MEMORY_MS. */
  evicted: (tag: string) => `${TAG}:evicted:${tag}`,
  /** Evictions made so far, by every instance: a count rather than a time, so no two clocks are compared. */
  evictions: `${TAG}:evictions`,
};

/**
 * KEYS: the entry, then n tag sets, then their n eviction marks. ARGV: value, ttl ms, the eviction count seen when
 * the answer was begun, n. Refuses (0) when a tag was evicted since; otherwise stores the answer and adds it to
 * every tag's set. A tag's set lives as long as its longest entry, so a tag that keeps being stored and is rarely
 * evicted (subgraph:catalog, evicted only by a product save) would keep every entry that ever expired in it: each
 * store also looks at two members of each set and drops those whose entry is gone, which holds a set near twice its
 * live entries (it shrinks while more than half of it is gone).
 */
const STORE = `
local n = tonumber(ARGV[4])
local seen = tonumber(ARGV[3])
for i = 1, n do
  local count = redis.call('GET', KEYS[n + 1 + i])
  if count and tonumber(count) > seen then return 0 end
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, n + 1 do
  for _, member in ipairs(redis.call('SRANDMEMBER', KEYS[i], 2)) do
    if redis.call('EXISTS', member) == 0 then redis.call('SREM', KEYS[i], member) end
  end
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`;

/**
 * KEYS: the eviction count, then pairs of a tag set and its eviction mark. ARGV: how long a mark is kept. Counts the
 * eviction, deletes every entry of every tag and the tags' sets, marks the tags with the new count, and answers how
 * many entries existed.
 */
const EVICT = `
local count = redis.call('INCR', KEYS[1])
local evicted = 0
for i = 2, #KEYS, 2 do
  local entries = redis.call('SMEMBERS', KEYS[i])
  for _, entry in ipairs(entries) do evicted = evicted + redis.call('DEL', entry) end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + 1], count, 'PX', ARGV[1])
end
return evicted
`;

type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Answers on Redis, shared by every gateway instance: one instance stores, any serves, and one eviction (by whichever
 * instance of the consumer group handles the event) clears it for all. Storing and evicting are each one script, so
 * an answer is never left behind by an eviction that ran while it was stored.
 */
export class RedisResponseStore implements ResponseStore {
  private readonly store: ScriptCommand;
  private readonly evictScript: ScriptCommand;

  constructor(private readonly redis: RedisClient) {
    // ioredis sends EVALSHA, falls back to EVAL once per connection, and applies the client's key prefix to KEYS.
    redis.defineCommand("responseCacheStore", { lua: STORE });
    redis.defineCommand("responseCacheEvict", { lua: EVICT });
    const commands = redis as unknown as Record<"responseCacheStore" | "responseCacheEvict", ScriptCommand>;
    this.store = commands.responseCacheStore.bind(redis);
    this.evictScript = commands.responseCacheEvict.bind(redis);
  }

  async get(key: string): Promise<Lookup> {
    this.ready();
    // One round trip for both: the count read with the look-up is what a later store is checked against.
    const [value, evictions] = await this.redis.mget(keys.entry(key), keys.evictions);
    return { value: value ?? undefined, evictions: evictions === null ? 0 : Number(evictions) };
  }

  async set(key: string, value: string, ttlMs: number, tags: readonly string[], evictionsSeen: number): Promise<boolean> {
    this.ready();
    const stored = await this.store(
      1 + tags.length * 2,
      keys.entry(key),
      ...tags.map(keys.tag),
      ...tags.map(keys.evicted),
      value,
      Math.max(1, Math.round(ttlMs)),
      evictionsSeen,
      tags.length,
    );
    return stored === 1;
  }

  async evict(tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return 0;
    this.ready();
    return (await this.evictScript(
      1 + tags.length * 2,
      keys.evictions,
      ...tags.flatMap((tag) => [keys.tag(tag), keys.evicted(tag)]),
      EVICTION_MEMORY_MS,
    )) as number;
  }

  /**
   * While Redis is away a request is answered without the cache at once, rather than queued behind ioredis's
   * reconnects; an eviction fails, and the bus retries it.
   */
  private ready(): void {
    if (this.redis.status !== "ready") throw new Error(`Redis is ${this.redis.status}`);
  }
}
