import { emailKey, loyaltyNumberKey, phoneKey, phoneLookupKeys } from "../contact.js";
import type { CustomerSeed } from "../seed.js";
import type {
  AssociateFilter,
  AssociateRecord,
  CustomerLookup,
  CustomerRecord,
  CustomerStore,
  InteractionRecord,
  ServiceCaseRecord,
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

  get(keys: readonly string[]): Set<string> {
    return new Set(keys.flatMap((key) => [...(this.ids.get(key) ?? [])]));
  }
}

const newestFirst = <T>(at: (item: T) => string, id: (item: T) => string) => (a: T, b: T) =>
  at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));

/** The embedded default: customers, staff and their history held in maps, answered in batches like any other store. */
export class MemoryCustomerStore implements CustomerStore {
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly associates = new Map<string, AssociateRecord>();
  private readonly interactions = new Map<string, InteractionRecord[]>();
  private readonly serviceCases = new Map<string, ServiceCaseRecord[]>();
  private readonly byEmail = new LookupIndex();
  private readonly byPhone = new LookupIndex();
  private readonly byLoyaltyNumber = new LookupIndex();

  constructor(seed: CustomerSeed) {
    for (const customer of seed.customers) this.indexCustomer(customer);
    for (const associate of seed.associates) this.associates.set(associate.id, associate);
    for (const interaction of seed.interactions) listOf(this.interactions, interaction.customerId).push(interaction);
    for (const list of this.interactions.values()) list.sort(newestFirst((i) => i.occurredAt, (i) => i.id));
    for (const serviceCase of seed.serviceCases) listOf(this.serviceCases, serviceCase.customerId).push(serviceCase);
    for (const list of this.serviceCases.values()) list.sort(newestFirst((c) => c.openedAt, (c) => c.id));
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

  async findCustomers(lookup: CustomerLookup) {
    const matches: Set<string>[] = [];
    if (lookup.email != null) matches.push(this.byEmail.get([emailKey(lookup.email)]));
    if (lookup.phone != null) matches.push(this.byPhone.get(phoneLookupKeys(lookup.phone)));
    if (lookup.loyaltyNumber != null) matches.push(this.byLoyaltyNumber.get([loyaltyNumberKey(lookup.loyaltyNumber)]));
    if (matches.length === 0) throw new Error("findCustomers expects at least one of email, phone or loyaltyNumber");
    const [first, ...rest] = matches;
    return [...first]
      .filter((id) => rest.every((set) => set.has(id)))
      .sort()
      .map((id) => this.customers.get(id)!);
  }

  async listAssociates(filter: AssociateFilter) {
    return [...this.associates.values()]
      .filter((a) => (filter.storeId == null || a.homeStoreId === filter.storeId) && (filter.role == null || a.role === filter.role))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  private indexCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.byEmail.add(emailKey(customer.email), customer.id);
    if (customer.phone) this.byPhone.add(phoneKey(customer.phone), customer.id);
    this.byLoyaltyNumber.add(loyaltyNumberKey(customer.loyaltyNumber), customer.id);
  }
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
