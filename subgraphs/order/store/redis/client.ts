import type { RedisClient } from "../../../../lib/redis.js";
import { orderScripts, type OrderScripts } from "../scripts.js";
import { parse, type Attempt, type Change } from "./change.js";

/**
 * The Redis connection as the order store's concerns use it: the client, its order scripts, the anonymous cart TTL,
 * and the plumbing every read and write shares — MGET, following a hash of references in one script, committing a
 * change, and retrying a write that lost a race.
 */

/**
 * Reads-and-commits one write may take while others keep changing the same record. Each lost race means someone
 * else's change went in, so a crowd of N on one record settles within N attempts.
 */
const WRITE_ATTEMPTS = 100;

export class OrderRedis {
  readonly scripts: OrderScripts;

  constructor(
    readonly redis: RedisClient,
    /** ANONYMOUS_CART_TTL_SECONDS in ms: an anonymous cart's key expires this long after its last write. */
    readonly cartTtlMs: number,
  ) {
    this.scripts = orderScripts(redis);
  }

  /** Runs a write until its commit finds what it read unchanged; each lost race re-reads and decides again. */
  async untilApplied<T>(attempt: () => Promise<Attempt<T>>): Promise<T> {
    for (let tries = 0; tries < WRITE_ATTEMPTS; tries++) {
      const { value, change } = await attempt();
      if (!change || (await this.commit(change))) return value;
      // Jitter spreads a crowd that lost the same race, so the next round is not another pile-up.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** tries, 20)));
    }
    throw new Error(`an order-store write lost ${WRITE_ATTEMPTS} races in a row on the same records`);
  }

  async commit(change: Change): Promise<boolean> {
    return (await this.scripts.orderCommit(change.keys.length, ...change.keys, ...change.commitArgs())) === 1;
  }

  async mget<T>(keys: string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    return (await this.redis.mget(...keys)).map(parse<T>);
  }

  /** Raw JSON of the records a hash's fields point at, in one script call. */
  async referenced(recordPrefix: string, index: string, fields: readonly string[]): Promise<(string | null)[]> {
    if (fields.length === 0) return [];
    return this.scripts.orderReadReferenced(recordPrefix, index, ...fields);
  }
}
