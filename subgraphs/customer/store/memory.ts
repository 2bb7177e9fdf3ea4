import { MemoryPointsHolds } from "./points-holds.js";
import { ExpiringMap } from "../../../lib/expiring-map.js";
import { emailKey, foundByAll, loyaltyNumberKey, lookupReads } from "../rules/contact.js";
import { moveLoyaltyPoints, NOTHING_EARNED, type OrderPoints } from "../rules/loyalty-ledger.js";
import { loyaltyNumberOf } from "../rules/loyalty.js";
import { applyProfilePatch } from "../rules/profile.js";
import { assigned, changeUnresolved, inQueue, queueOrder, resolved, withNote } from "../rules/service-case.js";
import { mergeTimeline, ownerOf, serviceCaseOrder } from "../rules/timeline.js";
import type { CustomerSeed } from "../seed.js";
import {
  DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS,
  type AssociateFilter,
  type AssociateRecord,
  type CaseQueueFilter,
  type CaseQueuePage,
  type CustomerLookup,
  type CustomerRecord,
  type CustomerChange,
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
import { ContactIndexes } from "./memory-lookup.js";

export interface MemoryCustomerStoreOptions {
  /** ANONYMOUS_INTERACTION_TTL_SECONDS: how long a cart's pending interactions outlive the latest one. Default 7 days. */
  anonymousInteractionTtlSeconds?: number;
}

/** The embedded default: customers, staff and their history held in maps, answered in batches like any other store. */
export class MemoryCustomerStore implements CustomerStore {
  readonly pointsHolds = new MemoryPointsHolds({
    get: (customerId) => this.customers.get(customerId)?.loyaltyPoints ?? null,
    add: (customerId, points) => {
      const customer = this.customers.get(customerId);
      if (customer) this.customers.set(customerId, { ...customer, loyaltyPoints: Math.max(0, customer.loyaltyPoints + points) });
    },
  });
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly associates = new Map<string, AssociateRecord>();
  private readonly interactions = new Map<string, InteractionRecord[]>();
  private readonly serviceCases = new Map<string, ServiceCaseRecord[]>();
  private readonly contacts = new ContactIndexes();
  /** Interactions of anonymous shoppers, by cart, until the cart is attached to a customer. */
  private readonly pendingByCart: ExpiringMap<string, InteractionRecord[]>;
  /** Carts attached to a customer: later interactions on them go straight to the owner. */
  private readonly cartOwners = new Map<string, string>();
  /** Ids of domain events already applied. Kept for the process's life; Redis keeps them under a TTL. */
  private readonly appliedEvents = new Set<string>();
  private readonly orderPoints = new Map<string, OrderPoints>();
  /** Case id → its customer, to find a case among its customer's list. */
  private readonly caseOwners = new Map<string, string>();
  /** The last loyalty sequence number handed out (`loyaltyNumberOf`). */
  private loyaltySequence = 0;

  constructor(seed: CustomerSeed, options: MemoryCustomerStoreOptions = {}) {
    // Lapses like the Redis store's keys: ANONYMOUS_INTERACTION_TTL_SECONDS after the last interaction added.
    this.pendingByCart = new ExpiringMap((options.anonymousInteractionTtlSeconds ?? DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS) * 1000);
    for (const customer of seed.customers) this.indexCustomer(customer);
    for (const associate of seed.associates) this.associates.set(associate.id, associate);
    for (const interaction of seed.interactions) {
      if (interaction.customerId) listOf(this.interactions, interaction.customerId).push(interaction);
      else if (interaction.cartId) listOf(this.pendingByCart, interaction.cartId).push(interaction);
    }
    for (const [customerId, list] of this.interactions) this.interactions.set(customerId, mergeTimeline([], list));
    for (const serviceCase of seed.serviceCases) {
      listOf(this.serviceCases, serviceCase.customerId).push(serviceCase);
      this.caseOwners.set(serviceCase.id, serviceCase.customerId);
    }
    for (const list of this.serviceCases.values()) list.sort(serviceCaseOrder);
  }

  async customersById(ids: readonly string[]) {
    return ids.map((id) => this.customers.get(id) ?? null);
  }

  async associatesById(ids: readonly string[]) {
    return ids.map((id) => this.associates.get(id) ?? null);
  }

  async interactionsByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => [...(this.interactions.get(id) ?? [])]);
  }

  async serviceCasesByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => [...(this.serviceCases.get(id) ?? [])]);
  }

  async serviceCasesById(ids: readonly string[]) {
    return ids.map((id) => {
      const found = this.findCase(id);
      return found ? { ...found.serviceCase } : null;
    });
  }

  /** Filters every case: fine for the embedded store's few thousand; Redis keeps an index instead. */
  async serviceCaseQueue(filter: CaseQueueFilter, offset: number, limit: number): Promise<CaseQueuePage> {
    const queue = [...this.serviceCases.values()].flat().filter((c) => inQueue(c, filter));
    queue.sort(queueOrder);
    return { cases: structuredClone(queue.slice(offset, offset + limit)), totalCount: queue.length };
  }

  async findCustomers(lookup: CustomerLookup, limit = Infinity) {
    const matches = lookupReads(lookup).map(({ index, keys }) => this.contacts.find(index, keys));
    return foundByAll(matches, limit).map((id) => this.customers.get(id)!);
  }

  async listAssociates(filter: AssociateFilter) {
    return [...this.associates.values()]
      .filter((a) => (filter.storeId == null || a.homeStoreId === filter.storeId) && (filter.role == null || a.role === filter.role))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  // Writes: no await between the checks and the changes, so each is atomic within the process. Records are replaced,
  // never mutated, so a request that already read one keeps a consistent copy.

  async applyEvent(eventId: string, change: CustomerChange): Promise<EventOutcome> {
    if (this.appliedEvents.has(eventId)) return "DUPLICATE";
    this.appliedEvents.add(eventId);
    const customer = this.customers.get(change.customerId);
    if (!customer) return "UNKNOWN_CUSTOMER";
    if (change.interaction) this.addToTimeline(customer.id, [{ ...change.interaction, customerId: customer.id }]);
    if (change.loyalty) {
      const { orderId } = change.loyalty;
      const moved = moveLoyaltyPoints(customer.loyaltyPoints, this.orderPoints.get(orderId) ?? NOTHING_EARNED, change.loyalty);
      this.orderPoints.set(orderId, moved.ledger);
      this.customers.set(customer.id, { ...customer, loyaltyPoints: moved.balance });
    }
    return "APPLIED";
  }

  async attachCart(eventId: string, cartId: string, customerId: string): Promise<EventOutcome> {
    if (this.appliedEvents.has(eventId)) return "DUPLICATE";
    this.appliedEvents.add(eventId);
    if (!this.customers.has(customerId)) return "UNKNOWN_CUSTOMER";
    const pending = this.pendingByCart.get(cartId) ?? [];
    this.pendingByCart.delete(cartId);
    this.cartOwners.set(cartId, customerId);
    this.addToTimeline(
      customerId,
      pending.map((interaction) => ({ ...interaction, customerId })),
    );
    return "APPLIED";
  }

  async recordInteraction(interaction: InteractionRecord): Promise<InteractionRecord | null> {
    const owner = ownerOf(interaction, interaction.cartId ? (this.cartOwners.get(interaction.cartId) ?? null) : null);
    if ("customerId" in owner) {
      if (!this.customers.has(owner.customerId)) return null;
      const stored = { ...interaction, customerId: owner.customerId };
      this.addToTimeline(owner.customerId, [stored]);
      return { ...stored };
    }
    const stored = { ...interaction, customerId: null };
    const pending = listOf(this.pendingByCart, owner.cartId);
    pending.push(stored);
    // Set again, so the cart's pending interactions lapse that long after the latest one.
    this.pendingByCart.set(owner.cartId, pending);
    return { ...stored };
  }

  async registerCustomer(profile: NewCustomer): Promise<RegisterOutcome> {
    const existing = this.customers.get(profile.id);
    if (existing) return { status: "ALREADY_REGISTERED", customer: existing };
    if (this.emailTaken(profile.email, profile.id)) return { status: "EMAIL_TAKEN" };
    let loyaltyNumber = loyaltyNumberOf(++this.loyaltySequence);
    // A number someone already carries is skipped, never shared.
    while (this.contacts.find("loyaltyNumber", [loyaltyNumberKey(loyaltyNumber)]).size > 0)
      loyaltyNumber = loyaltyNumberOf(++this.loyaltySequence);
    const customer: CustomerRecord = { ...profile, addresses: [...profile.addresses], loyaltyNumber, loyaltyPoints: 0 };
    this.indexCustomer(customer);
    return { status: "REGISTERED", customer };
  }

  async updateCustomer(customerId: string, patch: ProfilePatch): Promise<ProfileWrite> {
    const current = this.customers.get(customerId);
    if (!current) return { status: "NOT_FOUND" };
    const next = applyProfilePatch(current, patch);
    if (this.emailTaken(next.email, customerId)) return { status: "EMAIL_TAKEN" };
    this.contacts.unfile(current);
    this.indexCustomer(next);
    return { status: "UPDATED", customer: next };
  }

  async openServiceCase(serviceCase: ServiceCaseRecord, contact: InteractionRecord | null): Promise<ServiceCaseRecord | null> {
    if (this.caseOwners.has(serviceCase.id)) throw new Error(`service case id ${serviceCase.id} is in use`);
    if (!this.customers.has(serviceCase.customerId)) return null;
    const stored = structuredClone(serviceCase);
    this.caseOwners.set(stored.id, stored.customerId);
    const cases = [...(this.serviceCases.get(stored.customerId) ?? []), stored];
    this.serviceCases.set(stored.customerId, cases.sort(serviceCaseOrder));
    if (contact) this.addToTimeline(stored.customerId, [{ ...contact, customerId: stored.customerId }]);
    return structuredClone(stored);
  }

  async addServiceNote(caseId: string, note: ServiceNoteRecord): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => withNote(current, { ...note }));
  }

  async resolveServiceCase(caseId: string, resolvedAt: string): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => resolved(current, resolvedAt));
  }

  async assignServiceCase(caseId: string, associateId: string, at: string): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => assigned(current, associateId, at));
  }

  /** Replaces an unresolved case with `change(case)`, keeping its place in its customer's list. */
  private changeCase(caseId: string, change: (current: ServiceCaseRecord) => ServiceCaseRecord): ServiceCaseWrite {
    const found = this.findCase(caseId);
    if (!found) return { status: "NOT_FOUND" };
    const { serviceCase, list, customerId } = found;
    const write = changeUnresolved(serviceCase, change);
    if (write.status === "UPDATED") {
      this.serviceCases.set(
        customerId,
        list.map((c) => (c.id === caseId ? write.serviceCase : c)),
      );
    }
    return structuredClone(write);
  }

  private findCase(caseId: string): { serviceCase: ServiceCaseRecord; list: ServiceCaseRecord[]; customerId: string } | null {
    const customerId = this.caseOwners.get(caseId);
    if (!customerId) return null;
    const list = this.serviceCases.get(customerId) ?? [];
    const serviceCase = list.find((c) => c.id === caseId);
    return serviceCase ? { serviceCase, list, customerId } : null;
  }

  /** True when a customer other than `customerId` is filed under the email. */
  private emailTaken(email: string, customerId: string): boolean {
    return [...this.contacts.find("email", [emailKey(email)])].some((id) => id !== customerId);
  }

  /**
   * A new list rather than an in-place change: readers hold copies, and the order stays newest first. One entry per
   * interaction id (the later write wins), so an event applied again under a lost applied-event record shows once.
   */
  private addToTimeline(customerId: string, added: InteractionRecord[]): void {
    if (added.length === 0) return;
    this.interactions.set(customerId, mergeTimeline(this.interactions.get(customerId) ?? [], added));
  }

  private indexCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.contacts.file(customer);
  }
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
