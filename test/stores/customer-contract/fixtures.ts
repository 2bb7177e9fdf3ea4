import { SalesChannel } from "../../../lib/channel.js";
import { DEMO_NOW } from "../../../lib/demo/world.js";
import { customerSeed } from "../../../subgraphs/customer/seed.js";
import type {
  CustomerChange,
  CustomerStore,
  InteractionRecord,
  NewCustomer,
  ServiceCaseRecord,
  ServiceNoteRecord,
} from "../../../subgraphs/customer/store/index.js";

/**
 * What every CustomerStore must do, whatever holds the data: the memory store and the Redis store run the same
 * stories. `instancesOf` gives several handles on one store's data, as several customer-subgraph instances sharing
 * one Redis would have; the memory store, living in one process, can only hand back itself.
 */
export interface CustomerStoreHarness {
  /** A store holding the demo seed and nothing else, shared with no other call; pending interactions lapsing as `options` say. */
  makeStore(options?: { anonymousInteractionTtlSeconds?: number }): Promise<CustomerStore>;
  instancesOf(store: CustomerStore, count: number): Promise<CustomerStore[]>;
}

export const seed = customerSeed();
export const newestFirst =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T) =>
    at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));
export const timelineOf = (customerId: string) =>
  seed.interactions
    .filter((i) => i.customerId === customerId)
    .sort(
      newestFirst(
        (i) => i.occurredAt,
        (i) => i.id,
      ),
    );
export const casesOf = (customerId: string) =>
  seed.serviceCases
    .filter((c) => c.customerId === customerId)
    .sort(
      newestFirst(
        (c) => c.openedAt,
        (c) => c.id,
      ),
    );
export const pointsOf = (customerId: string) => seed.customers.find((c) => c.id === customerId)!.loyaltyPoints;

/** Minutes after the demo world's "now": newer than anything seeded. */
export const after = (minutes: number) => new Date(DEMO_NOW + minutes * 60_000).toISOString();
let sequence = 0;
export const unique = (what: string) => `${what}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

export function interaction(fields: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id: unique("ix"),
    customerId: null,
    cartId: null,
    type: "PRODUCT_VIEWED",
    channel: SalesChannel.WEB,
    occurredAt: after(1),
    summary: "Viewed SKU-0001-01",
    locationId: null,
    associateId: null,
    orderId: null,
    sku: "SKU-0001-01",
    ...fields,
  };
}

/** An order placement as the event consumer turns it into a change: a timeline entry and points earned. */
export function placement(customerId: string, orderId: string, points: number, minutes = 1): CustomerChange {
  return {
    customerId,
    interaction: interaction({
      id: unique("ix-order"),
      customerId,
      type: "ORDER_PLACED",
      occurredAt: after(minutes),
      orderId,
      summary: `Placed ${orderId}`,
      sku: null,
    }),
    loyalty: { kind: "EARN", orderId, points },
  };
}

export const loyaltyOnly = (customerId: string, loyalty: CustomerChange["loyalty"]): CustomerChange => ({
  customerId,
  interaction: null,
  loyalty,
});

export async function points(store: CustomerStore, customerId: string): Promise<number> {
  const [customer] = await store.customersById([customerId]);
  return customer!.loyaltyPoints;
}

export async function timeline(store: CustomerStore, customerId: string): Promise<InteractionRecord[]> {
  const [list] = await store.interactionsByCustomer([customerId]);
  return list;
}

/** A profile nobody has registered: its own id and email. */
export function newCustomer(fields: Partial<NewCustomer> = {}): NewCustomer {
  const id = unique("cust-new");
  return {
    id,
    firstName: "Robin",
    lastName: "Okafor",
    email: `${id}@example.com`,
    phone: null,
    addresses: [],
    preferredStoreId: null,
    createdAt: after(1),
    ...fields,
  };
}

export function serviceCase(customerId: string, fields: Partial<ServiceCaseRecord> = {}): ServiceCaseRecord {
  return {
    id: unique("case"),
    customerId,
    subject: "Where is my order?",
    status: "OPEN",
    openedVia: SalesChannel.CALL_CENTER,
    openedAt: after(1),
    orderId: null,
    notes: [],
    description: null,
    resolvedAt: null,
    ...fields,
  };
}

export function note(body: string, fields: Partial<ServiceNoteRecord> = {}): ServiceNoteRecord {
  return { authorId: seed.associates.at(-1)!.id, body, channel: SalesChannel.CALL_CENTER, createdAt: after(2), internal: false, ...fields };
}

/** The seeded customers the stories use: some with cases, one without a phone, four with one. */
export const withCases = [...new Set(seed.serviceCases.map((c) => c.customerId))];
export const withoutPhone = seed.customers.find((c) => !c.phone)!;
export const [alice, bob, carol, dave] = seed.customers.filter((c) => c.phone);
