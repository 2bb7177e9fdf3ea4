import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import type { CustomerStore } from "../../subgraphs/customer/store/index.js";
import { MemoryCustomerStore } from "../../subgraphs/customer/store/memory.js";
import { customerKeys } from "../../subgraphs/customer/store/redis-keys.js";
import { createRedisCustomerStore, type RedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { customerStoreContract } from "./customer-contract/index.js";
import { keysUnder } from "../helpers/redis-keys.js";

// The same stories against the embedded default and against Redis; then what only Redis has to prove: one command
// per batch, seeding once, expiring event markers, keys that fit one cluster slot.

const clients: RedisClient[] = [];
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit()));
});

/** A client of the suite's own Redis on `prefix`: one per simulated subgraph instance. */
function client(prefix: string): RedisClient {
  const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  clients.push(redis);
  return redis;
}

const prefixOf = new WeakMap<CustomerStore, string>();
async function seededRedisStore(
  prefix = `test:${randomUUID()}:`,
  options: { anonymousInteractionTtlSeconds?: number } = {},
): Promise<RedisCustomerStore> {
  const store = await createRedisCustomerStore(client(prefix), { seed: customerSeed(), ...options });
  prefixOf.set(store, prefix);
  return store;
}

customerStoreContract("memory", {
  makeStore: async (options) => new MemoryCustomerStore(customerSeed(), options),
  instancesOf: async (store, count) => Array.from({ length: count }, () => store),
});

customerStoreContract("Redis", {
  makeStore: (options) => seededRedisStore(undefined, options),
  instancesOf: (store, count) => Promise.all(Array.from({ length: count }, () => createRedisCustomerStore(client(prefixOf.get(store)!)))),
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

describe("the Redis customer store", () => {
  it("reads a batch of 100 keys in one command", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisCustomerStore(redis, { seed: customerSeed() });
    const seed = customerSeed();
    const pad = (ids: string[], filler: string) => [...ids, ...Array.from({ length: 100 - ids.length }, (_, n) => `${filler}-${n}`)];
    const customerIds = pad(
      seed.customers.map((c) => c.id),
      "cust-missing",
    );
    const associateIds = pad(
      seed.associates.map((a) => a.id),
      "assoc-missing",
    );
    // The list reads run a script; once the server has it cached, each batch is a single EVALSHA.
    await store.interactionsByCustomer(["warm-up"]);

    const sent = recordCommands(redis);
    const customers = await store.customersById(customerIds);
    expect(sent).toEqual(["mget"]);
    expect(customers.filter(Boolean)).toHaveLength(seed.customers.length);

    sent.length = 0;
    expect((await store.associatesById(associateIds)).filter(Boolean)).toHaveLength(seed.associates.length);
    expect(sent).toEqual(["mget"]);

    sent.length = 0;
    const timelines = await store.interactionsByCustomer(customerIds);
    expect(sent).toEqual(["evalsha"]);
    expect(timelines.flat()).toHaveLength(seed.interactions.length);

    sent.length = 0;
    const cases = await store.serviceCasesByCustomer(customerIds);
    expect(sent).toEqual(["evalsha"]);
    expect(cases.flat()).toHaveLength(seed.serviceCases.length);
  });

  it("seeds once: a second start, or two instances starting together, never overwrite live data", async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = await Promise.all([createRedisCustomerStore(client(prefix)), createRedisCustomerStore(client(prefix))]);
    const seeded = await Promise.all([a.seedIfEmpty(customerSeed()), b.seedIfEmpty(customerSeed())]);
    expect(seeded.sort()).toEqual([false, true]);

    await a.applyEvent("evt-live", {
      customerId: "cust-001",
      interaction: null,
      loyalty: { kind: "EARN", orderId: "order-live", points: 9 },
    });
    const [before] = await a.customersById(["cust-001"]);
    const restarted = await createRedisCustomerStore(client(prefix), { seed: customerSeed() });
    expect(await restarted.seedIfEmpty(customerSeed())).toBe(false);
    expect(await restarted.customersById(["cust-001"])).toEqual([before]);
  });

  it("re-files a customer whose email changed when seeding is run again after its marker was removed", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisCustomerStore(redis, { seed: customerSeed() });
    const seed = customerSeed();
    const [first] = seed.customers;
    const oldEmail = first.email;
    first.email = "Renamed.Customer@Example.com";
    await redis.del(customerKeys.seeded);
    expect(await store.seedIfEmpty(seed)).toBe(true);
    expect(await store.findCustomers({ email: oldEmail })).toEqual([]);
    expect(await store.findCustomers({ email: "renamed.customer@example.com" })).toEqual([first]);
    expect(await store.findCustomers({ phone: first.phone })).toEqual([first]);
  });

  it("remembers an applied event only for the configured time", async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = client(prefix);
    const store = await createRedisCustomerStore(redis, { seed: customerSeed(), appliedEventTtlSeconds: 3600 });
    await store.applyEvent("evt-ttl", { customerId: "cust-002", interaction: null, loyalty: null });
    const ttl = await redis.ttl(customerKeys.appliedEvent("evt-ttl"));
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(() => new (store.constructor as typeof RedisCustomerStore)(redis, { appliedEventTtlSeconds: 0 })).toThrow(/positive/);
  });

  it("keeps every key under the {customer} hash tag, so every script and MULTI stays in one cluster slot", async () => {
    const store = await seededRedisStore();
    const prefix = prefixOf.get(store)!;
    await store.recordInteraction({
      id: "ix-tagged",
      customerId: null,
      cartId: "cart-tagged",
      type: "PRODUCT_VIEWED",
      channel: SalesChannel.WEB,
      occurredAt: new Date().toISOString(),
      summary: "Viewed",
      locationId: null,
      associateId: null,
      orderId: null,
      sku: null,
    });
    await store.applyEvent("evt-tagged", {
      customerId: "cust-003",
      interaction: null,
      loyalty: { kind: "EARN", orderId: "order-tagged", points: 1 },
    });
    await store.attachCart("evt-attach-tagged", "cart-tagged", "cust-003");
    await store.registerCustomer({
      id: "cust-tagged",
      firstName: "Tag",
      lastName: "Ged",
      email: "tagged@example.com",
      phone: "+13125550999",
      addresses: [],
      preferredStoreId: null,
      createdAt: new Date().toISOString(),
    });
    await store.updateCustomer("cust-tagged", { email: "tagged-again@example.com" });
    const opened = await store.openServiceCase(
      {
        id: "case-tagged",
        customerId: "cust-tagged",
        subject: "Tagged",
        status: "OPEN",
        openedVia: SalesChannel.WEB,
        openedAt: new Date().toISOString(),
        orderId: null,
        notes: [],
      },
      null,
    );
    expect(opened).not.toBeNull();
    await store.addServiceNote("case-tagged", {
      authorId: "assoc-001",
      body: "Noted",
      channel: SalesChannel.STORE,
      createdAt: new Date().toISOString(),
    });
    expect(await client(prefix).exists(customerKeys.loyaltySequence, customerKeys.caseOwner)).toBe(2);
    const keys = await keysUnder(client(prefix), prefix);
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((key) => !key.startsWith(`${prefix}{customer}:`))).toEqual([]);
  });
});
