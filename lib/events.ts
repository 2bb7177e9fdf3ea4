import { randomUUID } from "node:crypto";
import type { SalesChannel } from "./channel.js";
import type { Logger } from "./logger.js";

/**
 * Domain events: what happened in one subgraph that others react to (the customer timeline, loyalty, the gateway's
 * response cache). Delivery is at-least-once, so every handler must be idempotent on `id`.
 */
export interface DomainEventBase<TType extends string, TPayload> {
  /** Unique per event: consumers record it to apply each event once. */
  id: string;
  type: TType;
  occurredAt: string;
  channel: SalesChannel | null;
  payload: TPayload;
}

/** An order, web or till, as the events describe it. */
export interface OrderFacts {
  orderId: string;
  orderNumber: string;
  customerId: string | null;
  locationId: string | null;
  associateId: string | null;
  /** Cents. */
  total: number;
  currencyCode: string;
  lines: { sku: string; quantity: number }[];
}

/** Why stock counts changed: which inventory write changed them. */
export type StockChangeReason = "ADJUSTED" | "RESERVED" | "COMMITTED" | "RELEASED" | "RESTOCKED";

/**
 * Stock counts of some SKUs changed (on hand or reserved): what was promisable a moment ago may not be. The gateway
 * evicts cached answers that read these SKUs' stock; nothing else needs to act on it.
 */
export interface StockChange {
  reason: StockChangeReason;
  /** Every SKU and location whose counts changed, each once. */
  levels: { sku: string; locationId: string }[];
}

/**
 * Products were added, changed or removed (an import job's or a merchandiser's save, on any instance): what the catalog
 * shows may no longer be what it showed. The gateway evicts the cached answers that read the catalog; every catalog
 * instance's search index catches up by the catalog's own change log, not by this event.
 */
export interface CatalogChange {
  productIds: string[];
}

export type DomainEvent =
  | DomainEventBase<"ORDER_PLACED", OrderFacts>
  | DomainEventBase<"STORE_SALE_RECORDED", OrderFacts>
  | DomainEventBase<"ORDER_CANCELLED", OrderFacts>
  | DomainEventBase<
      "FULFILLMENT_READY" | "FULFILLMENT_PICKED_UP" | "FULFILLMENT_SHIPPED",
      {
        orderId: string;
        orderNumber: string;
        customerId: string | null;
        fulfillmentId: string;
        locationId: string | null;
        /** The associate who handed it over or shipped it, when staff did; absent on older events. */
        associateId?: string | null;
      }
    >
  | DomainEventBase<
      "RETURN_REQUESTED" | "RETURN_RECEIVED",
      {
        orderId: string;
        orderNumber: string;
        customerId: string | null;
        returnId: string;
        locationId: string | null;
        /** Cents refunded; 0 until received. */
        refund: number;
        currencyCode: string;
        /** The associate who received it, when staff did; absent on older events. */
        associateId?: string | null;
      }
    >
  | DomainEventBase<"CART_ATTACHED", { cartId: string; customerId: string }>
  /** A customer profile was created; `email` is its normalised key, so the order subgraph can join guest orders to it. */
  | DomainEventBase<"CUSTOMER_REGISTERED", { customerId: string; email: string }>
  | DomainEventBase<"STOCK_CHANGED", StockChange>
  | DomainEventBase<"CATALOG_CHANGED", CatalogChange>
  | DomainEventBase<FulfillmentProgressType, FulfillmentProgress>
  | DomainEventBase<"SERVICE_CASE_UPDATED", ServiceCaseChange>;

/**
 * A fulfillment's steps that only live updates need (the timeline ignores them): a pickup joining its store's queue
 * with the order, picking begun, a shipment packed, a curbside customer arrived (the parking spot is read from the
 * order, not carried here), a shipment delivered.
 */
export type FulfillmentProgressType =
  "FULFILLMENT_QUEUED" | "FULFILLMENT_PICKING" | "FULFILLMENT_PACKED" | "FULFILLMENT_CUSTOMER_ARRIVED" | "FULFILLMENT_DELIVERED";

export interface FulfillmentProgress {
  orderId: string;
  orderNumber: string;
  customerId: string | null;
  fulfillmentId: string;
  /** The pickup store for pickups and curbside, else the origin. */
  locationId: string | null;
}

/** A service case changed: a note was added (`noteIndex` is its place in the case's notes) or it was resolved. */
export interface ServiceCaseChange {
  caseId: string;
  customerId: string;
  change: "NOTE_ADDED" | "RESOLVED";
  noteIndex: number | null;
}

export type DomainEventType = DomainEvent["type"];

/** Builds an event with a fresh id and timestamp. */
export function domainEvent<E extends DomainEvent>(
  type: E["type"],
  channel: SalesChannel | null,
  payload: E["payload"],
  occurredAt = new Date().toISOString(),
): E {
  return { id: randomUUID(), type, occurredAt, channel, payload } as E;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

/** Publish/subscribe between subgraphs. Each consumer group gets every event at least once. */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Delivers every event published from now on to `handler`, once per group across instances. */
  subscribe(group: string, handler: EventHandler): () => void;
  /** Resolves once every group subscribed so far is registered, so nothing published afterwards can miss it. */
  ready(): Promise<void>;
  /** Resolves when everything published so far has been handled (tests and shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded default: events delivered in this process, after the publisher's request has moved on. A handler that
 * throws is retried a few times, then the failure is logged. Services in separate processes need the Redis bus.
 */
export class MemoryEventBus implements EventBus {
  private readonly groups = new Map<string, EventHandler>();
  private pending = new Set<Promise<void>>();

  constructor(private readonly logger?: Logger) {}

  async publish(event: DomainEvent): Promise<void> {
    for (const [group, handler] of this.groups) {
      const delivery = this.deliver(group, handler, event).finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  subscribe(group: string, handler: EventHandler): () => void {
    if (this.groups.has(group)) throw new Error(`event group "${group}" already has a handler in this process`);
    this.groups.set(group, handler);
    return () => this.groups.delete(group);
  }

  async ready(): Promise<void> {
    // In one process a subscription takes effect at once.
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.drain();
    this.groups.clear();
  }

  private async deliver(group: string, handler: EventHandler, event: DomainEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      try {
        return await handler(event);
      } catch (error) {
        if (attempt >= 3) {
          this.logger?.error("event handler failed", { group, eventId: event.id, type: event.type, error });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }
}
