import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { createRedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { startRedisCluster, type TestCluster } from "../helpers/redis-cluster.js";
import { inventoryStoreContract } from "./inventory-contract/index.js";

let cluster: TestCluster;
let redis: RedisClient;
let clusterStarted: Promise<TestCluster>;
beforeAll(async () => {
  clusterStarted = startRedisCluster();
  cluster = await clusterStarted;
  redis = createRedis({ clusterNodes: cluster.nodes, keyPrefix: `test:${randomUUID()}:` });
}, 60_000);
afterAll(async () => {
  await redis?.quit();
  await cluster?.stop();
});

describe("a real 3-master Redis Cluster", () => {
  it("runs multi-key scripts when the keys share a hash tag, as every store's keys do", async () => {
    const result = await redis.eval(
      "redis.call('SET', KEYS[1], ARGV[1]); redis.call('INCRBY', KEYS[2], 5); return redis.call('GET', KEYS[2])",
      2,
      "{inventory}:a",
      "{inventory}:b",
      "x",
    );
    expect(result).toBe("5");
    expect(await redis.mget("{inventory}:a", "{inventory}:b")).toEqual(["x", "5"]);
  });

  it("spreads the subgraphs' hash tags over the masters", async () => {
    const slots = await Promise.all(
      ["{catalog}", "{inventory}", "{customer}", "{order}", "{events}"].map((tag) => (redis as any).cluster("KEYSLOT", tag)),
    );
    expect(new Set(slots).size).toBe(5);
  });
});

// The reservation scripts, and every other inventory write, on the cluster: the same contract the single Redis and
// the memory store pass, with several clients acting as several inventory instances.
inventoryStoreContract("Redis Cluster", async ({ seed, now, instances }) => {
  const { nodes } = await clusterStarted;
  const prefix = `test:${randomUUID()}:`;
  const clients = Array.from({ length: instances }, () => createRedis({ clusterNodes: nodes, keyPrefix: prefix }));
  const stores = await Promise.all(clients.map((client) => createRedisInventoryStore(client, { now })));
  await stores[0].seedIfEmpty(seed);
  return { stores, close: async () => void (await Promise.all(clients.map((client) => client.quit()))) };
});
