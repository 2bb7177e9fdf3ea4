import { MemoryPointsHolds } from "./points-holds.js";
import { ExpiringMap } from "../../../lib/expiring-map.js";
import { emailKey, loyaltyNumberKey, phoneKey, phoneLookupKeys } from "../rules/contact.js";
import { loyaltyNumberOf } from "../rules/loyalty.js";
import type { CustomerSeed } from "../seed.js";
import {
  applyProfilePatch,
  DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS,
  withNote,
  type AssociateFilter,
  AssociateRecord,
  type CustomerLookup,
  type CustomerRecord,
  type CustomerChange,
  type CustomerStore,
  type EventOutcome,
  type InteractionRecord,
  type LoyaltyChange,
  type NewCustomer,
  type ProfilePatch,
  type ProfileWrite,
  type RegisterOutcome,
  type ServiceCaseRecord,
  type ServiceCaseWrite,
  type ServiceNoteRecord,
} from "./index.js";

/** key → ids; several customers may share a phone (a household), so every index allows many. */
class LookupIndex {
  private readonly ids = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    if (!key) return;
    let set = this.ids.get(key);
    if (!set) this.ids.set(key, (set = new Set()));
    set.add(id);
  }

  remove(key: string, id: string): void {
    const set = this.ids.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.ids.delete(key);
  }

  get(keys: readonly string[]): Set<string> {
    return new Set(keys.flatMap((key) => [...(this.ids.get(key) ?? [])]));
  }
}

/** What one order did to its customer's points; a cancellation gives back exactly `held`. */
interface OrderPoints {
  earned: boolean;
  /** Points the order still holds: earned minus what its refunds took back. */
  held: number;
  cancelled: boolean;
}

