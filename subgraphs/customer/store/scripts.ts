import { defineScripts, lua, type Scripts } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";

/**
 * The customer store's Lua scripts, one file each in lua/ (its KEYS, ARGV and why it must be one atomic step are at
 * its top), read once when this module loads. Every key a script touches is passed in KEYS and carries the
 * `{customer}` hash tag, so the scripts run unchanged on a Redis Cluster. Records are JSON written by the
 * TypeScript side; a script re-encodes one only where it must change a field (an interaction's customerId when a
 * cart is attached): interaction records hold strings and nulls only, which cjson round-trips faithfully, and the
 * customer record, whose empty arrays cjson would turn into objects, is never re-encoded (its points have a key
 * of their own).
 */
const file = (name: string) => new URL(`./lua/${name}.lua`, import.meta.url);
/** The scripts that file customers in the lookup indexes start with the index helpers. */
const filing = (name: string) => lua(file("index-functions"), file(name));

export const CUSTOMER_SCRIPTS = {
  customerApplyEvent: { lua: lua(file("apply-event")), keys: 6 },
  customerAttachCart: { lua: lua(file("attach-cart")), keys: 7 },
  customerRecordInteraction: { lua: lua(file("record-interaction")), keys: 6 },
  customerPutCustomer: { lua: filing("put-customer"), keys: 6 },
  customerRegister: { lua: filing("register-customer"), keys: 6 },
  customerUpdate: { lua: filing("update-customer"), keys: 6 },
  /** A variable number of keys (the case's queues): the caller passes the count first. */
  customerOpenServiceCase: { lua: lua(file("open-service-case")) },
  /** A variable number of keys (the queues the case leaves and joins): the caller passes the count first. */
  customerReplaceServiceCase: { lua: lua(file("replace-service-case")) },
  /** A variable number of keys: the caller passes the count first. */
  customerReadNewestFirst: { lua: lua(file("read-newest-first")) },
  customerHoldPoints: { lua: lua(file("hold-points")), keys: 3 },
  customerGiveBackPoints: { lua: lua(file("give-back-points")), keys: 2 },
};

export type CustomerScripts = Scripts<typeof CUSTOMER_SCRIPTS>;

/** Defines every customer script on `redis` (names carry the subgraph: stores of several subgraphs may share a client). */
export function customerScripts(redis: RedisClient): CustomerScripts {
  return defineScripts(redis, CUSTOMER_SCRIPTS);
}
