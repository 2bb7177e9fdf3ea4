import { execPipeline } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";
import { foundByAll, lookupReads, type LookupIndexName } from "../rules/contact.js";
import { inQueue } from "../rules/service-case.js";
import { interactionOrder, serviceCaseOrder } from "../rules/timeline.js";
import type { AssociateFilter, CaseQueueFilter, CaseQueuePage, CustomerLookup } from "./changes.js";
import { customerKeys, queueKeyOf } from "./redis-keys.js";
import type { AssociateRecord, CustomerRecord, InteractionRecord, ServiceCaseRecord } from "./records.js";
import { customerScripts, type CustomerScripts } from "./scripts.js";

const INDEX_KEYS: Record<LookupIndexName, string> = {
  email: customerKeys.emailIndex,
  phone: customerKeys.phoneIndex,
  loyaltyNumber: customerKeys.loyaltyNumberIndex,
};

/**
 * The Redis customer store's reads, each one command or round trip for a whole batch: MGET for customers (each
 * profile beside its points) and associates, one read-only script for the newest-first lists, one pipeline of
 * HMGETs on the index hashes for a lookup. The writes build on this (redis.ts).
 */
export class RedisCustomerReads {
  protected readonly scripts: CustomerScripts;

  constructor(protected readonly redis: RedisClient) {
    this.scripts = customerScripts(redis);
  }

  async customersById(ids: readonly string[]): Promise<(CustomerRecord | null)[]> {
    if (ids.length === 0) return [];
    // Record and points side by side in one MGET: one command for the whole batch.
    const values = await this.redis.mget(ids.flatMap((id) => [customerKeys.customer(id), customerKeys.points(id)]));
    return ids.map((_, i) => {
      const raw = values[2 * i];
      if (raw == null) return null;
      return { ...(JSON.parse(raw) as Omit<CustomerRecord, "loyaltyPoints">), loyaltyPoints: Number(values[2 * i + 1] ?? 0) };
    });
  }

  async associatesById(ids: readonly string[]): Promise<(AssociateRecord | null)[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map(customerKeys.associate));
    return values.map((raw) => (raw == null ? null : (JSON.parse(raw) as AssociateRecord)));
  }

  async interactionsByCustomer(customerIds: readonly string[]): Promise<InteractionRecord[][]> {
    const lists = await this.newestFirstLists<InteractionRecord>(
      customerIds.flatMap((id) => [customerKeys.timeline(id), customerKeys.timelineRecords(id)]),
    );
    // The sorted set orders ties by id bytes; the memory store by locale comparison. A stable re-sort settles ties alike.
    return lists.map((list) => list.sort(interactionOrder));
  }

  async serviceCasesByCustomer(customerIds: readonly string[]): Promise<ServiceCaseRecord[][]> {
    const lists = await this.newestFirstLists<ServiceCaseRecord>(
      customerIds.flatMap((id) => [customerKeys.serviceCases(id), customerKeys.serviceCaseRecords(id)]),
    );
    return lists.map((list) => list.sort(serviceCaseOrder));
  }

  async serviceCasesById(ids: readonly string[]): Promise<(ServiceCaseRecord | null)[]> {
    if (ids.length === 0) return [];
    // Two round trips for the whole batch: who owns each case, then each case from its owner's hash.
    const owners = await this.redis.hmget(customerKeys.caseOwner, ...ids);
    const known = ids.flatMap((id, i) => (owners[i] == null ? [] : [{ id, owner: owners[i]! }]));
    if (known.length === 0) return ids.map(() => null);
    const raws = (await execPipeline(this.redis, (batch) => {
      for (const { id, owner } of known) batch.hget(customerKeys.serviceCaseRecords(owner), id);
    })) as (string | null)[];
    const byId = new Map(known.map(({ id }, i) => [id, raws[i]]));
    return ids.map((id) => {
      const raw = byId.get(id);
      return raw == null ? null : (JSON.parse(raw) as ServiceCaseRecord);
    });
  }

  /**
   * One page of the queue's sorted set (ZRANGE by rank and ZCARD in one round trip), then the cases by id. A case
   * that changed queue between the two reads is left out rather than shown where it no longer belongs.
   */
  async serviceCaseQueue(filter: CaseQueueFilter, offset: number, limit: number): Promise<CaseQueuePage> {
    const key = queueKeyOf(filter);
    const results = await execPipeline(this.redis, (batch) => {
      batch.zcard(key);
      // ZRANGE 0 -1 would be everything: an empty page reads no ids.
      if (limit > 0) batch.zrange(key, offset, offset + limit - 1);
    });
    const ids = limit > 0 ? (results[1] as string[]) : [];
    const cases = await this.serviceCasesById(ids);
    return { cases: cases.filter((c): c is ServiceCaseRecord => c !== null && inQueue(c, filter)), totalCount: results[0] as number };
  }

  async findCustomers(lookup: CustomerLookup, limit = Infinity): Promise<CustomerRecord[]> {
    const reads = lookupReads(lookup);
    const answers = (await execPipeline(this.redis, (batch) => {
      for (const { index, keys } of reads) batch.hmget(INDEX_KEYS[index], ...keys);
    })) as (string | null)[][];
    const matches = answers.map((values) => new Set(values.flatMap((raw) => (raw == null ? [] : (JSON.parse(raw) as string[])))));
    // An id whose record is gone reads as no match rather than a hole.
    return (await this.customersById(foundByAll(matches, limit))).filter((customer): customer is CustomerRecord => customer !== null);
  }

  async listAssociates(filter: AssociateFilter): Promise<AssociateRecord[]> {
    const sets: string[] = [];
    if (filter.storeId != null) sets.push(customerKeys.associatesAtStore(filter.storeId));
    if (filter.role != null) sets.push(customerKeys.associatesInRole(filter.role));
    const ids = sets.length === 0 ? await this.redis.smembers(customerKeys.associates) : await this.redis.sinter(...sets);
    const associates = await this.associatesById(ids);
    return associates.filter((a): a is AssociateRecord => a !== null).sort((a, b) => a.id.localeCompare(b.id));
  }

  private async newestFirstLists<T>(keys: string[]): Promise<T[][]> {
    if (keys.length === 0) return [];
    const lists = (await this.scripts.customerReadNewestFirst(keys.length, ...keys)) as string[][];
    return lists.map((list) => list.map((raw) => JSON.parse(raw) as T));
  }
}
