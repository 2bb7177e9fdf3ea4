import { RedisPointsHolds } from "./points-holds.js";
import type { ChainableCommander } from "ioredis";
import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import { emailKey, loyaltyNumberKey, phoneKey, phoneLookupKeys } from "../rules/contact.js";
import { loyaltyNumberOf } from "../rules/loyalty.js";
import type { CustomerSeed } from "../seed.js";
import {
  applyProfilePatch,
  DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS,
  withNote,
  type AssociateFilter,
  type AssociateRecord,
  type CustomerChange,
  type CustomerLookup,
  type CustomerRecord,
  type CustomerStore,
  type EventOutcome,
  type InteractionRecord,
  type NewCustomer,
  type ProfilePatch,
  type ProfileWrite,
  type RegisterOutcome,
  type ServiceCaseRecord,
  type ServiceCaseWrite,
  type ServiceNoteRecord,
} from "./index.js";
import {
  APPLY_EVENT,
  ATTACH_CART,
  OPEN_SERVICE_CASE,
  PUT_CUSTOMER,
  READ_NEWEST_FIRST,
  RECORD_INTERACTION,
  REGISTER_CUSTOMER,
  REPLACE_SERVICE_CASE,
  UPDATE_CUSTOMER,
} from "./scripts.js";

/**
 * Every key under one hash tag, so each script, MULTI and MGET lands in one cluster slot. The client's keyPrefix
 * (per deployment or test) goes in front of these.
 */
const TAG = "{customer}";
export const customerKeys = {
  /** Set once by the first seeding; its presence means "never seed again". */
  seeded: `${TAG}:seeded`,
  /** The profile as JSON, without loyaltyPoints, which scripts change in `points` without re-encoding the record. */
  customer: (id: string) => `${TAG}:customer:${id}`,
  points: (customerId: string) => `${TAG}:points:${customerId}`,
  /** Hashes of normalised key → JSON array of customer ids. */
  emailIndex: `${TAG}:index:email`,
  phoneIndex: `${TAG}:index:phone`,
  loyaltyNumberIndex: `${TAG}:index:loyalty-number`,
  /** Customer id → the [email, phone, loyalty-number] keys it is filed under, to unfile them when they change. */
  filedUnder: `${TAG}:index:filed-under`,
  associate: (id: string) => `${TAG}:associate:${id}`,
  /** Sets of associate ids: all of them, by home store, by role. */
  associates: `${TAG}:associates`,
  associatesAtStore: (storeId: string) => `${TAG}:associates:store:${storeId}`,
  associatesInRole: (role: string) => `${TAG}:associates:role:${role}`,
  /** Sorted set of interaction ids scored by occurredAt (epoch ms), with the records in a hash beside it. */
  timeline: (customerId: string) => `${TAG}:timeline:${customerId}`,
  timelineRecords: (customerId: string) => `${TAG}:timeline-records:${customerId}`,
  /** Sorted set of case ids scored by openedAt, with the records in a hash beside it. */
  serviceCases: (customerId: string) => `${TAG}:cases:${customerId}`,
  serviceCaseRecords: (customerId: string) => `${TAG}:case-records:${customerId}`,
  /** Hash of case id → customer id: where to find a case by its id alone. */
  caseOwner: `${TAG}:case-owner`,
  /** The last loyalty sequence number handed out (`loyaltyNumberOf`), advanced with INCR. */
  loyaltySequence: `${TAG}:loyalty-sequence`,
  /** An anonymous cart's interactions, shaped like a timeline, until the cart is attached. */
  cartPending: (cartId: string) => `${TAG}:cart-pending:${cartId}`,
  cartPendingRecords: (cartId: string) => `${TAG}:cart-pending-records:${cartId}`,
  cartOwner: (cartId: string) => `${TAG}:cart-owner:${cartId}`,
  /** Marker of a domain event already applied; expires after `appliedEventTtlSeconds`. */
  appliedEvent: (eventId: string) => `${TAG}:applied-event:${eventId}`,
  /** Hash { earned: 0|1, held, cancelled: 0|1 }: what one order did to its customer's points. */
  orderPoints: (orderId: string) => `${TAG}:order-points:${orderId}`,
};

