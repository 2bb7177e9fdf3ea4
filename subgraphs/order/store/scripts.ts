import { defineScripts, lua } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";

/**
 * The order store's Lua scripts, one file each in lua/ (its KEYS, ARGV and why it must be one atomic step are at its
 * top), read once when this module loads. A script runs as one step on the server, so no other subgraph instance's
 * command can land between its check and its change.
 *
 * The scripts never re-encode a record: Redis' cjson turns an empty array into `{}` and keeps only 14 significant
 * digits, and an order is full of arrays that may be empty. The TypeScript side computes every new record with the
 * same rules as the memory store (lifecycle.ts, rules.ts) and hands over finished JSON; a write script only checks
 * that what it was computed from is still there, byte for byte (SHA-1), and then writes it together with its index
 * entries. When the check fails nothing is written and the caller reads again (redis/client.ts, untilApplied) —
 * WATCH/MULTI in one script, which also works on a connection shared by concurrent requests, where WATCH would not.
 *
 * Write scripts name every key they touch in KEYS. The read scripts follow references (fulfillment → order, customer
 * → active cart) to keys they cannot know in advance; they build them from a prefix passed in KEYS[1], and because
 * every key carries the `{order}` hash tag those keys live in the slot of KEYS[1], on the node the script runs on.
 */
const file = (name: string) => new URL(`./lua/${name}.lua`, import.meta.url);
/** The write scripts start with the helpers that apply a change: a list of (command, key index, arguments...). */
const changing = (name: string) => lua(file("change-ops"), file(name));

/** Scripts without `keys` take a variable number of keys: the caller passes the count first. */
export const ORDER_SCRIPTS = {
  orderCommit: { lua: changing("commit") },
  orderCreate: { lua: changing("create-order") },
  orderClaimSeed: { lua: lua(file("claim-seed")), keys: 2 },
  orderReadReferenced: { lua: lua(file("read-referenced")), keys: 2 },
  orderReadLists: { lua: lua(file("read-lists")) },
  orderReadFulfillmentGroups: { lua: lua(file("read-fulfillment-groups")) },
  orderReadPickupCodes: { lua: lua(file("read-pickup-codes")), keys: 3 },
  orderReadAttributedSales: { lua: lua(file("read-attributed-sales")) },
  orderSettlementLeaseTake: { lua: lua(file("settlement-lease-take")), keys: 1 },
  orderSettlementLeaseGiveUp: { lua: lua(file("settlement-lease-give-up")), keys: 1 },
};

type Arg = string | number;

/** What each script answers, as Redis replies it (a variable-keys script takes the key count first). */
export interface OrderScripts {
  orderCommit(keyCount: number, ...args: Arg[]): Promise<number>;
  orderCreate(keyCount: number, ...args: Arg[]): Promise<[number, string | null]>;
  orderClaimSeed(...args: Arg[]): Promise<number>;
  orderReadReferenced(...args: Arg[]): Promise<(string | null)[]>;
  orderReadLists(keyCount: number, ...args: Arg[]): Promise<(string | null)[][]>;
  orderReadFulfillmentGroups(keyCount: number, ...args: Arg[]): Promise<string[][]>;
  orderReadPickupCodes(...args: Arg[]): Promise<string[][]>;
  orderReadAttributedSales(keyCount: number, ...args: Arg[]): Promise<[number, number, string | null][]>;
  orderSettlementLeaseTake(key: string, holder: string, ttlMs: number): Promise<number>;
  orderSettlementLeaseGiveUp(key: string, holder: string): Promise<number>;
}

/** The order scripts on this client (names carry the subgraph: stores sharing one client never redefine each other's). */
export function orderScripts(redis: RedisClient): OrderScripts {
  // The registry answers each script's reply as unknown; this interface is what the Lua files return.
  return defineScripts(redis, ORDER_SCRIPTS) as unknown as OrderScripts;
}
