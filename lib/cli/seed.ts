import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { openBackend } from "./backend.js";

// `npm run seed`: loads the demo world into an empty Redis (REDIS_URL or REDIS_CLUSTER_NODES). A subgraph whose data
// is already there is left alone: seeding never overwrites.
const config = loadConfig(process.env);
const backend = openBackend(config, createLogger({ level: "warn" }));
if (!backend.redis) {
  console.error("Set REDIS_URL (or REDIS_CLUSTER_NODES) to seed Redis; the in-memory default seeds itself at start.");
  process.exit(2);
}
const redis = backend.redis;
const seeders: [string, () => Promise<boolean>][] = [
  ["catalog", async () => (await (await import("../../subgraphs/catalog/store/redis.js")).createRedisCatalogStore(redis)).seedIfEmpty((await import("../../subgraphs/catalog/seed.js")).catalogSeed())],
  ["inventory", async () => (await (await import("../../subgraphs/inventory/store/redis.js")).createRedisInventoryStore(redis)).seedIfEmpty((await import("../../subgraphs/inventory/seed.js")).inventorySeed())],
  ["customer", async () => (await (await import("../../subgraphs/customer/store/redis.js")).createRedisCustomerStore(redis)).seedIfEmpty((await import("../../subgraphs/customer/seed.js")).customerSeed())],
  ["order", async () => (await (await import("../../subgraphs/order/store/redis.js")).createRedisOrderStore(redis)).seedIfEmpty((await import("../../subgraphs/order/seed.js")).orderSeed())],
];
for (const [name, seed] of seeders) {
  const started = Date.now();
  const wrote = await seed();
  console.log(`${name}: ${wrote ? `seeded in ${Date.now() - started} ms` : "already has data, left as it is"}`);
}
await backend.close();
