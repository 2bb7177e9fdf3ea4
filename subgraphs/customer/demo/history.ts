import { SalesChannel } from "../../../lib/channel.js";
import { DAY, DEMO_NOW, HOUR, iso, pad } from "../../../lib/demo/calendar.js";
import type { Random } from "../../../lib/demo/random.js";
import type { AssociateRecord, CustomerRecord, InteractionRecord, ServiceCaseRecord } from "../store/index.js";

// The customer subgraph's history in the demo world: each customer's cross-channel timeline (from their orders and
// their own visits, views and calls) and service cases.

/** An interaction as the demo draws it: all recorded with the customer known, so none waits on a cart. */
export type DemoInteraction = Omit<InteractionRecord, "cartId"> & { customerId: string };

/** What the history reads of an order. */
export interface DemoOrderFacts {
  id: string;
  number: string;
  customerId: string | null;
  channel: SalesChannel;
  placedAt: string;
  lines: unknown[];
  attribution: { locationId: string | null; associateId: string | null };
  events: { type: string; at: string; channel: SalesChannel | null; locationId: string | null }[];
}

/** What the timelines and cases are drawn from. */
export interface HistorySources {
  customers: readonly CustomerRecord[];
  variants: readonly { sku: string }[];
  orders: readonly DemoOrderFacts[];
  locations: readonly { id: string; type: string }[];
  associates: readonly AssociateRecord[];
}

/** The timelines of `world.customers` and their orders, numbered after `numberedBefore` interactions. */
export function demoInteractions(random: Random, world: HistorySources, numberedBefore: number): DemoInteraction[] {
  const items: Omit<DemoInteraction, "id">[] = [];
  const stores = world.locations.filter((l) => l.type === "STORE");
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  for (const order of world.orders) {
    if (!order.customerId) continue;
    const base = { customerId: order.customerId, orderId: order.id, sku: null, associateId: null as string | null };
    if (order.channel === SalesChannel.STORE) {
      items.push({
        ...base,
        type: "STORE_PURCHASE",
        channel: SalesChannel.STORE,
        occurredAt: order.placedAt,
        summary: `Bought ${order.lines.length} item(s) in store, order ${order.number}`,
        locationId: order.attribution.locationId,
        associateId: order.attribution.associateId,
      });
    } else {
      items.push({
        ...base,
        type: "ORDER_PLACED",
        channel: order.channel,
        occurredAt: order.placedAt,
        summary: `Placed order ${order.number}`,
        locationId: order.attribution.locationId,
        associateId: order.attribution.associateId,
      });
    }
    for (const event of order.events) {
      if (event.type === "FULFILLMENT_PICKED_UP") {
        items.push({
          ...base,
          type: "ORDER_PICKED_UP",
          channel: SalesChannel.STORE,
          occurredAt: event.at,
          summary: `Picked up order ${order.number}`,
          locationId: event.locationId,
        });
      } else if (event.type === "RETURN_REQUESTED") {
        items.push({
          ...base,
          type: "RETURN_REQUESTED",
          channel: event.channel ?? order.channel,
          occurredAt: event.at,
          summary: `Asked to return an item from order ${order.number}`,
          locationId: event.locationId,
        });
      } else if (event.type === "RETURN_RECEIVED") {
        items.push({
          ...base,
          type: "RETURN_RECEIVED",
          channel: event.channel ?? SalesChannel.WEB,
          occurredAt: event.at,
          summary: `Return for order ${order.number} received`,
          locationId: event.locationId?.startsWith("store-") ? event.locationId : null,
        });
      }
    }
  }
  for (const customer of world.customers) {
    const views = random.int(2, 8);
    for (let v = 0; v < views; v++) {
      const variant = random.pick(world.variants);
      items.push({
        customerId: customer.id,
        type: "PRODUCT_VIEWED",
        channel: random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP]),
        occurredAt: iso(DEMO_NOW - random.int(1, 2000) * HOUR),
        summary: `Viewed ${variant.sku}`,
        locationId: null,
        associateId: null,
        orderId: null,
        sku: variant.sku,
      });
    }
    if (random.chance(0.5)) {
      const store = customer.preferredStoreId ?? random.pick(stores).id;
      items.push({
        customerId: customer.id,
        type: "STORE_VISIT",
        channel: SalesChannel.KIOSK,
        occurredAt: iso(DEMO_NOW - random.int(1, 1500) * HOUR),
        summary: "Checked in at the store kiosk",
        locationId: store,
        associateId: null,
        orderId: null,
        sku: null,
      });
    }
    if (random.chance(0.3)) {
      items.push({
        customerId: customer.id,
        type: "SERVICE_CONTACT",
        channel: SalesChannel.CALL_CENTER,
        occurredAt: iso(DEMO_NOW - random.int(1, 3000) * HOUR),
        summary: "Called about a delivery",
        locationId: null,
        associateId: random.pick(agents).id,
        orderId: null,
        sku: null,
      });
    }
  }
  items.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.customerId.localeCompare(b.customerId));
  return items.map((item, index) => ({ ...item, id: `ix-${pad(numberedBefore + index + 1, 5)}` }));
}

/** `count` service cases of `world.customers`, numbered after `numberedBefore` cases. */
export function demoServiceCases(
  random: Random,
  world: Omit<HistorySources, "variants" | "locations">,
  count: number,
  numberedBefore: number,
): ServiceCaseRecord[] {
  const cases: ServiceCaseRecord[] = [];
  const firstOrderOf = new Map<string, DemoOrderFacts>();
  for (const order of world.orders) if (order.customerId && !firstOrderOf.has(order.customerId)) firstOrderOf.set(order.customerId, order);
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  const staff = world.associates.filter((a) => a.role !== "CALL_CENTER_AGENT");
  const subjects = [
    "Where is my order?",
    "Item arrived damaged",
    "Wrong size delivered",
    "Refund not received yet",
    "Pickup code not working",
    "Question about loyalty points",
  ];
  for (let i = 0; i < count; i++) {
    const customer = world.customers[(i * 5) % world.customers.length];
    const order = firstOrderOf.get(customer.id) ?? null;
    const openedVia = random.pick([SalesChannel.CALL_CENTER, SalesChannel.STORE, SalesChannel.WEB]);
    const openedAt = DEMO_NOW - random.int(1, 90) * DAY;
    const first = openedVia === SalesChannel.STORE ? random.pick(staff) : random.pick(agents);
    const notes = [
      { authorId: first.id, body: "Customer explained the issue; details recorded.", channel: openedVia, createdAt: iso(openedAt) },
    ];
    const status = random.weighted<ServiceCaseRecord["status"]>([
      ["RESOLVED", 60],
      ["PENDING", 20],
      ["OPEN", 20],
    ]);
    if (status !== "OPEN")
      notes.push({
        authorId: random.pick(agents).id,
        body: "Followed up by phone.",
        channel: SalesChannel.CALL_CENTER,
        createdAt: iso(openedAt + DAY),
      });
    cases.push({
      id: `case-${pad(numberedBefore + i + 1, 3)}`,
      customerId: customer.id,
      subject: random.pick(subjects),
      status,
      openedVia,
      openedAt: iso(openedAt),
      orderId: random.chance(0.7) ? (order?.id ?? null) : null,
      notes,
    });
  }
  return cases;
}