export interface RedisCustomerStoreOptions {
  /**
   * How long an applied event's id is remembered. Redelivery is at-least-once and a consumer group that was down
   * catches up from where it stopped, so this must outlast the longest outage the stream covers. After it expires a
   * redelivery would apply again; the timeline still shows the event once (its interaction id derives from the event
   * id) and an order still earns once (the per-order ledger), but a refund would be deducted again. Default: 30 days.
   */
  appliedEventTtlSeconds?: number;
  /**
   * ANONYMOUS_INTERACTION_TTL_SECONDS: a cart's pending interactions (its sorted set and records) expire this long
   * after the latest was added (PEXPIRE, renewed by every one). Default 7 days.
   */
  anonymousInteractionTtlSeconds?: number;
  /** Seeds an empty Redis with this data (see `seedIfEmpty`); nothing is written when Redis was seeded before. */
  seed?: CustomerSeed;
}

export const DEFAULT_APPLIED_EVENT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Commands sent per MULTI while seeding: few round trips, none so large that it stalls the server. */
const SEED_CHUNK = 500;
/** Seeding MULTIs sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;
/** An attachment can change a cart's owner between our read and our script at most once or twice in practice. */
const RECORD_ATTEMPTS = 10;
/**
 * Compare-and-set rounds before giving up: each round some writer wins, so N writers racing on one record need at
 * most N rounds; far more than any record sees at once.
 */
const CAS_ATTEMPTS = 100;

type Arg = string | number;
interface CustomerScripts {
  customerApplyEvent(...args: Arg[]): Promise<string>;
  customerAttachCart(...args: Arg[]): Promise<string>;
  customerRecordInteraction(...args: Arg[]): Promise<string>;
  customerReadNewestFirst(keyCount: number, ...keys: string[]): Promise<string[][]>;
  customerRegister(...args: Arg[]): Promise<string>;
  customerUpdate(...args: Arg[]): Promise<[string, string]>;
  customerOpenServiceCase(...args: Arg[]): Promise<string>;
  customerReplaceServiceCase(...args: Arg[]): Promise<string>;
}
type ScriptedBatch = ChainableCommander & { customerPutCustomer(...args: Arg[]): ScriptedBatch };

/** Same order as the memory store: newest first, ties by id descending under the same (locale) comparison. */
const newestFirst =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T) =>
    at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));
const interactionOrder = newestFirst<InteractionRecord>(
  (i) => i.occurredAt,
  (i) => i.id,
);
const serviceCaseOrder = newestFirst<ServiceCaseRecord>(
  (c) => c.openedAt,
  (c) => c.id,
);

/** A sorted-set score for an ISO-8601 instant; anything else would sort nowhere sensible. */
function scoreOf(at: string, what: string): number {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`${what} must be an ISO-8601 timestamp, got ${JSON.stringify(at)}`);
  return ms;
}

/**
 * Customers, staff and their history in Redis, shared by every customer-subgraph instance. Batched reads are one
 * command each (MGET, or one read-only script for the newest-first lists); every write is one Lua script, so
 * concurrent deliveries across instances never double-apply an event or lose an interaction.
 */
export class RedisCustomerStore implements CustomerStore {
  private readonly redis: RedisClient & CustomerScripts;
  private readonly ttlSeconds: number;
  private readonly pendingTtlMs: number;

