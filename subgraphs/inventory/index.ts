import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema } from "../../lib/federation.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { InventoryContext } from "./context.js";
import { createLoaders, type InventoryLoaders } from "./loaders.js";
import { locationResolver } from "./resolvers/location.js";
import { StockLevelResolver } from "./resolvers/stock.js";
import { variantResolver } from "./resolvers/variant.js";
import { inventorySeed } from "./seed.js";
import type { InventoryStore } from "./store/index.js";
import { MemoryInventoryStore } from "./store/memory.js";
import { Variant } from "./types/variant.js";

export interface InventoryDeps {
  /** Where locations and stock live; the seeded in-memory store when omitted. */
  store?: InventoryStore;
  /** The clock behind pickup and ship dates; tests fix it. */
  now?: () => Date;
}

/** The inventory subgraph's schema, wired to `store` and the clock `now`. */
export function buildSchema(store: InventoryStore, now: () => Date = () => new Date()): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // No query returns a Variant: it only enters this schema as an entity the gateway resolves by SKU.
    { resolvers: [locationResolver(store), StockLevelResolver, variantResolver(now)], orphanedTypes: [Variant] },
    {
      Location: { __resolveReference: (ref: { id: string }, ctx: InventoryContext) => ctx.loaders.locationById.load(ref.id) },
      // Inventory keeps no variant records: any SKU has stock (possibly none), so the key is all we need.
      Variant: { __resolveReference: (ref: { sku: string }) => ({ sku: ref.sku }) },
    },
  );
}

/** Locations, stock levels and availability. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: InventoryDeps = {}): Promise<Subgraph<InventoryLoaders>> {
  const store = deps.store ?? new MemoryInventoryStore(inventorySeed());
  return { name: "inventory", schema: await buildSchema(store, deps.now), createLoaders: () => createLoaders(store) };
}
