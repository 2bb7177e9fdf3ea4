import type { GraphQLSchema } from "graphql";
import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema } from "../../lib/federation.js";
import type { Logger } from "../../lib/logger.js";
import { startOutboxRelay, type OutboxRelay } from "../../lib/outbox.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { InventoryContext } from "./context.js";
import { createLoaders, type InventoryLoaders } from "./loaders.js";
import { adjustmentResolver, type FlushStockChanges } from "./resolvers/adjustment.js";
import { locationResolver } from "./resolvers/location.js";
import { reservationResolver } from "./resolvers/reservation.js";
import { StockLevelResolver } from "./resolvers/stock.js";
import { variantResolver } from "./resolvers/variant.js";
import { inventorySeed } from "./seed.js";
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
}

/** Often enough that a lapsed hold does not linger in a Redis store's counts; reads never see one anyway. */
export const DEFAULT_SWEEP_INTERVAL_MS = 5_000;

/** The inventory subgraph's schema, wired to `store`, the clock `now` and what a write awaits to publish its events. */
export function buildSchema(
  store: InventoryStore,
  now: () => Date = () => new Date(),
  flush: FlushStockChanges = async () => undefined,
): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // No query returns a Variant: it only enters this schema as an entity the gateway resolves by SKU.
    {
      resolvers: [
        locationResolver(store),
        StockLevelResolver,
        variantResolver(now),
        adjustmentResolver(store, now, flush),
        reservationResolver(store, flush),
      ],
      orphanedTypes: [Variant],
    },
    {
      Location: { __resolveReference: (ref: { id: string }, ctx: InventoryContext) => ctx.loaders.locationById.load(ref.id) },
      // Inventory keeps no variant records: any SKU has stock (possibly none), so the key is all we need.
      Variant: { __resolveReference: (ref: { sku: string }) => ({ sku: ref.sku }) },
    },
  );
}

/**
 * Locations, stock levels, availability, adjustments and reservations. Nothing runs until the caller serves it;
 * start() begins the expiry sweep and the outbox relay (a write that comes first starts the relay itself), stop()
 * ends both.
 */
export async function createSubgraph(deps: InventoryDeps = {}): Promise<Subgraph<InventoryLoaders>> {
  const now = deps.now ?? (() => new Date());
  const store: InventoryStore = deps.store ?? new MemoryInventoryStore(inventorySeed(), { now });
  let sweeper: NodeJS.Timeout | null = null;
  let relay: OutboxRelay | null = null;
  const startRelay = (): OutboxRelay =>
    (relay ??= startOutboxRelay(store.outbox, deps.bus, {
      logger: deps.logger ?? silent,
      lease: store.outboxLease,
      intervalMs: deps.outboxIntervalMs,
    }));
  return {
    name: "inventory",
    schema: await buildSchema(store, now, () => startRelay().flush()),
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
    },
  };
}

/** For a subgraph created without a logger (tests): the relay's failures are retried either way. */
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
