import type { RedisClient } from "./redis.js";

/** Apollo's KeyValueCache, structurally: what ApolloServer's `cache` option takes. */
export interface KeyValueCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * The gateway's cache on Redis (automatic persisted queries, and anything else Apollo caches), shared by every
 * gateway instance, on the same ioredis client as the rest of Omnigraph rather than a second Redis library.
 */
export class RedisKeyValueCache implements KeyValueCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly namespace = "{gateway}:cache:",
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.namespace + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    // Apollo's ttl is in seconds; none means keep until evicted.
    if (options?.ttl) await this.redis.set(this.namespace + key, value, "PX", Math.round(options.ttl * 1000));
    else await this.redis.set(this.namespace + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.namespace + key)) > 0;
  }
}
