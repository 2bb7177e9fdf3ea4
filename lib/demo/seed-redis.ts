import type { SubgraphName } from "../config.js";
import type { RedisClient } from "../redis.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { createRedisCatalogStore } from "../../subgraphs/catalog/store/redis.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import { createRedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { createRedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { orderSeed } from "../../subgraphs/order/seed.js";
import { createRedisOrderStore } from "../../subgraphs/order/store/redis.js";
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

type Seeder = (redis: RedisClient, options: DemoWorldOptions) => Promise<{ write: () => Promise<boolean> }>;

// Each prepares its records only when its turn comes, so at most one subgraph's copy is in memory besides the world.
const SEEDERS: [SubgraphName, Seeder][] = [
  [
    "catalog",
    async (redis, options) => {
      const store = await createRedisCatalogStore(redis);
      const seed = catalogSeed(options);
      return { write: () => store.seedIfEmpty(seed) };
    },
  ],
  [
    "inventory",
    async (redis, options) => {
      const store = await createRedisInventoryStore(redis);
      const seed = inventorySeed(options);
      return { write: () => store.seedIfEmpty(seed) };
    },
  ],
  [
    "customer",
    async (redis, options) => {
      const store = await createRedisCustomerStore(redis);
      const seed = customerSeed(options);
      return { write: () => store.seedIfEmpty(seed) };
    },
  ],
  [
    "order",
    async (redis, options) => {
      const store = await createRedisOrderStore(redis);
      const seed = orderSeed(options);
      return { write: () => store.seedIfEmpty(seed) };
    },
  ],
];

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
  for (const [subgraph, seeder] of SEEDERS) {
    const prepareStarted = performance.now();
    const { write } = await seeder(redis, options);
    const writeStarted = performance.now();
    const seeded = await write();
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
