import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema, schemaOnce } from "../../lib/federation.js";
import { silentLogger, type Logger } from "../../lib/logger.js";
import type { ServiceClient } from "../../lib/service-client.js";
import { startOutboxRelay, type OutboxRelay } from "../../lib/outbox.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { InventoryContext } from "./context.js";
import { createLoaders, type InventoryLoaders } from "./loaders.js";
import { AdjustmentResolver } from "./resolvers/adjustment.js";
import { customerStaff, unconfiguredStaff } from "./clients/staff.js";
import { StoreHoursResolver } from "./resolvers/hours.js";
import { LocationResolver } from "./resolvers/location.js";
import { LocationHoursResolver } from "./resolvers/location-hours.js";
import { ReservationResolver } from "./resolvers/reservation.js";
import { StockLevelResolver } from "./resolvers/stock.js";
import { VariantResolver } from "./resolvers/variant.js";
import { inventorySeed } from "./seed.js";
import { createInventoryServices, type InventoryServices } from "./services/index.js";
import type { InventoryStore } from "./store/index.js";
import { MemoryInventoryStore } from "./store/memory.js";
import { Variant } from "./types/variant.js";

export interface InventoryDeps {
  /** Where locations and stock live; the seeded in-memory store when omitted. */
  store?: InventoryStore;
  /** The clock behind pickup and ship dates, reservation expiry and updatedAt; tests fix or move it. */
  now?: () => Date;
  /** How often expired reservations are swept while nothing reads stock (reads and writes sweep anyway). */
  sweepIntervalMs?: number;
  /** Where a failed background sweep is reported. */
  logger?: Logger;
  /**
   * Where the outbox relay publishes the STOCK_CHANGED each write that moved counts recorded (the gateway's cache
   * evicts on it); recorded events are dropped when omitted, since nobody listens.
   */
  bus?: EventBus;
  /** How often the relay looks for events a write did not publish itself (a process that died). Default 200 ms. */
  outboxIntervalMs?: number;
  /**
   * Makes the signed client of the customer subgraph, whose staff records say who manages a store (changing a
   * store's hours needs it). A function, called on first use, because customer starts after this subgraph. Without
   * it, a store's hours cannot be changed by an associate.
   */
  customer?: () => ServiceClient;
}

/** Often enough that a lapsed hold does not linger in a Redis store's counts; reads never see one anyway. */
export const DEFAULT_SWEEP_INTERVAL_MS = 5_000;

/**
 * The inventory subgraph's schema: resolvers are module-level classes; reads go through the request's loaders and
 * flows through the services, both carried by the request context (`createSubgraph` wires them).
 */
export const buildSchema = schemaOnce(() =>
  buildFederatedSchema(
    // No query returns a Variant: it only enters this schema as an entity the gateway resolves by SKU.
    {
      resolvers: [
        LocationResolver,
        LocationHoursResolver,
        StockLevelResolver,
        VariantResolver,
        AdjustmentResolver,
        StoreHoursResolver,
        ReservationResolver,
      ],
      orphanedTypes: [Variant],
    },
    {
      Location: { __resolveReference: (ref: { id: string }, ctx: InventoryContext) => ctx.loaders.locationById.load(ref.id) },
      // Inventory keeps no variant records: any SKU has stock (possibly none), so the key is all we need.
      Variant: { __resolveReference: (ref: { sku: string }) => ({ sku: ref.sku }) },
    },
  ),
);

/**
 * Locations, stock levels, availability, adjustments and reservations. Nothing runs until the caller serves it;
 * start() begins the expiry sweep and the outbox relay (a write that comes first starts the relay itself), stop()
 * ends both.
 */
export async function createSubgraph(deps: InventoryDeps = {}): Promise<Subgraph<InventoryLoaders, InventoryServices>> {
  const now = deps.now ?? (() => new Date());
  const store: InventoryStore = deps.store ?? new MemoryInventoryStore(inventorySeed(), { now });
  let sweeper: NodeJS.Timeout | null = null;
  let relay: OutboxRelay | null = null;
  const startRelay = (): OutboxRelay =>
    (relay ??= startOutboxRelay(store.outbox, deps.bus, {
      logger: deps.logger ?? silentLogger,
      lease: store.outboxLease,
      intervalMs: deps.outboxIntervalMs,
    }));
  let customer: ServiceClient | null = null;
  const makeCustomer = deps.customer;
  const staff = makeCustomer ? customerStaff(() => (customer ??= makeCustomer())) : unconfiguredStaff;
  const services = createInventoryServices({ store, now, flush: () => startRelay().flush(), staff });
  return {
    name: "inventory",
    schema: await buildSchema(),
    services,
    createLoaders: () => createLoaders(store),
    async start() {
      startRelay();
      if (sweeper) return;
      sweeper = setInterval(() => {
        store.expireReservations().catch((error: unknown) => deps.logger?.error("reservation expiry sweep failed", { error }));
      }, deps.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
      // The sweep must never keep a process alive on its own.
      sweeper.unref();
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      sweeper = null;
      const stopping = relay;
      relay = null;
      await stopping?.stop();
      await customer?.close();
      customer = null;
    },
  };
}
