import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../config.js";
import type { RedisClient } from "../redis.js";
import { MODULES } from "../../subgraphs/registry.js";
import { demoWorld, type DemoWorldOptions } from "./world.js";

/** How one subgraph's share of the demo world went into Redis. */
export interface SubgraphSeeding {
  subgraph: SubgraphName;
  /** False when this Redis already had the subgraph's data: seeding never overwrites, whatever scale that was. */
  seeded: boolean;
  /** Milliseconds to take the subgraph's records from the world (fresh copies). */
  prepareMs: number;
  /** Milliseconds the store's `seedIfEmpty` took to write them (or to find data already there). */
  writeMs: number;
}

export interface RedisSeeding {
  scale: number;
  /** What the world at this scale holds. */
  counts: { products: number; variants: number; stockRows: number; customers: number; orders: number };
  /** Milliseconds to build the demo world at this scale (near 0 when this process had it built already). */
  worldMs: number;
  /** In seeding order: catalog, inventory, customer, order. */
  subgraphs: SubgraphSeeding[];
  /** Milliseconds for the whole call. */
  totalMs: number;
}

/**
 * Loads the demo world at `scale` (default 1) into `redis` for all four subgraphs, one after another, through each
 * subgraph's own Redis store, so the data is laid out exactly as the running subgraphs read it. A subgraph whose data
 * is already there is left alone (`seeded: false`). Keys go under the client's own key prefix; nothing is flushed.
 */
export async function seedRedis(redis: RedisClient, options: DemoWorldOptions = {}): Promise<RedisSeeding> {
  const started = performance.now();
  // Held for the whole call: every seed.ts below reads this one world instead of building its own.
  const world = demoWorld(options);
  const worldMs = performance.now() - started;
  const subgraphs: SubgraphSeeding[] = [];
  // Each takes its share only when its turn comes, so at most one subgraph's copy is in memory besides the world.
  // The stores' default settings, as a seeding run has no environment of its own (an anonymous cart's TTL: 7 days).
  const config = loadConfig({});
  for (const subgraph of SUBGRAPH_NAMES) {
    const prepareStarted = performance.now();
    const module = MODULES[subgraph];
    const stores = await module.redisStores(redis, config);
    const seed: unknown = await module.seed(options);
    const writeStarted = performance.now();
    const seeded = await stores.seedIfEmpty(seed);
    subgraphs.push({ subgraph, seeded, prepareMs: writeStarted - prepareStarted, writeMs: performance.now() - writeStarted });
  }
  // Read after the loop, which also keeps the world reachable until every subgraph has taken its share.
  const counts = {
    products: world.products.length,
    variants: world.variants.length,
    stockRows: world.stock.length,
    customers: world.customers.length,
    orders: world.orders.length,
  };
  return { scale: options.scale ?? 1, counts, worldMs, subgraphs, totalMs: performance.now() - started };
}