const newestFirst =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T) =>
    at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));

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
  private readonly byEmail = new LookupIndex();
  private readonly byPhone = new LookupIndex();
  private readonly byLoyaltyNumber = new LookupIndex();
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
    for (const list of this.interactions.values())
      list.sort(
        newestFirst(
          (i) => i.occurredAt,
          (i) => i.id,
        ),
      );
    for (const serviceCase of seed.serviceCases) {
      listOf(this.serviceCases, serviceCase.customerId).push(serviceCase);
      this.caseOwners.set(serviceCase.id, serviceCase.customerId);
    }
    for (const list of this.serviceCases.values())
      list.sort(
        newestFirst(
          (c) => c.openedAt,
          (c) => c.id,
        ),
      );
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

  async findCustomers(lookup: CustomerLookup, limit = Infinity) {
    const matches: Set<string>[] = [];
    if (lookup.email != null) matches.push(this.byEmail.get([emailKey(lookup.email)]));
    if (lookup.phone != null) matches.push(this.byPhone.get(phoneLookupKeys(lookup.phone)));
    if (lookup.loyaltyNumber != null) matches.push(this.byLoyaltyNumber.get([loyaltyNumberKey(lookup.loyaltyNumber)]));
    if (matches.length === 0) throw new Error("findCustomers expects at least one of email, phone or loyaltyNumber");
    const [first, ...rest] = matches;
    return [...first]
      .filter((id) => rest.every((set) => set.has(id)))
      .sort()
      .slice(0, limit)
      .map((id) => this.customers.get(id)!);
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
    if (change.loyalty)
      this.customers.set(customer.id, { ...customer, loyaltyPoints: this.movePoints(customer.loyaltyPoints, change.loyalty) });
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
    const owner = interaction.customerId ?? (interaction.cartId ? (this.cartOwners.get(interaction.cartId) ?? null) : null);
    if (owner) {
      if (!this.customers.has(owner)) return null;
      const stored = { ...interaction, customerId: owner };
      this.addToTimeline(owner, [stored]);
      return { ...stored };
    }
    if (!interaction.cartId) throw new Error("recordInteraction expects a customerId or a cartId");
    const stored = { ...interaction, customerId: null };
    const pending = listOf(this.pendingByCart, interaction.cartId);
    pending.push(stored);
    // Set again, so the cart's pending interactions lapse that long after the latest one.
    this.pendingByCart.set(interaction.cartId, pending);
    return { ...stored };
  }

  async registerCustomer(profile: NewCustomer): Promise<RegisterOutcome> {
    const existing = this.customers.get(profile.id);
    if (existing) return { status: "ALREADY_REGISTERED", customer: existing };
    if (this.emailTaken(profile.email, profile.id)) return { status: "EMAIL_TAKEN" };
    let loyaltyNumber = loyaltyNumberOf(++this.loyaltySequence);
    // A number someone already carries is skipped, never shared.
    while (this.byLoyaltyNumber.get([loyaltyNumberKey(loyaltyNumber)]).size > 0) loyaltyNumber = loyaltyNumberOf(++this.loyaltySequence);
    const customer: CustomerRecord = { ...profile, addresses: [...profile.addresses], loyaltyNumber, loyaltyPoints: 0 };
    this.indexCustomer(customer);
    return { status: "REGISTERED", customer };
  }

  async updateCustomer(customerId: string, patch: ProfilePatch): Promise<ProfileWrite> {
    const current = this.customers.get(customerId);
    if (!current) return { status: "NOT_FOUND" };
    const next = applyProfilePatch(current, patch);
    if (this.emailTaken(next.email, customerId)) return { status: "EMAIL_TAKEN" };
    this.unindexCustomer(current);
    this.indexCustomer(next);
    return { status: "UPDATED", customer: next };
  }

  async openServiceCase(serviceCase: ServiceCaseRecord, contact: InteractionRecord | null): Promise<ServiceCaseRecord | null> {
    if (this.caseOwners.has(serviceCase.id)) throw new Error(`service case id ${serviceCase.id} is in use`);
    if (!this.customers.has(serviceCase.customerId)) return null;
    const stored = structuredClone(serviceCase);
    this.caseOwners.set(stored.id, stored.customerId);
    const cases = [...(this.serviceCases.get(stored.customerId) ?? []), stored];
    this.serviceCases.set(
      stored.customerId,
      cases.sort(
        newestFirst(
          (c) => c.openedAt,
          (c) => c.id,
        ),
      ),
    );
    if (contact) this.addToTimeline(stored.customerId, [{ ...contact, customerId: stored.customerId }]);
    return structuredClone(stored);
  }

  async addServiceNote(caseId: string, note: ServiceNoteRecord): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => withNote(current, { ...note }));
  }

  async resolveServiceCase(caseId: string, resolvedAt: string): Promise<ServiceCaseWrite> {
    return this.changeCase(caseId, (current) => ({ ...current, status: "RESOLVED", resolvedAt }));
  }

  /** Replaces an unresolved case with `change(case)`, keeping its place in its customer's list. */
  private changeCase(caseId: string, change: (current: ServiceCaseRecord) => ServiceCaseRecord): ServiceCaseWrite {
    const found = this.findCase(caseId);
    if (!found) return { status: "NOT_FOUND" };
    const { serviceCase, list, customerId } = found;
    if (serviceCase.status === "RESOLVED") return { status: "CASE_RESOLVED", serviceCase: structuredClone(serviceCase) };
    const next = change(serviceCase);
    this.serviceCases.set(
      customerId,
      list.map((c) => (c.id === caseId ? next : c)),
    );
    return { status: "UPDATED", serviceCase: structuredClone(next) };
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
    return [...this.byEmail.get([emailKey(email)])].some((id) => id !== customerId);
  }

  /**
   * A new list rather than an in-place change: readers hold copies, and the order stays newest first. One entry per
   * interaction id (the later write wins), so an event applied again under a lost applied-event record shows once.
   */
  private addToTimeline(customerId: string, added: InteractionRecord[]): void {
    if (added.length === 0) return;
    const byId = new Map((this.interactions.get(customerId) ?? []).map((i) => [i.id, i]));
    for (const interaction of added) byId.set(interaction.id, interaction);
    this.interactions.set(
      customerId,
      [...byId.values()].sort(
        newestFirst(
          (i) => i.occurredAt,
          (i) => i.id,
        ),
      ),
    );
  }

  /** The new balance after `change`, keeping the order's ledger in step. */
  private movePoints(balance: number, change: LoyaltyChange): number {
    const entry = this.orderPoints.get(change.orderId) ?? { earned: false, held: 0, cancelled: false };
    switch (change.kind) {
      case "EARN": {
        if (entry.earned || entry.cancelled) return balance;
        this.orderPoints.set(change.orderId, { ...entry, earned: true, held: change.points });
        return balance + change.points;
      }
      case "DEDUCT": {
        const taken = Math.min(change.points, balance);
        this.orderPoints.set(change.orderId, { ...entry, held: Math.max(0, entry.held - taken) });
        return balance - taken;
      }
      case "REVOKE": {
        const taken = Math.min(entry.held, balance);
        this.orderPoints.set(change.orderId, { ...entry, held: 0, cancelled: true });
        return balance - taken;
      }
    }
  }

  private indexCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.byEmail.add(emailKey(customer.email), customer.id);
    if (customer.phone) this.byPhone.add(phoneKey(customer.phone), customer.id);
    this.byLoyaltyNumber.add(loyaltyNumberKey(customer.loyaltyNumber), customer.id);
  }

  private unindexCustomer(customer: CustomerRecord): void {
    this.byEmail.remove(emailKey(customer.email), customer.id);
    if (customer.phone) this.byPhone.remove(phoneKey(customer.phone), customer.id);
    this.byLoyaltyNumber.remove(loyaltyNumberKey(customer.loyaltyNumber), customer.id);
  }
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
