import { afterAll, beforeAll, expect } from "vitest";
import type { SalesChannel } from "../../lib/channel.js";
import { DEMO_NOW, demoWorld } from "../../lib/demo/world.js";
import type { DomainEvent, OrderFacts } from "../../lib/events.js";
import { createLogger } from "../../lib/logger.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import { MemoryCustomerStore } from "../../subgraphs/customer/store/memory.js";
import { startGraph, type TestGraph } from "./graph.js";

/**
 * The timeline-events journey's graph, customers (each story its own), the order facts it announces and the timeline
 * as the customer and the call center read it.
 */

export const world = demoWorld();
export let store: MemoryCustomerStore;
/** What the customer subgraph's event consumer logged. */
export const consumerLogs: Record<string, unknown>[] = [];
export let graph: TestGraph;

/** Starts the file's graph before its tests, with a customer store of our own, and closes it after. */
export function useTimelineGraph(): void {
  beforeAll(async () => {
    // Our own store, so the anonymous-cart story can record what the public mutation will record later.
    store = new MemoryCustomerStore(customerSeed());
    consumerLogs.length = 0;
    const logger = createLogger({ level: "warn", write: (line) => consumerLogs.push(JSON.parse(line)) });
    graph = await startGraph({ customer: { store, logger } });
  });
  afterAll(() => graph?.close());
}

export const customers = world.customers.filter((c) => c.loyaltyPoints < 1000);
export const [buyer, twice, returner, browser, bystander, other, shopper, canceller, collector] = customers;
export const shop = world.locations.filter((l) => l.type === "STORE")[2];
export const associate = world.associates.find((a) => a.homeStoreId === shop.id)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
export const seeded = (customerId: string, channels?: SalesChannel[]) =>
  world.interactions.filter((i) => i.customerId === customerId && (!channels || channels.includes(i.channel))).length;

/** Minutes after the demo world's "now": newer than anything seeded. */
export const after = (minutes: number) => new Date(DEMO_NOW + minutes * 60_000).toISOString();
export let orderSeq = 0;
export const order = (customerId: string | null, total: number, extra: Partial<OrderFacts> = {}): OrderFacts => {
  orderSeq += 1;
  return {
    orderId: `order-ev-${orderSeq}`,
    orderNumber: `OG-9${String(orderSeq).padStart(5, "0")}`,
    customerId,
    locationId: null,
    associateId: null,
    total,
    currencyCode: "USD",
    lines: [{ sku: world.variants[orderSeq].sku, quantity: 1 }],
    ...extra,
  };
};

export async function publish(...events: DomainEvent[]) {
  for (const event of events) await graph.bus.publish(event);
  await graph.bus.drain();
}

export const TIMELINE = `query($id: ID!, $channels: [SalesChannel!], $first: Int) {
  customer(id: $id) {
    loyalty { points tier }
    timeline(channels: $channels, first: $first) {
      totalCount
      nodes { id type channel occurredAt summary orderId sku location { name } associate { name } }
    }
  }
}`;

export interface TimelineNode {
  id: string;
  type: string;
  channel: string;
  occurredAt: string;
  summary: string;
  orderId: string | null;
  sku: string | null;
  location: { name: string } | null;
  associate: { name: string } | null;
}
export interface Seen {
  loyalty: { points: number; tier: string };
  timeline: { totalCount: number; nodes: TimelineNode[] };
}

/** The customer's timeline as they see it themselves and as a call-center agent sees it; both must agree. */
export async function timelineOf(customerId: string, variables: { channels?: SalesChannel[]; first?: number } = {}): Promise<Seen> {
  const [own, agents] = await Promise.all([
    graph.query(TIMELINE, { id: customerId, ...variables }, await graph.as("customer", customerId)),
    graph.query(TIMELINE, { id: customerId, ...variables }, await graph.as("agent", agent.id)),
  ]);
  expect(own.body.errors).toBeUndefined();
  expect(agents.body.errors).toBeUndefined();
  expect(agents.body.data.customer).toEqual(own.body.data.customer);
  return own.body.data.customer;
}
