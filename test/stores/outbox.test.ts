import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { domainEvent, type DomainEvent, type EventBus } from "../../lib/events.js";
import { createLogger } from "../../lib/logger.js";
import { MemoryOutbox, RedisOutbox, startOutboxRelay, type Outbox, type OutboxRelay } from "../../lib/outbox.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";

const logger = createLogger({ level: "silent" });

/** A bus that keeps what it was given, and can be made to fail like a Redis that went away. */
class RecordingBus implements EventBus {
  readonly published: DomainEvent[] = [];
  failing = false;
  attempts = 0;

  async publish(event: DomainEvent): Promise<void> {
    this.attempts++;
    if (this.failing) throw new Error("bus unreachable");
    this.published.push(event);
  }
  subscribe(): () => void {
    return () => undefined;
  }
  async ready(): Promise<void> {}
  async drain(): Promise<void> {}
  async close(): Promise<void> {}
}

const stockChanged = (n: number) =>
  domainEvent("STOCK_CHANGED", null, { reason: "ADJUSTED", levels: [{ sku: `SKU-${n}`, locationId: "store-01" }] });

const relays: OutboxRelay[] = [];
const clients: RedisClient[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  await Promise.all(clients.splice(0).map((client) => client.quit()));
});

function relay(outbox: Outbox, bus: EventBus | null, options: Partial<Parameters<typeof startOutboxRelay>[2]> = {}): OutboxRelay {
  const started = startOutboxRelay(outbox, bus, { logger, intervalMs: 20, ...options });
  relays.push(started);
  return started;
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One Redis "deployment" (a key prefix of its own): every call is another process's client on it. */
function redisWorld() {
  const prefix = `test:${randomUUID()}:`;
  return () => {
    const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
    clients.push(redis);
    return redis;
  };
}

type Backend = { name: string; make: () => { outbox: Outbox; record: (...events: DomainEvent[]) => Promise<void> } };
const backends: Backend[] = [
  {
    name: "memory",
    make: () => {
      const outbox = new MemoryOutbox();
      return { outbox, record: async (...events) => outbox.record(...events) };
    },
  },
  {
    name: "redis",
    make: () => {
      const outbox = new RedisOutbox(redisWorld()(), "{test}:outbox");
      return { outbox, record: (...events) => outbox.record(...events) };
    },
  },
];

describe.each(backends)("the outbox on $name", ({ make }) => {
  it("publishes recorded events in the order they were recorded, then holds none", async () => {
    const { outbox, record } = make();
    const bus = new RecordingBus();
    const events = Array.from({ length: 250 }, (_, n) => stockChanged(n));
    await record(...events);
    await relay(outbox, bus, { batch: 40 }).flush();
    expect(bus.published.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await outbox.pending(10)).toEqual([]);
  });

  it("loses nothing while the bus is down: flush answers, the events wait, and go out in order once it is back", async () => {
    const { outbox, record } = make();
    const bus = new RecordingBus();
    bus.failing = true;
    const started = relay(outbox, bus, { flushTimeoutMs: 200 });
    const events = Array.from({ length: 30 }, (_, n) => stockChanged(n));
    await record(...events.slice(0, 10));
    await started.flush(); // must not throw
    await record(...events.slice(10));
    await eventually(() => bus.attempts >= 5, "the relay retried several times");
    expect(bus.published).toEqual([]);
    expect((await outbox.pending(100)).map((e) => e.id)).toEqual(events.map((e) => e.id));

    bus.failing = false;
    await eventually(async () => (await outbox.pending(1)).length === 0, "the outbox emptied");
    expect(bus.published.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("keeps the events a failing publish did not send, and removes those it did", async () => {
    const { outbox, record } = make();
    const events = Array.from({ length: 6 }, (_, n) => stockChanged(n));
    await record(...events);
    // The bus takes three events, then goes away.
    const bus = new (class extends RecordingBus {
      override async publish(event: DomainEvent) {
        this.failing = this.attempts >= 3;
        return super.publish(event);
      }
    })();
    await relay(outbox, bus, { intervalMs: 60_000 }).flush();
    expect(bus.published.map((e) => e.id)).toEqual(events.slice(0, 3).map((e) => e.id));
    expect((await outbox.pending(10)).map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
  });

  it("never drops an unpublished event when two removals of one batch race (the second finds another head)", async () => {
    const { outbox, record } = make();
    const first = [stockChanged(1), stockChanged(2), stockChanged(3)];
    await record(...first);
    const readByA = await outbox.pending(3);
    const readByB = await outbox.pending(3);
    await outbox.remove(readByB.length, readByB[0].id);
    const later = [stockChanged(4), stockChanged(5)];
    await record(...later);
    // A published the same three and removes them late: they are gone already, and 4 and 5 are not A's to remove.
    await outbox.remove(readByA.length, readByA[0].id);
    expect((await outbox.pending(10)).map((e) => e.id)).toEqual(later.map((e) => e.id));
  });

  it("drops events when there is no bus: nobody subscribes", async () => {
    const { outbox, record } = make();
    await record(stockChanged(1), stockChanged(2));
    await relay(outbox, null).flush();
    expect(await outbox.pending(10)).toEqual([]);
  });

  it("publishes what a process recorded and did not flush, from the background loop", async () => {
    const { outbox, record } = make();
    const bus = new RecordingBus();
    relay(outbox, bus);
    const event = stockChanged(9);
    await record(event);
    await eventually(() => bus.published.length === 1, "the poll published the event");
    expect(bus.published[0].id).toBe(event.id);
  });
});

describe("relays sharing one outbox on Redis", () => {
  it("publish every event at least once, with one lease, while writers in two processes record and flush", async () => {
    const process = redisWorld();
    const bus = new RecordingBus();
    const workers = [0, 1].map(() => {
      const redis = process();
      const outbox = new RedisOutbox(redis, "{test}:outbox");
      return { outbox, relay: relay(outbox, bus, { lease: { redis, key: "{test}:outbox-lease", ttlMs: 2_000 }, batch: 7 }) };
    });
    const recorded: DomainEvent[] = [];
    await Promise.all(
      workers.map(async ({ outbox, relay: own }, w) => {
        for (let round = 0; round < 20; round++) {
          const events = Array.from({ length: 5 }, (_, n) => stockChanged(w * 1000 + round * 10 + n));
          recorded.push(...events);
          await outbox.record(...events);
          await own.flush();
        }
      }),
    );
    await eventually(async () => (await workers[0].outbox.pending(1)).length === 0, "the outbox emptied");
    const published = new Set(bus.published.map((e) => e.id));
    expect(recorded.filter((e) => !published.has(e.id))).toEqual([]);
    // The lease keeps relays from publishing the same batch side by side: duplicates are the exception.
    expect(bus.published.length).toBeLessThan(recorded.length * 1.1);
  });

  it("take over the outbox once a relay that died holding the lease has let it lapse", async () => {
    const process = redisWorld();
    const redis = process();
    const outbox = new RedisOutbox(redis, "{test}:outbox");
    // A relay that died mid-batch: its lease stays until its time is up.
    await redis.set("{test}:outbox-lease", "a-dead-relay", "PX", 1_000);
    await outbox.record(stockChanged(1));
    const bus = new RecordingBus();
    const survivor = relay(outbox, bus, { lease: { redis: process(), key: "{test}:outbox-lease", ttlMs: 2_000 }, flushTimeoutMs: 100 });
    await survivor.flush();
    expect(bus.published).toEqual([]);
    await eventually(() => bus.published.length === 1, "the survivor published after the lease lapsed");
    expect(await outbox.pending(1)).toEqual([]);
  });
});
