import { randomUUID } from "node:crypto";
import type { Command, Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import type { InventoryStore, Planner } from "../../subgraphs/inventory/store/index.js";
import { MemoryInventoryStore } from "../../subgraphs/inventory/store/memory.js";
import { createRedisInventoryStore, inventoryKeys, type RedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { inventoryStoreContract } from "./inventory-contract/index.js";
import { keysUnder } from "../helpers/redis-keys.js";

// The suite's own Redis (test/helpers/redis-server.ts); every store here works under a key prefix of its own.
const url = inject("redisUrl");

inventoryStoreContract("memory", async ({ seed, now, instances }) => {
  // One process holds one store: every "instance" is the same object.
  const store = new MemoryInventoryStore(seed, { now });
  return { stores: Array.from({ length: instances }, () => store), close: async () => undefined };
});

inventoryStoreContract("Redis", async ({ seed, now, instances }) => {
  // Several clients on one prefix: several subgraph processes sharing one Redis.
  const prefix = `test:${randomUUID()}:`;
  const clients = Array.from({ length: instances }, () => createRedis({ url, keyPrefix: prefix }));
  const stores = await Promise.all(clients.map((client) => createRedisInventoryStore(client, { now })));
  await stores[0].seedIfEmpty(seed);
  return { stores, close: async () => void (await Promise.all(clients.map((client) => client.quit()))) };
});

describe("the Redis inventory store", () => {
  const clients: RedisClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.quit()));
  });

  function client(prefix: string): Redis {
    const made = createRedis({ url, keyPrefix: prefix });
    clients.push(made);
    return made as Redis;
  }

  /** Names of the commands the client sends from now on: one entry per command, pipelined or not. */
  function recordCommands(redis: Redis): string[] {
    const sent: string[] = [];
    const original = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: Command, ...rest: unknown[]) => {
      sent.push(command.name);
      return (original as (command: Command, ...rest: unknown[]) => unknown)(command, ...rest);
    }) as typeof redis.sendCommand;
    return sent;
  }

  async function demoStores(): Promise<{ memory: MemoryInventoryStore; redis: RedisInventoryStore; prefix: string }> {
    const prefix = `test:${randomUUID()}:`;
    const redis = await createRedisInventoryStore(client(prefix));
    const started = Date.now();
    expect(await redis.seedIfEmpty(inventorySeed())).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    return { memory: new MemoryInventoryStore(inventorySeed()), redis, prefix };
  }

  it("answers a DataLoader batch of 100 keys with one command", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisInventoryStore(redis);
    await store.seedIfEmpty(inventorySeed());
    const world = inventorySeed();
    const keys = world.stock.slice(0, 100).map(({ locationId, sku }) => ({ locationId, sku }));
    const skus = [...new Set(world.stock.map((s) => s.sku))].slice(0, 100);
    const ids = Array.from({ length: 100 }, (_, i) => world.locations[i % world.locations.length].id);
    // The first script call on a connection sends the script's text; every later one its hash. Either is one command.
    await store.stockLevels(keys.slice(0, 1));
    await store.stockForSkus(skus.slice(0, 1));

    const sent = recordCommands(redis);
    const levels = await store.stockLevels(keys);
    expect(sent).toHaveLength(1);
    expect(levels.every((level) => level !== null)).toBe(true);

    sent.length = 0;
    const bySku = await store.stockForSkus(skus);
    expect(sent).toHaveLength(1);
    expect(bySku).toHaveLength(100);

    sent.length = 0;
    const locations = await store.locationsById(ids);
    expect(sent).toEqual(["mget"]);
    expect(locations.every((location) => location !== null)).toBe(true);
  });

  it("seeds the demo world in seconds and answers exactly as the memory store does", async () => {
    const { memory, redis } = await demoStores();
    expect(await redis.allLocations()).toEqual(await memory.allLocations());
    const skus = [...new Set(inventorySeed().stock.map((s) => s.sku))];
    expect(await redis.stockForSkus(skus)).toEqual(await memory.stockForSkus(skus));
    const keys = inventorySeed().locations.flatMap((location) => skus.slice(0, 20).map((sku) => ({ locationId: location.id, sku })));
    expect(await redis.stockLevels(keys)).toEqual(await memory.stockLevels(keys));
  });

  it("never seeds twice: a Redis holding data is not overwritten, and of racing instances one seeds", async () => {
    const prefix = `test:${randomUUID()}:`;
    const stores = await Promise.all([client(prefix), client(prefix), client(prefix)].map((redis) => createRedisInventoryStore(redis)));
    const seeded = await Promise.all(stores.map((store) => store.seedIfEmpty(inventorySeed())));
    expect(seeded.filter(Boolean)).toHaveLength(1);

    const { locationId, sku, onHand } = inventorySeed().stock[0];
    await stores[1].adjustStock({ locationId, sku, delta: 7, reason: "RECEIPT", safetyStockIfNew: 1, by: "assoc-1" });
    const restarted = await createRedisInventoryStore(client(prefix));
    expect(await restarted.seedIfEmpty(inventorySeed())).toBe(false);
    expect((await restarted.stockLevels([{ locationId, sku }]))[0]?.onHand).toBe(onHand + 7);
  });

  it("keeps every key under the {inventory} hash tag, and settled reservations only for the retention period", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisInventoryStore(redis, { retentionSeconds: 3_600 });
    await store.seedIfEmpty(inventorySeed());
    const { locationId, sku } = inventorySeed().stock.find((s) => s.onHand - s.reserved - s.safetyStock >= 2)!;
    const plan: Planner = () => ({ holds: [{ lineKey: "l1", locationId, sku, quantity: 1 }], shortfalls: [] });
    const held = await store.reserve({ key: "held", skus: [sku], plan, ttlSeconds: 900, ignoreSafetyStock: false });
    const settled = await store.reserve({ key: "settled", skus: [sku], plan, ttlSeconds: 900, ignoreSafetyStock: false });
    await store.commitReservation(settled.id!);
    await store.restock({ key: "r1", locationId, lines: [{ sku, quantity: 1 }], safetyStockIfNew: 1, by: "order" });

    expect(await redis.pttl(inventoryKeys.reservation(held.id!))).toBe(-1);
    expect(await redis.pttl(inventoryKeys.reservationKey("held"))).toBe(-1);
    expect(await redis.zscore(inventoryKeys.expiry, held.id!)).toBe(String(Date.parse(held.expiresAt!)));
    for (const key of [inventoryKeys.reservation(settled.id!), inventoryKeys.reservationKey("settled"), inventoryKeys.restockKey("r1")]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    }
    expect(await redis.zscore(inventoryKeys.expiry, settled.id!)).toBeNull();
    expect(await redis.xlen(inventoryKeys.movements)).toBe(2);

    const found = await keysUnder(redis, prefix);
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((key) => !key.startsWith(`${prefix}{inventory}:`))).toEqual([]);
  });

  describe("reserve under contention", () => {
    /** Two stores on one connection: commands reach Redis in the order they are issued. */
    async function sharedConnection(): Promise<{ store: InventoryStore; rival: InventoryStore }> {
      const redis = client(`test:${randomUUID()}:`);
      const store = await createRedisInventoryStore(redis, { maxReserveAttempts: 3 });
      await store.seedIfEmpty({
        locations: inventorySeed().locations,
        stock: [
          { locationId: "store-01", sku: "CONTENDED", onHand: 6, reserved: 0, safetyStock: 1, updatedAt: "2030-01-01T00:00:00.000Z" },
        ],
      });
      return { store, rival: await createRedisInventoryStore(redis) };
    }
    const take = (rival: InventoryStore, units: number) =>
      void rival.adjustStock({
        locationId: "store-01",
        sku: "CONTENDED",
        delta: -units,
        reason: "DAMAGE",
        safetyStockIfNew: 1,
        by: "rival",
      });

    it("re-plans from fresh counts when a rival takes the planned units between the read and the hold", async () => {
      const { store, rival } = await sharedConnection();
      const seen: number[] = [];
      const plan: Planner = (available) => {
        const here = available("store-01", "CONTENDED");
        seen.push(here);
        // The rival's removal is issued while this plan is made, so it lands before the hold.
        if (seen.length === 1) take(rival, 3);
        return here >= 3
          ? { holds: [{ lineKey: "l1", locationId: "store-01", sku: "CONTENDED", quantity: 3 }], shortfalls: [] }
          : { holds: [], shortfalls: [{ lineKey: "l1", sku: "CONTENDED", requested: 3, available: here, alternatives: [] }] };
      };
      const result = await store.reserve({ key: "k1", skus: ["CONTENDED"], plan, ttlSeconds: 900, ignoreSafetyStock: false });
      expect(seen).toEqual([5, 2]);
      expect(result.status).toBe("REFUSED");
      expect((await store.stockLevels([{ locationId: "store-01", sku: "CONTENDED" }]))[0]).toMatchObject({ onHand: 3, reserved: 0 });
    });

    it("holds without re-planning when the hold still fits after a rival's change", async () => {
      const { store, rival } = await sharedConnection();
      let calls = 0;
      const plan: Planner = () => {
        if (++calls === 1) take(rival, 2);
        return { holds: [{ lineKey: "l1", locationId: "store-01", sku: "CONTENDED", quantity: 3 }], shortfalls: [] };
      };
      const result = await store.reserve({ key: "k1", skus: ["CONTENDED"], plan, ttlSeconds: 900, ignoreSafetyStock: false });
      expect(calls).toBe(1);
      expect(result.status).toBe("HELD");
      expect((await store.stockLevels([{ locationId: "store-01", sku: "CONTENDED" }]))[0]).toMatchObject({ onHand: 4, reserved: 3 });
    });

    it("gives up after its bounded attempts, holding nothing, when every plan is overtaken", async () => {
      const { store, rival } = await sharedConnection();
      let calls = 0;
      const plan: Planner = (available) => {
        calls++;
        const here = available("store-01", "CONTENDED");
        take(rival, 1);
        return { holds: [{ lineKey: "l1", locationId: "store-01", sku: "CONTENDED", quantity: here }], shortfalls: [] };
      };
      await expect(store.reserve({ key: "k1", skus: ["CONTENDED"], plan, ttlSeconds: 900, ignoreSafetyStock: false })).rejects.toThrow(
        /after 3 attempts/,
      );
      expect(calls).toBe(3);
      expect((await store.stockLevels([{ locationId: "store-01", sku: "CONTENDED" }]))[0]).toMatchObject({ onHand: 3, reserved: 0 });
    });
  });
});
