import { Cluster, Redis } from "ioredis";

/** One client type for a single Redis and a Redis Cluster: stores use only commands both support. */
export type RedisClient = Redis | Cluster;

export interface RedisOptions {
  /** redis://host:port/db for a single server. */
  url?: string;
  /** host:port of cluster nodes; when given, a Cluster client is made instead. */
  clusterNodes?: string[];
  /** Prefix of every key, so several deployments or tests can share one Redis without touching each other's keys. */
  keyPrefix?: string;
}

/**
 * The only place a Redis client is made. Stores build their keys with hash tags ({...}) so that every key one Lua
 * script or MULTI touches lands in one cluster slot.
 */
export function createRedis(options: RedisOptions): RedisClient {
  const common = { keyPrefix: options.keyPrefix ?? "og:", lazyConnect: false, maxRetriesPerRequest: 3, enableAutoPipelining: true };
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    return new Cluster(
      options.clusterNodes.map((node) => {
        const [host, port] = node.split(":");
        return { host, port: Number(port) };
      }),
      { redisOptions: common, keyPrefix: common.keyPrefix, enableAutoPipelining: true },
    );
  }
  if (!options.url) throw new Error("createRedis needs a url or cluster nodes");
  return new Redis(options.url, common);
}
