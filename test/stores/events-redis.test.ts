import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { domainEvent, type DomainEvent } from "../../lib/events.js";
import { RedisEventBus } from "../../lib/events-redis.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";

const clients: RedisClient[] = [];
const buses: RedisEventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});

/** Several "processes" sharing one Redis: each gets its own client on the same key prefix. */
function world() {
  const prefix = `test:${randomUUID()}:`;
  return (options: ConstructorParameters<typeof RedisEventBus>[1] = {}) => {
    const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
    clients.push(redis);
    const bus = new RedisEventBus(redis, { blockMs: 50, ...options });
    buses.push(bus);
    return bus;
  };
}

const sale = (n: number) =>
  domainEvent("STORE_SALE_RECORDED", SalesChannel.STORE, {
    orderId: `o-${n}`,
    orderNumber: `OG-${n}`,
    customerId: "cust-001",
    locationId: "store-01",
    associateId: "assoc-001",
    total: 1000,
    currencyCode: "USD",
    lines: [],
  });

describe("domain events on Redis Streams", () => {
  it("deliver every event to every group, once per group across instances", async () => {
    const bus = world();
    const a = bus();
    const b = bus();
    const seenByTimeline: string[] = [];
    const seenByLoyalty: string[] = [];
    a.subscribe("timeline", async (e) => void seenByTimeline.push(e.id));
    b.subscribe("timeline", async (e) => void seenByTimeline.push(e.id));
    a.subscribe("loyalty", async (e) => void seenByLoyalty.push(e.id));
    await Promise.all(buses.map((b) => b.ready()));
    const events = [1, 2, 3, 4, 5].map(sale);
    for (const event of events) await a.publish(event);
    await a.drain();
    await b.drain();
    expect(seenByTimeline.sort()).toEqual(events.map((e) => e.id).sort());
    expect(seenByLoyalty.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("retry an event whose handler failed until it succeeds, then acknowledge it", async () => {
    const bus = world()();
    let attempts = 0;
    const handled: DomainEvent[] = [];
    bus.subscribe("flaky", async (e) => {
      attempts++;
      if (attempts < 3) throw new Error("not yet");
      handled.push(e);
    });
    await Promise.all(buses.map((b) => b.ready()));
    await bus.publish(sale(7));
    await bus.drain();
    expect(attempts).toBe(3);
    expect(handled).toHaveLength(1);
  });

  it("let a group that was down catch up on what was published meanwhile", async () => {
    const bus = world();
    const first = bus();
    first.subscribe("timeline", async () => undefined);
    await Promise.all(buses.map((b) => b.ready()));
    await first.close();
    const publisher = bus();
    const missed = [11, 12, 13].map(sale);
    for (const event of missed) await publisher.publish(event);
    const restarted = bus();
    const seen: string[] = [];
    restarted.subscribe("timeline", async (e) => void seen.push(e.id));
    await restarted.drain();
    expect(seen).toEqual(missed.map((e) => e.id));
  });

  it("hand a dead consumer's unacknowledged events to another consumer of the group", async () => {
    const bus = world();
    const dying = bus({ claimIdleMs: 200 });
    dying.subscribe("timeline", () => new Promise(() => undefined)); // takes the entry and never finishes
    await Promise.all(buses.map((b) => b.ready()));
    const event = sale(21);
    await dying.publish(event);
    await new Promise((r) => setTimeout(r, 150));
    // The process dies: its reader goes away without acknowledging.
    const survivor = bus({ claimIdleMs: 200 });
    const seen: string[] = [];
    survivor.subscribe("timeline", async (e) => void seen.push(e.id));
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([event.id]);
  });
});
