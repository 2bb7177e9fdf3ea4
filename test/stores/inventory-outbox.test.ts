import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { MemoryEventBus, type DomainEvent, type EventBus } from "../../lib/events.js";
import { createLogger } from "../../lib/logger.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { ephemeralAuth } from "../../lib/auth/secrets.js";
import { IDENTITY_HEADER, signIdentity } from "../../lib/auth/internal.js";
import { loadConfig } from "../../lib/config.js";
import { createSubgraph } from "../../subgraphs/inventory/index.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import type { InventoryStore } from "../../subgraphs/inventory/store/index.js";
import { MemoryInventoryStore } from "../../subgraphs/inventory/store/memory.js";
import { createRedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { postGraphQL } from "../helpers/graph.js";

/**
 * STOCK_CHANGED goes through the inventory store's outbox: recorded in the same step as the change it describes, so
 * a crash between the change and the publish loses nothing, and a write that changed nothing records nothing.
 */

const clients: RedisClient[] = [];
const running: RunningSubgraph[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((subgraph) => subgraph.close()));
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit()));
});

const seed = inventorySeed();
const carried = seed.stock.find((s) => s.locationId === "dc-01" && s.onHand - s.reserved - s.safetyStock >= 20)!;
const store01 = seed.stock.find((s) => s.locationId === "store-01")!;

async function redisStore(prefix = `test:${randomUUID()}:`): Promise<InventoryStore> {
  const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  clients.push(redis);
  const store = await createRedisInventoryStore(redis);
  await store.seedIfEmpty(inventorySeed());
  return store;
}

const stores: { name: string; open: () => Promise<InventoryStore> }[] = [
  { name: "memory", open: async () => new MemoryInventoryStore(inventorySeed()) },
  { name: "redis", open: () => redisStore() },
];

const plan = (sku: string, quantity: number) => () => ({ holds: [{ lineKey: "l1", locationId: "dc-01", sku, quantity }], shortfalls: [] });

