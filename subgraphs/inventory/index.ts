import type { GraphQLSchema } from "graphql";
import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema } from "../../lib/federation.js";
import type { Logger } from "../../lib/logger.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { InventoryContext } from "./context.js";
import { stockChangePublisher, type PublishStockChange } from "./events.js";
import { createLoaders, type InventoryLoaders } from "./loaders.js";
import { adjustmentResolver } from "./resolvers/adjustment.js";
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
  /** Where STOCK_CHANGED goes after each write that moved counts (the gateway's cache evicts on it); none when omitted. */
  bus?: EventBus;
}

/** Often enough that a lapsed hold does not linger in a Redis store's counts; reads never see one anyway. */
export const DEFAULT_SWEEP_INTERVAL_MS = 5_000;

/** The inventory subgraph's schema, wired to `store`, the clock `now` and where stock changes are published. */
export function buildSchema(
  store: InventoryStore,
  now: () => Date = () => new Date(),
  publish: PublishStockChange = stockChangePublisher(undefined),
): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // No query returns a Variant: it only enters this schema as an entity the gateway resolves by SKU.
    {
      resolvers: [
        locationResolver(store),
        StockLevelResolver,
        variantResolver(now),
        adjustmentResolver(store, now, publish),
        reservationResolver(store, publish),
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
 * start() begins the expiry sweep and stop() ends it.
 */
export async function createSubgraph(deps: InventoryDeps = {}): Promise<Subgraph<InventoryLoaders>> {
  const now = deps.now ?? (() => new Date());
  const store = deps.store ?? new MemoryInventoryStore(inventorySeed(), { now });
  let sweeper: NodeJS.Timeout | null = null;
  return {
    name: "inventory",
    schema: await buildSchema(store, now, stockChangePublisher(deps.bus)),
    createLoaders: () => createLoaders(store),
    async start() {
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
    },
  };
}
