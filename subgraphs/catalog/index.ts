import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema, schemaOnce } from "../../lib/federation.js";
import { silentLogger, type Logger } from "../../lib/logger.js";
import { startOutboxRelay, type OutboxRelay } from "../../lib/outbox.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { CatalogContext } from "./context.js";
import { createLoaders, type CatalogLoaders } from "./loaders.js";
import { CategoryResolver } from "./resolvers/category.js";
import { ProductResolver } from "./resolvers/product.js";
import { SearchResolver } from "./resolvers/search.js";
import { createCatalogServices, type CatalogServices } from "./services/index.js";
import { VariantResolver } from "./resolvers/variant.js";
import { catalogSeed } from "./seed.js";
import type { CatalogStore } from "./store/index.js";
import { MemoryCatalogStore } from "./store/memory.js";

export interface CatalogDeps {
  /** Where the catalog lives; the seeded in-memory store when omitted. */
  store?: CatalogStore;
  /**
   * Build the search index as soon as the subgraph is served rather than on the first search (which at 100× the
   * demo catalog would take longer than a gateway waits). Off in tests, whose graphs mostly never search.
   */
  warmSearchIndex?: boolean;
  /**
   * Where the outbox relay publishes the CATALOG_CHANGED every save recorded (the gateway's cache evicts on it),
   * whichever process saved; recorded events are dropped when omitted, since nobody listens.
   */
  bus?: EventBus;
  /** Where the relay's failures are reported (it retries them either way). */
  logger?: Logger;
  /** How often the relay looks for recorded events. Default 200 ms. */
  outboxIntervalMs?: number;
}

/** The catalog subgraph's schema: its resolvers read the request's loaders and the subgraph's services. */
export const buildSchema = schemaOnce(() =>
  buildFederatedSchema(
    { resolvers: [ProductResolver, SearchResolver, VariantResolver, CategoryResolver] },
    {
      Product: { __resolveReference: (ref: { id: string }, ctx: CatalogContext) => ctx.loaders.productById.load(ref.id) },
      Variant: { __resolveReference: (ref: { sku: string }, ctx: CatalogContext) => ctx.loaders.variantBySku.load(ref.sku) },
      Category: { __resolveReference: (ref: { id: string }, ctx: CatalogContext) => ctx.loaders.categoryById.load(ref.id) },
    },
  ),
);

/**
 * Products, variants, categories and channel price lists. Nothing runs until the caller serves it; start() begins the
 * outbox relay (and, when asked, builds the search index), stop() ends it.
 */
export async function createSubgraph(deps: CatalogDeps = {}): Promise<Subgraph<CatalogLoaders, CatalogServices>> {
  const store: CatalogStore = deps.store ?? new MemoryCatalogStore(catalogSeed());
  let relay: OutboxRelay | null = null;
  return {
    name: "catalog",
    schema: await buildSchema(),
    services: createCatalogServices(store),
    createLoaders: () => createLoaders(store),
    async start() {
      relay ??= startOutboxRelay(store.outbox, deps.bus, {
        logger: deps.logger ?? silentLogger,
        lease: store.outboxLease,
        intervalMs: deps.outboxIntervalMs,
      });
      // In the background: the subgraph answers everything else meanwhile, and a search waits for the same build.
      if (deps.warmSearchIndex) void store.searchSuggestions("a", 1).catch(() => undefined);
    },
    async stop() {
      const stopping = relay;
      relay = null;
      await stopping?.stop();
    },
  };
}
