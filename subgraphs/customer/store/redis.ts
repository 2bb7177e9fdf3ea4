import { RedisPointsHolds } from "./points-holds.js";
import type { RedisClient } from "../../../lib/redis.js";
import { contactKeysOf } from "../rules/contact.js";
import { loyaltyNumberOf } from "../rules/loyalty.js";
import { applyProfilePatch } from "../rules/profile.js";
import { assigned, changeUnresolved, resolved, withNote } from "../rules/service-case.js";
import { ownerOf } from "../rules/timeline.js";
import type { CustomerSeed } from "../seed.js";
import {
  DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS,
  type CustomerChange,
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
import { customerKeys, profileKeys, queueKeysOf, scoreOf } from "./redis-keys.js";
import { RedisCustomerReads } from "./redis-reads.js";
import { seedCustomers } from "./redis-seed.js";

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

/** An attachment can change a cart's owner between our read and our script at most once or twice in practice. */
const RECORD_ATTEMPTS = 10;
/**
 * Compare-and-set rounds before giving up: each round some writer wins, so N writers racing on one record need at
 * most N rounds; far more than any record sees at once.
 */
const CAS_ATTEMPTS = 100;

/** The contact keys a profile script files the customer under, as its last three arguments. */
function contactKeyArgs(customer: Pick<CustomerRecord, "email" | "phone" | "loyaltyNumber">): string[] {
  const keys = contactKeysOf(customer);
  return [keys.email, keys.phone, keys.loyaltyNumber];
}

/**
 * Customers, staff and their history in Redis, shared by every customer-subgraph instance. Reads are in
 * redis-reads.ts; every write is one Lua script (lua/, through scripts.ts), so concurrent deliveries across
 * instances never double-apply an event or lose an interaction. Keys are in redis-keys.ts.
 */
export class RedisCustomerStore extends RedisCustomerReads implements CustomerStore {
  readonly pointsHolds: RedisPointsHolds;
  private readonly ttlSeconds: number;
  private readonly pendingTtlMs: number;

  constructor(redis: RedisClient, options: RedisCustomerStoreOptions = {}) {
    super(redis);
    this.pendingTtlMs = (options.anonymousInteractionTtlSeconds ?? DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS) * 1000;
    this.ttlSeconds = options.appliedEventTtlSeconds ?? DEFAULT_APPLIED_EVENT_TTL_SECONDS;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds <= 0) {
      throw new Error(`appliedEventTtlSeconds must be a positive whole number of seconds, got ${this.ttlSeconds}`);
    }
    this.pointsHolds = new RedisPointsHolds(redis, this.scripts);
  }

  async applyEvent(eventId: string, change: CustomerChange): Promise<EventOutcome> {
    const { customerId, interaction, loyalty } = change;
    const stored = interaction ? { ...interaction, customerId } : null;
    const outcome = await this.scripts.customerApplyEvent(
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
    const outcome = await this.scripts.customerAttachCart(
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
    // Same precedence as the memory store (ownerOf): a given customer id wins; otherwise the cart's owner, if attached.
    const fromCart = interaction.customerId == null;
    for (let attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
      const cartOwner = fromCart && interaction.cartId ? await this.redis.get(customerKeys.cartOwner(interaction.cartId)) : null;
      const target = ownerOf(interaction, cartOwner);
      const owner = "customerId" in target ? target.customerId : "";
      const stored: InteractionRecord = { ...interaction, customerId: owner || null };
      const outcome = await this.scripts.customerRecordInteraction(
        customerKeys.cartOwner(cartId),
        customerKeys.customer(owner),
        customerKeys.timeline(owner),
        customerKeys.timelineRecords(owner),
        customerKeys.cartPending(cartId),
        customerKeys.cartPendingRecords(cartId),
        owner,
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
      const outcome = await this.scripts.customerRegister(
        ...profileKeys(profile.id),
        profile.id,
        JSON.stringify(stored),
        ...contactKeyArgs(customer),
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
      const [outcome, points] = (await this.scripts.customerUpdate(
        ...profileKeys(customerId),
        customerId,
        raw,
        JSON.stringify(next),
        ...contactKeyArgs(next),
      )) as [string, string];
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
    const keys = [
      customerKeys.customer(customerId),
      customerKeys.serviceCases(customerId),
      customerKeys.serviceCaseRecords(customerId),
      customerKeys.caseOwner,
      customerKeys.timeline(customerId),
      customerKeys.timelineRecords(customerId),
      ...queueKeysOf(serviceCase),
    ];
    const outcome = await this.scripts.customerOpenServiceCase(
      keys.length,
      ...keys,
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
    return this.changeCase(caseId, (current) => resolved(current, resolvedAt));
  }

  async assignServiceCase(caseId: string, associateId: string, at: string): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => assigned(current, associateId, at));
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
      const write = changeUnresolved(current, change);
      if (write.status !== "UPDATED") return write;
      const [left, joined] = [queueKeysOf(current), queueKeysOf(write.serviceCase)];
      const outcome = await this.scripts.customerReplaceServiceCase(
        1 + left.length + joined.length,
        records,
        ...left,
        ...joined,
        caseId,
        raw,
        JSON.stringify(write.serviceCase),
        scoreOf(current.openedAt, "serviceCase.openedAt"),
        left.length,
      );
      if (outcome === "UPDATED") return write;
      if (outcome === "NOT_FOUND") return { status: "NOT_FOUND" };
    }
    throw new Error(`service case ${caseId} changed ${CAS_ATTEMPTS} times while being updated`);
  }

  /** Loads `seed` unless this Redis was seeded before (redis-seed.ts); answers whether it seeded. */
  seedIfEmpty(seed: CustomerSeed): Promise<boolean> {
    return seedCustomers(this.redis, seed);
  }
}

/** The Redis customer store, seeded when `options.seed` is given and this Redis was never seeded. */
export async function createRedisCustomerStore(redis: RedisClient, options: RedisCustomerStoreOptions = {}): Promise<RedisCustomerStore> {
  const store = new RedisCustomerStore(redis, options);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}
