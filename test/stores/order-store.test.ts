import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { orderSeed, type OrderSeed } from "../../subgraphs/order/seed.js";
import type { FulfillmentStatusName, OrderStore } from "../../subgraphs/order/store/index.js";
import { OPEN_PICKUP_STATUSES } from "../../subgraphs/order/store/index.js";
import { MemoryOrderStore } from "../../subgraphs/order/store/memory.js";
import { createRedisOrderStore, orderKeys } from "../../subgraphs/order/store/redis.js";
import { startRedisCluster, type TestCluster } from "../helpers/redis-cluster.js";
import { orderStoreContract, orderStoreGuestContract, orderStoreWorkContract } from "./order-contract/index.js";
import { keysUnder } from "../helpers/redis-keys.js";

// The same stories against the embedded default, a single Redis and a real Redis Cluster; then what only Redis has
// to prove: one command per batch, the demo world read back exactly as the memory store serves it, seeding once,
// every key under one hash tag.

const clients: RedisClient[] = [];
let cluster: Promise<TestCluster> | undefined;
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit()));
  await (await cluster)?.stop();
});

/** A client of the suite's own Redis (or of the test cluster) on `prefix`: one per simulated subgraph instance. */
function client(prefix: string, nodes?: string[]): RedisClient {
  const redis = nodes
    ? createRedis({ clusterNodes: nodes, keyPrefix: prefix })
    : createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  clients.push(redis);
  return redis;
}

const prefixOf = new WeakMap<OrderStore, { prefix: string; nodes?: string[] }>();
async function redisStore(seed: OrderSeed, nodes?: string[], options: { anonymousCartTtlSeconds?: number } = {}): Promise<OrderStore> {
  const prefix = `test:${randomUUID()}:`;
  const store = await createRedisOrderStore(client(prefix, nodes), { seed, ...options });
  prefixOf.set(store, { prefix, nodes });
  return store;
}
const instancesOf = (store: OrderStore, count: number) => {
  const { prefix, nodes } = prefixOf.get(store)!;
  return Promise.all(Array.from({ length: count }, () => createRedisOrderStore(client(prefix, nodes))));
};

orderStoreContract("memory", {
  makeStore: async (seed, options) => new MemoryOrderStore(seed, options),
  instancesOf: async (store, count) => Array.from({ length: count }, () => store),
});

orderStoreContract("Redis", { makeStore: (seed, options) => redisStore(seed, undefined, options), instancesOf });

orderStoreWorkContract("memory", {
  makeStore: async (seed, options) => new MemoryOrderStore(seed, options),
  instancesOf: async (store, count) => Array.from({ length: count }, () => store),
});
orderStoreWorkContract("Redis", { makeStore: (seed, options) => redisStore(seed, undefined, options), instancesOf });
orderStoreGuestContract("memory", { makeStore: async (seed, options) => new MemoryOrderStore(seed, options) });
orderStoreGuestContract("Redis", { makeStore: (seed, options) => redisStore(seed, undefined, options) });

// The read scripts follow references to keys they build themselves; the cluster proves those stay in the slot.
orderStoreContract("Redis Cluster", {
  makeStore: async (seed, options) => {
    cluster ??= startRedisCluster();
    return redisStore(seed, (await cluster).nodes, options);
  },
  instancesOf,
});

/** Names of the commands `redis` sends from now on, pipelined or not. */
function recordCommands(redis: RedisClient): string[] {
  const sent: string[] = [];
  const target = redis as Redis;
  const send = target.sendCommand.bind(target);
  target.sendCommand = ((command, stream) => {
    sent.push(command.name);
    return send(command, stream);
  }) as Redis["sendCommand"];
  return sent;
}

const ALL_STATUSES: FulfillmentStatusName[] = [
  "PENDING",
  "PICKING",
  "READY_FOR_PICKUP",
  "CUSTOMER_ARRIVED",
  "PICKED_UP",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
];

