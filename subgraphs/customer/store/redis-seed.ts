import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import { execPipeline, type Pipeline } from "../../../lib/redis-scripts.js";
import { contactKeysOf } from "../rules/contact.js";
import type { CustomerSeed } from "../seed.js";
import { customerKeys, profileKeys, queueKeysOf, scoreOf } from "./redis-keys.js";
import type { CustomerRecord } from "./records.js";

/** Commands sent per pipeline while seeding: few round trips, none so large that it stalls the server. */
const SEED_CHUNK = 500;
/** Seeding pipelines sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/** A pipeline that also queues the customer scripts (defined on the client by the store before seeding). */
type ScriptedPipeline = Pipeline & { customerPutCustomer(...args: (string | number)[]): ScriptedPipeline };

/**
 * Loads `seed` unless this Redis was seeded before: the marker is claimed first with SET NX, so of several
 * instances starting together exactly one seeds, and a Redis holding live data is never overwritten. Each customer
 * is written with its index entries by one script (put-customer.lua); every other record goes with its sorted-set
 * or set entries in the same pipeline, and readers skip an id whose record is not there yet. Answers whether it
 * seeded. Should seeding die half-way, delete the marker to run it again; it rewrites the same keys.
 */
export async function seedCustomers(redis: RedisClient, seed: CustomerSeed): Promise<boolean> {
  const claimed = await redis.set(customerKeys.seeded, new Date().toISOString(), "NX");
  if (claimed === null) return false;
  const writes: ((batch: ScriptedPipeline) => void)[] = [];
  for (const customer of seed.customers) writes.push((batch) => putCustomer(batch, customer));
  for (const associate of seed.associates) {
    writes.push((batch) => {
      batch.set(customerKeys.associate(associate.id), JSON.stringify(associate));
      batch.sadd(customerKeys.associates, associate.id);
      batch.sadd(customerKeys.associatesInRole(associate.role), associate.id);
      if (associate.homeStoreId != null) batch.sadd(customerKeys.associatesAtStore(associate.homeStoreId), associate.id);
    });
  }
  for (const [list, { records, scored, json, owners }] of seededLists(seed)) {
    writes.push((batch) => {
      batch.zadd(list, ...scored);
      batch.hset(records, json);
      if (owners) batch.hset(customerKeys.caseOwner, owners);
    });
  }
  for (const serviceCase of seed.serviceCases) {
    const score = scoreOf(serviceCase.openedAt, `seeded service case ${serviceCase.id}`);
    writes.push((batch) => {
      for (const queue of queueKeysOf(serviceCase)) batch.zadd(queue, score, serviceCase.id);
    });
  }
  // Commands per write are 1 to 4; chunking by write count keeps each pipeline near SEED_CHUNK commands.
  const perChunk = Math.max(1, Math.floor(SEED_CHUNK / 3));
  await inBatches(writes, perChunk, SEED_IN_FLIGHT, async (chunk) => {
    await execPipeline(redis, (batch) => {
      for (const write of chunk) write(batch as ScriptedPipeline);
    });
  });
  return true;
}

interface SeededList {
  records: string;
  scored: (string | number)[];
  json: Map<string, string>;
  owners?: Map<string, string>;
}

/**
 * Each list (a customer's timeline, an anonymous cart's pending interactions, a customer's service cases) as two
 * variadic commands' arguments, ZADD of every entry and HSET of every record, rather than two commands per entry.
 */
function seededLists(seed: CustomerSeed): Map<string, SeededList> {
  const lists = new Map<string, SeededList>();
  const entryOf = (list: string, records: string) => {
    let entry = lists.get(list);
    if (!entry) lists.set(list, (entry = { records, scored: [], json: new Map() }));
    return entry;
  };
  for (const interaction of seed.interactions) {
    const score = scoreOf(interaction.occurredAt, `seeded interaction ${interaction.id}`);
    const [list, records] = interaction.customerId
      ? [customerKeys.timeline(interaction.customerId), customerKeys.timelineRecords(interaction.customerId)]
      : interaction.cartId
        ? [customerKeys.cartPending(interaction.cartId), customerKeys.cartPendingRecords(interaction.cartId)]
        : [null, null];
    if (!list || !records) continue;
    const entry = entryOf(list, records);
    entry.scored.push(score, interaction.id);
    entry.json.set(interaction.id, JSON.stringify(interaction));
  }
  for (const serviceCase of seed.serviceCases) {
    const score = scoreOf(serviceCase.openedAt, `seeded service case ${serviceCase.id}`);
    const entry = entryOf(customerKeys.serviceCases(serviceCase.customerId), customerKeys.serviceCaseRecords(serviceCase.customerId));
    entry.scored.push(score, serviceCase.id);
    entry.json.set(serviceCase.id, JSON.stringify(serviceCase));
    (entry.owners ??= new Map()).set(serviceCase.id, serviceCase.customerId);
  }
  return lists;
}

function putCustomer(batch: ScriptedPipeline, customer: CustomerRecord): void {
  const { loyaltyPoints, ...profile } = customer;
  const keys = contactKeysOf(customer);
  batch.customerPutCustomer(
    ...profileKeys(customer.id),
    customer.id,
    JSON.stringify(profile),
    loyaltyPoints,
    keys.email,
    keys.phone,
    keys.loyaltyNumber,
  );
}