  constructor(redis: RedisClient, options: RedisCustomerStoreOptions = {}) {
    this.pendingTtlMs = (options.anonymousInteractionTtlSeconds ?? DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS) * 1000;
    this.ttlSeconds = options.appliedEventTtlSeconds ?? DEFAULT_APPLIED_EVENT_TTL_SECONDS;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds <= 0) {
      throw new Error(`appliedEventTtlSeconds must be a positive whole number of seconds, got ${this.ttlSeconds}`);
    }
    // Names carry the subgraph so that stores sharing one client never redefine each other's scripts.
    redis.defineCommand("customerApplyEvent", { numberOfKeys: 6, lua: APPLY_EVENT });
    redis.defineCommand("customerAttachCart", { numberOfKeys: 7, lua: ATTACH_CART });
    redis.defineCommand("customerRecordInteraction", { numberOfKeys: 6, lua: RECORD_INTERACTION });
    redis.defineCommand("customerPutCustomer", { numberOfKeys: 6, lua: PUT_CUSTOMER });
    redis.defineCommand("customerReadNewestFirst", { lua: READ_NEWEST_FIRST });
    redis.defineCommand("customerRegister", { numberOfKeys: 6, lua: REGISTER_CUSTOMER });
    redis.defineCommand("customerUpdate", { numberOfKeys: 6, lua: UPDATE_CUSTOMER });
    redis.defineCommand("customerOpenServiceCase", { numberOfKeys: 6, lua: OPEN_SERVICE_CASE });
    redis.defineCommand("customerReplaceServiceCase", { numberOfKeys: 1, lua: REPLACE_SERVICE_CASE });
    this.redis = redis as RedisClient & CustomerScripts;
    this.pointsHolds = new RedisPointsHolds(redis, {
      hold: (key) => `${TAG}:points-hold:${key}`,
      points: customerKeys.points,
      customer: customerKeys.customer,
    });
  }

  readonly pointsHolds: RedisPointsHolds;

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
    const batch = this.redis.pipeline();
    for (const { id, owner } of known) batch.hget(customerKeys.serviceCaseRecords(owner), id);
    const raws = await execOrThrow<string | null>(batch);
    const byId = new Map(known.map(({ id }, i) => [id, raws[i]]));
    return ids.map((id) => {
      const raw = byId.get(id);
      return raw == null ? null : (JSON.parse(raw) as ServiceCaseRecord);
    });
  }

  async findCustomers(lookup: CustomerLookup, limit = Infinity): Promise<CustomerRecord[]> {
    const reads: [index: string, keys: string[]][] = [];
    if (lookup.email != null) reads.push([customerKeys.emailIndex, [emailKey(lookup.email)]]);
    if (lookup.phone != null) reads.push([customerKeys.phoneIndex, phoneLookupKeys(lookup.phone)]);
    if (lookup.loyaltyNumber != null) reads.push([customerKeys.loyaltyNumberIndex, [loyaltyNumberKey(lookup.loyaltyNumber)]]);
    if (reads.length === 0) throw new Error("findCustomers expects at least one of email, phone or loyaltyNumber");
    const batch = this.redis.pipeline();
    for (const [index, keys] of reads) batch.hmget(index, ...keys);
    const answers = await execOrThrow<(string | null)[]>(batch);
    const matches = answers.map((values) => new Set(values.flatMap((raw) => (raw == null ? [] : (JSON.parse(raw) as string[])))));
    const [first, ...rest] = matches;
    const ids = [...first]
      .filter((id) => rest.every((set) => set.has(id)))
      .sort()
      .slice(0, limit);
    // An id whose record is gone reads as no match rather than a hole.
    return (await this.customersById(ids)).filter((customer): customer is CustomerRecord => customer !== null);
  }

  async listAssociates(filter: AssociateFilter): Promise<AssociateRecord[]> {
    const sets: string[] = [];
    if (filter.storeId != null) sets.push(customerKeys.associatesAtStore(filter.storeId));
    if (filter.role != null) sets.push(customerKeys.associatesInRole(filter.role));
    const ids = sets.length === 0 ? await this.redis.smembers(customerKeys.associates) : await this.redis.sinter(...sets);
    const associates = await this.associatesById(ids);
    return associates.filter((a): a is AssociateRecord => a !== null).sort((a, b) => a.id.localeCompare(b.id));
  }

  async applyEvent(eventId: string, change: CustomerChange): Promise<EventOutcome> {
    const { customerId, interaction, loyalty } = change;
    const stored = interaction ? { ...interaction, customerId } : null;
    const outcome = await this.redis.customerApplyEvent(
      customerKeys.appliedEvent(eventId),
      customerKeys.customer(customerId),
      customerKeys.points(customerId),
      customerKeys.timeline(customerId),
      customerKeys.timelineRecords(customerId),
      customerKeys.orderPoints(loyalty?.orderId ?? ""),
      this.ttlSeconds,
      stored?.id ?? "",
      stored ? scoreOf(stored.occurredAt, "interaction.occurredAt") : 0,
      stored ? JSON.stringify(stored) : "",
      loyalty?.kind ?? "",
      loyalty && loyalty.kind !== "REVOKE" ? loyalty.points : 0,
    );
    return outcome as EventOutcome;
  }

  async attachCart(eventId: string, cartId: string, customerId: string): Promise<EventOutcome> {
    const outcome = await this.redis.customerAttachCart(
      customerKeys.appliedEvent(eventId),
      customerKeys.customer(customerId),
      customerKeys.cartPending(cartId),
      customerKeys.cartPendingRecords(cartId),
      customerKeys.cartOwner(cartId),
      customerKeys.timeline(customerId),
      customerKeys.timelineRecords(customerId),
      this.ttlSeconds,
      customerId,
    );
    return outcome as EventOutcome;
  }

  async recordInteraction(interaction: InteractionRecord): Promise<InteractionRecord | null> {
    const cartId = interaction.cartId ?? "";
    const score = scoreOf(interaction.occurredAt, "interaction.occurredAt");
    for (let attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
      // Same precedence as the memory store: a given customer id wins; otherwise the cart's owner, if attached.
      const fromCart = interaction.customerId == null;
      const owner =
        interaction.customerId ?? (interaction.cartId ? await this.redis.get(customerKeys.cartOwner(interaction.cartId)) : null);
      if (!owner && !interaction.cartId) throw new Error("recordInteraction expects a customerId or a cartId");
      const stored: InteractionRecord = { ...interaction, customerId: owner || null };
      const outcome = await this.redis.customerRecordInteraction(
        customerKeys.cartOwner(cartId),
        customerKeys.customer(owner ?? ""),
        customerKeys.timeline(owner ?? ""),
        customerKeys.timelineRecords(owner ?? ""),
        customerKeys.cartPending(cartId),
        customerKeys.cartPendingRecords(cartId),
        owner ?? "",
        fromCart ? "1" : "0",
        stored.id,
        score,
        JSON.stringify(stored),
        this.pendingTtlMs,
      );
      if (outcome === "NO_CUSTOMER") return null;
      if (outcome === "STORED") return stored;
    }
    throw new Error(`cart ${cartId} changed owner ${RECORD_ATTEMPTS} times while an interaction was being recorded`);
  }

  async registerCustomer(profile: NewCustomer): Promise<RegisterOutcome> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      // Drawn outside the script: a number drawn by a registration that then fails is skipped, never reused.
      const loyaltyNumber = loyaltyNumberOf(await this.redis.incr(customerKeys.loyaltySequence));
      const customer: CustomerRecord = { ...profile, loyaltyNumber, loyaltyPoints: 0 };
      const { loyaltyPoints: _points, ...stored } = customer;
      const outcome = await this.redis.customerRegister(
        ...this.profileKeys(profile.id),
        profile.id,
        JSON.stringify(stored),
        emailKey(customer.email),
        customer.phone ? phoneKey(customer.phone) : "",
        loyaltyNumberKey(loyaltyNumber),
      );
      if (outcome === "REGISTERED") return { status: "REGISTERED", customer };
      if (outcome === "EMAIL_TAKEN") return { status: "EMAIL_TAKEN" };
      if (outcome === "ALREADY_REGISTERED") {
        const [existing] = await this.customersById([profile.id]);
        if (existing) return { status: "ALREADY_REGISTERED", customer: existing };
      }
      // LOYALTY_NUMBER_TAKEN: draw another number.
    }
    throw new Error(`could not register customer ${profile.id} in ${CAS_ATTEMPTS} attempts`);
  }

  async updateCustomer(customerId: string, patch: ProfilePatch): Promise<ProfileWrite> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(customerKeys.customer(customerId));
      if (raw == null) return { status: "NOT_FOUND" };
      const next = applyProfilePatch(JSON.parse(raw) as Omit<CustomerRecord, "loyaltyPoints">, patch);
      const [outcome, points] = await this.redis.customerUpdate(
        ...this.profileKeys(customerId),
        customerId,
        raw,
        JSON.stringify(next),
        emailKey(next.email),
        next.phone ? phoneKey(next.phone) : "",
        loyaltyNumberKey(next.loyaltyNumber),
      );
      if (outcome === "UPDATED") return { status: "UPDATED", customer: { ...next, loyaltyPoints: Number(points) } };
      if (outcome === "NOT_FOUND") return { status: "NOT_FOUND" };
      if (outcome === "EMAIL_TAKEN") return { status: "EMAIL_TAKEN" };
      // RETRY: the profile changed since we read it; patch the newer one.
    }
    throw new Error(`customer ${customerId} changed ${CAS_ATTEMPTS} times while being updated`);
  }

  async openServiceCase(serviceCase: ServiceCaseRecord, contact: InteractionRecord | null): Promise<ServiceCaseRecord | null> {
    const { customerId } = serviceCase;
    const stored = contact ? { ...contact, customerId } : null;
    const outcome = await this.redis.customerOpenServiceCase(
      customerKeys.customer(customerId),
      customerKeys.serviceCases(customerId),
      customerKeys.serviceCaseRecords(customerId),
      customerKeys.caseOwner,
      customerKeys.timeline(customerId),
      customerKeys.timelineRecords(customerId),
      customerId,
      serviceCase.id,
      scoreOf(serviceCase.openedAt, "serviceCase.openedAt"),
      JSON.stringify(serviceCase),
      stored?.id ?? "",
      stored ? scoreOf(stored.occurredAt, "contact.occurredAt") : 0,
      stored ? JSON.stringify(stored) : "",
    );
    if (outcome === "NO_CUSTOMER") return null;
    if (outcome === "ID_IN_USE") throw new Error(`service case id ${serviceCase.id} is in use`);
    return structuredClone(serviceCase);
  }

  async addServiceNote(caseId: string, note: ServiceNoteRecord): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => withNote(current, note));
  }

  async resolveServiceCase(caseId: string, resolvedAt: string): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => ({ ...current, status: "RESOLVED", resolvedAt }));
  }

  /** Compare-and-set of an unresolved case: read it, change it, write it only if nobody wrote it in between. */
  private async changeCase(caseId: string, change: (current: ServiceCaseRecord) => ServiceCaseRecord): Promise<ServiceCaseWrite> {
    const owner = await this.redis.hget(customerKeys.caseOwner, caseId);
    if (owner == null) return { status: "NOT_FOUND" };
    const records = customerKeys.serviceCaseRecords(owner);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.hget(records, caseId);
      if (raw == null) return { status: "NOT_FOUND" };
      const current = JSON.parse(raw) as ServiceCaseRecord;
      // Resolved is final, so refusing on what we read is as good as refusing inside the script.
      if (current.status === "RESOLVED") return { status: "CASE_RESOLVED", serviceCase: current };
      const next = change(current);
      const outcome = await this.redis.customerReplaceServiceCase(records, caseId, raw, JSON.stringify(next));
      if (outcome === "UPDATED") return { status: "UPDATED", serviceCase: next };
      if (outcome === "NOT_FOUND") return { status: "NOT_FOUND" };
    }
    throw new Error(`service case ${caseId} changed ${CAS_ATTEMPTS} times while being updated`);
  }

  /** KEYS of the profile scripts, in their order. */
  private profileKeys(customerId: string): string[] {
    return [
      customerKeys.customer(customerId),
      customerKeys.points(customerId),
      customerKeys.emailIndex,
      customerKeys.phoneIndex,
      customerKeys.loyaltyNumberIndex,
      customerKeys.filedUnder,
    ];
  }

  /**
   * Loads `seed` unless this Redis was seeded before: the marker is claimed first with SET NX, so of several
   * instances starting together exactly one seeds, and a Redis holding live data is never overwritten. Each chunk is
   * one MULTI, so every record lands together with the indexes that point at it. Answers whether it seeded.
   * Should seeding die half-way, delete the marker to run it again; it rewrites the same keys.
   */
  async seedIfEmpty(seed: CustomerSeed): Promise<boolean> {
    const claimed = await this.redis.set(customerKeys.seeded, new Date().toISOString(), "NX");
    if (claimed === null) return false;
    const writes: ((batch: ScriptedBatch) => void)[] = [];
    for (const customer of seed.customers) writes.push((batch) => this.putCustomer(batch, customer));
    for (const associate of seed.associates) {
      writes.push((batch) => {
        batch.set(customerKeys.associate(associate.id), JSON.stringify(associate));
        batch.sadd(customerKeys.associates, associate.id);
        batch.sadd(customerKeys.associatesInRole(associate.role), associate.id);
        if (associate.homeStoreId != null) batch.sadd(customerKeys.associatesAtStore(associate.homeStoreId), associate.id);
      });
    }
    // Each list (a customer's timeline, an anonymous cart's pending interactions, a customer's service cases) goes in
    // two variadic commands, ZADD of every entry and HSET of every record, rather than two per entry.
    const lists = new Map<
      string,
      { records: string; scored: (string | number)[]; json: Map<string, string>; owners?: Map<string, string> }
    >();
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
    for (const [list, { records, scored, json, owners }] of lists) {
      writes.push((batch) => {
        batch.zadd(list, ...scored);
        batch.hset(records, json);
        if (owners) batch.hset(customerKeys.caseOwner, owners);
      });
    }
    // Commands per write are 1 to 4; chunking by write count keeps each MULTI near SEED_CHUNK commands.
    const perChunk = Math.max(1, Math.floor(SEED_CHUNK / 3));
    await inBatches(writes, perChunk, SEED_IN_FLIGHT, async (chunk) => {
      const batch = this.redis.multi() as ScriptedBatch;
      for (const write of chunk) write(batch);
      await execOrThrow(batch);
    });
    return true;
  }

  private putCustomer(batch: ScriptedBatch, customer: CustomerRecord): void {
    const { loyaltyPoints, ...profile } = customer;
    batch.customerPutCustomer(
      ...this.profileKeys(customer.id),
      customer.id,
      JSON.stringify(profile),
      loyaltyPoints,
      emailKey(customer.email),
      customer.phone ? phoneKey(customer.phone) : "",
      loyaltyNumberKey(customer.loyaltyNumber),
    );
  }

  private async newestFirstLists<T>(keys: string[]): Promise<T[][]> {
    if (keys.length === 0) return [];
    const lists = await this.redis.customerReadNewestFirst(keys.length, ...keys);
    return lists.map((list) => list.map((raw) => JSON.parse(raw) as T));
  }
}

/** Runs a pipeline or MULTI and fails on the first command that failed, instead of handing back [error, result] pairs. */
async function execOrThrow<T = unknown>(batch: ChainableCommander): Promise<T[]> {
  const results = (await batch.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value as T;
  });
}

/** The Redis customer store, seeded when `options.seed` is given and this Redis was never seeded. */
export async function createRedisCustomerStore(redis: RedisClient, options: RedisCustomerStoreOptions = {}): Promise<RedisCustomerStore> {
  const store = new RedisCustomerStore(redis, options);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}
