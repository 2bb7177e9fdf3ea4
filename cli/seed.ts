import { loadConfig, processEnvironment } from "../lib/config.js";
import { seedRedis } from "../lib/demo/seed-redis.js";
import { MAX_SCALE } from "../lib/demo/world.js";
import { createLogger } from "../lib/logger.js";
import { parseArgs } from "./args.js";
import { openBackend } from "./backend.js";

// `npm run seed [-- --scale N]`: loads the demo world, N times its size (default 1), into an empty Redis (REDIS_URL or
// REDIS_CLUSTER_NODES). A subgraph whose data is already there is left alone: seeding never overwrites.
const usage = `usage: npm run seed -- [--scale N]   (N a whole number from 1 to ${MAX_SCALE})`;
let scale: number;
try {
  const { flags, positional } = parseArgs(process.argv.slice(2), ["scale"]);
  if (positional.length > 0) throw new Error(`unexpected ${positional.join(" ")}`);
  const raw = flags.scale ?? "1";
  scale = Number(raw);
  if (!/^\d+$/.test(raw) || scale < 1 || scale > MAX_SCALE) throw new Error(`--scale ${raw} is not a whole number from 1 to ${MAX_SCALE}`);
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}

const config = loadConfig(processEnvironment());
const backend = openBackend(config, createLogger({ level: "warn" }));
if (!backend.redis) {
  console.error("Set REDIS_URL (or REDIS_CLUSTER_NODES) to seed Redis; the in-memory default seeds itself at start.");
  process.exit(2);
}
const seeding = await seedRedis(backend.redis, { scale });
const { counts } = seeding;
console.log(
  `demo world at scale ${scale}: ${counts.products} products, ${counts.variants} variants, ${counts.stockRows} stock rows, ` +
    `${counts.customers} customers, ${counts.orders} orders; built in ${Math.round(seeding.worldMs)} ms`,
);
for (const { subgraph, seeded, prepareMs, writeMs } of seeding.subgraphs) {
  console.log(
    `${subgraph}: ${seeded ? `seeded in ${Math.round(prepareMs + writeMs)} ms (${Math.round(writeMs)} ms writing)` : "already has data, left as it is"}`,
  );
}
console.log(`done in ${Math.round(seeding.totalMs)} ms`);
await backend.close();
