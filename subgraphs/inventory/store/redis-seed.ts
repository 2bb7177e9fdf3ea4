import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import { execPipeline } from "../../../lib/redis-scripts.js";
import type { InventorySeed } from "../seed.js";
import type { StockRecord } from "./records.js";
import { inventoryKeys } from "./redis-keys.js";

/** Commands per pipeline while seeding: large enough to be quick, small enough not to stall other clients. */
const SEED_CHUNK = 1_000;
/** Seeding pipelines sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/**
 * Loads `seed` when this Redis has never been seeded; answers whether it did. The marker is claimed first (SET NX),
 * so of several instances starting together exactly one writes, and a Redis holding live data is never overwritten.
 */
export async function seedInventoryIfEmpty(redis: RedisClient, seed: InventorySeed, at: Date): Promise<boolean> {
  const claimed = await redis.set(inventoryKeys.seeded, at.toISOString(), "NX");
  if (claimed !== "OK") return false;
  await inBatches(seed.locations, SEED_CHUNK, SEED_IN_FLIGHT, async (locations) => {
    await execPipeline(redis, (pipeline) => {
      for (const location of locations) {
        pipeline.set(inventoryKeys.location(location.id), JSON.stringify(location));
        pipeline.sadd(inventoryKeys.locations, location.id);
      }
    });
  });
  await execPipeline(redis, (pipeline) => {
    for (const exception of seed.hoursExceptions ?? []) {
      pipeline.hset(inventoryKeys.hoursExceptions(exception.locationId), exception.date, JSON.stringify(exception));
    }
  });
  // One HSET per SKU with the rows of every location that carries it: a tenth of the commands of one per row.
  const rowsBySku = new Map<string, StockRecord[]>();
  for (const record of seed.stock) {
    const rows = rowsBySku.get(record.sku) ?? [];
    if (rows.length === 0) rowsBySku.set(record.sku, rows);
    rows.push(record);
  }
  await inBatches([...rowsBySku.values()], SEED_CHUNK, SEED_IN_FLIGHT, async (skus) => {
    await execPipeline(redis, (pipeline) => {
      for (const rows of skus)
        pipeline.hset(inventoryKeys.stock(rows[0].sku), new Map(rows.map((row) => [row.locationId, JSON.stringify(row)])));
    });
  });
  return true;
}