describe("the Redis order store", () => {
  it("reads a batch of 100 keys in one command", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisOrderStore(redis, { seed: orderSeed() });
    const { orders, carts } = orderSeed();
    const hundred = <T>(items: T[], key: (item: T) => string) => items.slice(0, 100).map(key);
    // The index reads run a script; once the server has it cached, each batch is a single EVALSHA.
    await Promise.all([
      store.ordersByNumber(["warm"]),
      store.ordersByCustomer(["warm"]),
      store.fulfillmentsById(["warm"]),
      store.pickupQueue(["warm"], ["PENDING"]),
    ]);

    const sent = recordCommands(redis);
    const reads: [string, () => Promise<unknown[]>][] = [
      ["mget", () => store.ordersById(hundred(orders, (o) => o.id))],
      ["evalsha", () => store.ordersByNumber(hundred(orders, (o) => o.number))],
      ["evalsha", () => store.ordersByCustomer(hundred(orders, (o) => o.customerId ?? "anonymous"))],
      ["evalsha", () => store.fulfillmentsById(hundred(orders, (o) => o.fulfillments[0].id))],
      ["mget", () => store.cartsById(Array.from({ length: 100 }, (_, i) => carts[i % carts.length].id))],
      ["evalsha", () => store.activeCartByCustomer(Array.from({ length: 100 }, (_, i) => `cust-${String(i + 1).padStart(3, "0")}`))],
      [
        "evalsha",
        () =>
          store.pickupQueue(
            Array.from({ length: 100 }, (_, i) => `store-${String(i + 1).padStart(2, "0")}`),
            OPEN_PICKUP_STATUSES,
          ),
      ],
    ];
    for (const [command, read] of reads) {
      sent.length = 0;
      const answers = await read();
      expect(answers).toHaveLength(100);
      expect(answers.some((answer) => (Array.isArray(answer) ? answer.length > 0 : answer !== null))).toBe(true);
      expect(sent).toEqual([command]);
    }
  });

  it("serves the demo world exactly as the memory store does, seeded within seconds", async () => {
    const seed = orderSeed();
    const memory = new MemoryOrderStore(orderSeed());
    const started = Date.now();
    const redis = await redisStore(seed);
    expect(Date.now() - started).toBeLessThan(3_000);

    const orderIds = seed.orders.map((o) => o.id);
    const customers = [
      ...new Set(
        seed.orders
          .flatMap((o) => (o.customerId ? [o.customerId] : []))
          .concat(seed.carts.flatMap((c) => (c.customerId ? [c.customerId] : []))),
      ),
    ];
    const locations = [
      ...new Set(seed.orders.flatMap((o) => o.fulfillments.flatMap((f) => (f.pickupLocationId ? [f.pickupLocationId] : [])))),
    ];
    const associates = [...new Set(seed.orders.flatMap((o) => (o.attribution.associateId ? [o.attribution.associateId] : [])))];
    const fulfillments = seed.orders.flatMap((o) => o.fulfillments.map((f) => f.id));
    const codes = [...new Set(seed.orders.flatMap((o) => o.fulfillments.flatMap((f) => (f.pickupCode ? [f.pickupCode] : []))))];
    const first = seed.orders.map((o) => o.placedAt).sort()[0];
    const quarter = new Date(Date.parse(first) + 90 * 86_400_000).toISOString();

    const same = async <T>(read: (store: OrderStore) => Promise<T>) => expect(await read(redis)).toEqual(await read(memory));
    await same((s) => s.ordersById(orderIds));
    await same((s) => s.ordersByNumber(seed.orders.map((o) => o.number)));
    await same((s) => s.ordersByCustomer(customers));
    await same((s) => s.activeCartByCustomer(customers));
    await same((s) => s.cartsById(seed.carts.map((c) => c.id)));
    await same((s) => s.pickupQueue(locations, OPEN_PICKUP_STATUSES));
    await same((s) => s.pickupQueue(locations, ALL_STATUSES));
    await same((s) => s.attributedSales(associates, first, quarter));
    await same((s) => s.attributedSales(associates, "2000-01-01T00:00:00.000Z", "2100-01-01T00:00:00.000Z"));
    await same((s) => s.fulfillmentsById(fulfillments));
    for (const location of locations) await same((s) => s.pickupsByCode(location, codes));
    expect((await redis.ordersByCustomer(customers)).flat().length).toBeGreaterThan(100);
  });

  it("seeds once: a second start, or two instances starting together, never overwrite live data", async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = await Promise.all([createRedisOrderStore(client(prefix)), createRedisOrderStore(client(prefix))]);
    const seeded = await Promise.all([a.seedIfEmpty(orderSeed()), b.seedIfEmpty(orderSeed())]);
    expect(seeded.sort()).toEqual([false, true]);

    const [picking] = (await a.pickupQueue(["store-01"], ["PICKING"]))[0];
    expect(picking).toBeDefined();
    const ready = await a.moveFulfillment({
      fulfillmentId: picking.id,
      from: "PICKING",
      to: "READY_FOR_PICKUP",
      event: { type: "READY", at: new Date().toISOString(), channel: null, locationId: null },
    });
    expect(ready).not.toBeNull();
    const { number: _, ...placed } = picking.order;
    const created = await b.createOrder({ ...placed, id: "order-live", lines: [], fulfillments: [], returns: [] });
    // Numbers continue after the highest seeded one.
    const highest = Math.max(...orderSeed().orders.map((o) => Number(o.number.slice(3))));
    expect(created.number).toBe(`OG-${highest + 1}`);

    const restarted = await createRedisOrderStore(client(prefix), { seed: orderSeed() });
    expect(await restarted.seedIfEmpty(orderSeed())).toBe(false);
    expect((await restarted.fulfillmentsById([picking.id]))[0]!.status).toBe("READY_FOR_PICKUP");
    expect((await restarted.ordersById(["order-live"]))[0]).toEqual(created);
  });

  it("keeps every key under the {order} hash tag, so every script and MGET stays in one cluster slot", async () => {
    const store = await redisStore(orderSeed());
    const { prefix } = prefixOf.get(store)!;
    const [cart] = await store.cartsById(["cart-0001"]);
    await store.claimCheckout("tagged", cart!.id, cart!.version, new Date().toISOString());
    await store.leaseSettlement("checkout:tagged", "worker", 60_000);
    await store.createCart({ ...cart!, id: "cart-tagged", version: 1, checkoutKey: null });
    const [seeded] = await store.ordersById(["order-0001"]);
    const { number: _, ...placed } = seeded!;
    await store.createOrder({ ...placed, id: "order-tagged" }, (o) => [
      { id: `e-${o.id}`, type: "CART_ATTACHED", occurredAt: o.placedAt, channel: null, payload: { cartId: "c", customerId: "x" } },
    ]);
    const keys = await keysUnder(client(prefix), prefix);
    expect(keys.length).toBeGreaterThan(300);
    expect(keys.filter((key) => !key.startsWith(`${prefix}{order}:`))).toEqual([]);
    expect(keys).toContain(`${prefix}${orderKeys.checkout("tagged")}`);
    expect(keys).toEqual(
      expect.arrayContaining(
        [orderKeys.settlementsDue, orderKeys.settlementLease("checkout:tagged"), orderKeys.outbox].map((k) => `${prefix}${k}`),
      ),
    );
  });
});
