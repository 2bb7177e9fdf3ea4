import { inBatches } from "../../../../lib/batches.js";
import type { OrderSeed } from "../../seed.js";
import type { RedisRedemptions } from "../redemptions-redis.js";
import { activeCartsOf, highestOrderNumber, isOpen } from "../rules.js";
import { Change, queue, run } from "./change.js";
import type { OrderRedis } from "./client.js";
import { indexOrder } from "./indexes.js";
import { orderKeys } from "./keys.js";

/**
 * Seeding an empty Redis with the demo orders, carts and gift cards, once across every instance: a marker claimed in
 * one script, then pipelined chunks of the same commands the writes use.
 */

/** Commands sent per pipeline while seeding: few round trips, none so large that it stalls the server. */
const SEED_CHUNK = 1_000;
/** Seeding pipelines sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/**
 * Loads `seed` into an empty Redis, once: the first caller claims the marker (SET NX, with the order-number
 * sequence lifted past the seeded numbers in the same step) and writes in pipelined chunks; every later caller,
 * on any instance, writes nothing. True when this call seeded.
 */
export async function seedIfEmpty(db: OrderRedis, redemptions: RedisRedemptions, seed: OrderSeed): Promise<boolean> {
  const highest = highestOrderNumber(seed.orders.map((order) => order.number));
  const claimed = await db.scripts.orderClaimSeed(orderKeys.seeded, orderKeys.sequence, new Date().toISOString(), highest);
  if (claimed !== 1) return false;
  for (const card of seed.giftCards ?? []) await redemptions.issue(card);
  const change = new Change();
  for (const order of seed.orders) indexOrder(change, order);
  for (const cart of seed.carts) {
    change.set(orderKeys.cart(cart.id), JSON.stringify(cart));
    if (cart.customerId && isOpen(cart)) change.sadd(orderKeys.openCarts(cart.customerId), cart.id);
  }
  for (const [customerId, cart] of activeCartsOf(seed.carts)) change.hset(orderKeys.activeCarts, customerId, cart.id);
  await inBatches(change.ops, SEED_CHUNK, SEED_IN_FLIGHT, async (ops) => {
    const batch = db.redis.pipeline();
    for (const op of ops) queue(batch, op);
    await run(batch);
  });
  return true;
}