describe.each(stores)("the $name inventory store records STOCK_CHANGED with each change", ({ open }) => {
  it("one event per write that moved counts, naming what moved and why, with the request's channel", async () => {
    const store = await open();
    await store.adjustStock({
      locationId: store01.locationId,
      sku: store01.sku,
      delta: 4,
      reason: "RECEIPT",
      safetyStockIfNew: 1,
      by: "test",
      channel: SalesChannel.STORE,
    });
    const held = await store.reserve({
      key: "k1",
      skus: [carried.sku],
      plan: plan(carried.sku, 2),
      ttlSeconds: 60,
      ignoreSafetyStock: false,
      channel: SalesChannel.WEB,
    });
    await store.commitReservation(held.id!, SalesChannel.WEB);
    const other = await store.reserve({
      key: "k2",
      skus: [carried.sku],
      plan: plan(carried.sku, 1),
      ttlSeconds: 60,
      ignoreSafetyStock: false,
    });
    await store.releaseReservation(other.id!);
    await store.restock({
      key: "r1",
      locationId: "dc-01",
      lines: [
        { sku: carried.sku, quantity: 1 },
        { sku: carried.sku, quantity: 2 },
      ],
      safetyStockIfNew: 5,
      by: "test",
    });

    const events = await store.outbox.pending(100);
    expect(
      events.map((e) => [e.type, e.channel, (e.payload as { reason: string }).reason, (e.payload as { levels: unknown[] }).levels]),
    ).toEqual([
      ["STOCK_CHANGED", "STORE", "ADJUSTED", [{ sku: store01.sku, locationId: store01.locationId }]],
      ["STOCK_CHANGED", "WEB", "RESERVED", [{ sku: carried.sku, locationId: "dc-01" }]],
      ["STOCK_CHANGED", "WEB", "COMMITTED", [{ sku: carried.sku, locationId: "dc-01" }]],
      ["STOCK_CHANGED", null, "RESERVED", [{ sku: carried.sku, locationId: "dc-01" }]],
      ["STOCK_CHANGED", null, "RELEASED", [{ sku: carried.sku, locationId: "dc-01" }]],
      // Two lines of one SKU name its level once.
      ["STOCK_CHANGED", null, "RESTOCKED", [{ sku: carried.sku, locationId: "dc-01" }]],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events) expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
  });

  it("nothing for a write that changed nothing: a repeat, a refusal, a settled reservation", async () => {
    const store = await open();
    const adjustment = {
      locationId: store01.locationId,
      sku: store01.sku,
      delta: 1,
      reason: "COUNT" as const,
      safetyStockIfNew: 1,
      by: "test",
      key: "once",
    };
    await store.adjustStock(adjustment);
    const held = await store.reserve({
      key: "k1",
      skus: [carried.sku],
      plan: plan(carried.sku, 1),
      ttlSeconds: 60,
      ignoreSafetyStock: false,
    });
    await store.commitReservation(held.id!);
    await store.restock({ key: "r1", locationId: "dc-01", lines: [{ sku: carried.sku, quantity: 1 }], safetyStockIfNew: 5, by: "test" });
    const before = (await store.outbox.pending(100)).length;

    await store.adjustStock(adjustment);
    await store.adjustStock({ ...adjustment, key: "too-many", delta: -1_000_000 });
    await store.reserve({ key: "k1", skus: [carried.sku], plan: plan(carried.sku, 1), ttlSeconds: 60, ignoreSafetyStock: false });
    await store.commitReservation(held.id!);
    await store.releaseReservation(held.id!);
    await store.restock({ key: "r1", locationId: "dc-01", lines: [{ sku: carried.sku, quantity: 1 }], safetyStockIfNew: 5, by: "test" });
    expect((await store.outbox.pending(100)).length).toBe(before);
  });
});

/** A bus that can be taken away, over a real in-process bus the test subscribes to. */
class UnreliableBus implements EventBus {
  down = false;
  readonly inner = new MemoryEventBus();
  async publish(event: DomainEvent) {
    if (this.down) throw new Error("bus unreachable");
    return this.inner.publish(event);
  }
  subscribe(group: string, handler: (event: DomainEvent) => Promise<void>) {
    return this.inner.subscribe(group, handler);
  }
  ready() {
    return this.inner.ready();
  }
  drain() {
    return this.inner.drain();
  }
  close() {
    return this.inner.close();
  }
}

async function serveInventory(store: InventoryStore, bus: EventBus) {
  const auth = ephemeralAuth();
  const config = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1" });
  const subgraph = await serveSubgraph(
    await createSubgraph({ store, bus, logger: createLogger({ level: "silent" }), outboxIntervalMs: 50 }),
    {
      serviceSecret: auth.serviceSecret,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "silent" }),
      maxBodyBytes: config.maxBodyBytes,
      limits: config,
      work: config,
      introspection: true,
    },
  );
  running.push(subgraph);
  const service = {
    [IDENTITY_HEADER]: signIdentity(auth.serviceSecret, {
      requestId: "test",
      viewer: { kind: "service", id: "order" },
      channel: SalesChannel.STORE,
      storeId: null,
      client: { name: null, version: null },
    }),
  };
  const adjust = (delta: number) =>
    postGraphQL(
      subgraph.url,
      `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { onHand } userErrors { code } } }`,
      { input: { locationId: store01.locationId, sku: store01.sku, delta, reason: "RECEIPT" } },
      service,
    );
  return { subgraph, adjust };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the inventory subgraph publishes what its store recorded", () => {
  it("before it answers an adjustment, so the caller's next read finds stale answers already evicted", async () => {
    const bus = new UnreliableBus();
    const seen: DomainEvent[] = [];
    bus.subscribe("test", async (event) => void seen.push(event));
    const { adjust } = await serveInventory(new MemoryInventoryStore(inventorySeed()), bus);
    const answer = await adjust(2);
    expect(answer.body.data.adjustStock.userErrors).toEqual([]);
    await bus.drain();
    expect(seen.map((e) => e.type)).toEqual(["STOCK_CHANGED"]);
  });

  it("while the bus is down the adjustment still answers, and its event goes out once the bus is back", async () => {
    const bus = new UnreliableBus();
    const seen: DomainEvent[] = [];
    bus.subscribe("test", async (event) => void seen.push(event));
    const store = await redisStore();
    const { adjust } = await serveInventory(store, bus);
    bus.down = true;
    const answer = await adjust(3);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.adjustStock.userErrors).toEqual([]);
    expect(await store.outbox.pending(10)).toHaveLength(1);
    bus.down = false;
    await eventually(() => seen.length === 1, "the event was published");
    expect(seen[0]).toMatchObject({
      type: "STOCK_CHANGED",
      payload: { reason: "ADJUSTED", levels: [{ sku: store01.sku, locationId: store01.locationId }] },
    });
    expect(await store.outbox.pending(10)).toEqual([]);
  });

  it("a change whose process died before publishing is published by the next instance on the same Redis", async () => {
    const prefix = `test:${randomUUID()}:`;
    const crashed = await redisStore(prefix);
    // The process changed stock and died before its relay ran: the event is only in the outbox.
    await crashed.adjustStock({
      locationId: store01.locationId,
      sku: store01.sku,
      delta: 5,
      reason: "RECEIPT",
      safetyStockIfNew: 1,
      by: "test",
    });
    const bus = new UnreliableBus();
    const seen: DomainEvent[] = [];
    bus.subscribe("test", async (event) => void seen.push(event));
    await serveInventory(await redisStore(prefix), bus);
    await eventually(() => seen.length === 1, "the next instance published it");
    expect(seen[0]).toMatchObject({ type: "STOCK_CHANGED", payload: { reason: "ADJUSTED" } });
  });
});
