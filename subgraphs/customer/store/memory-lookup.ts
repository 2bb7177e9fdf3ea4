import type { LookupIndexName } from "../rules/contact.js";
import { contactKeysOf } from "../rules/contact.js";
import type { CustomerRecord } from "./records.js";

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

/** The memory store's email, phone and loyalty-number indexes, filed under `contactKeysOf` like Redis's hashes. */
export class ContactIndexes {
  private readonly indexes: Record<LookupIndexName, LookupIndex> = {
    email: new LookupIndex(),
    phone: new LookupIndex(),
    loyaltyNumber: new LookupIndex(),
  };

  file(customer: CustomerRecord): void {
    const keys = contactKeysOf(customer);
    for (const index of Object.keys(this.indexes) as LookupIndexName[]) this.indexes[index].add(keys[index], customer.id);
  }

  unfile(customer: CustomerRecord): void {
    const keys = contactKeysOf(customer);
    for (const index of Object.keys(this.indexes) as LookupIndexName[]) this.indexes[index].remove(keys[index], customer.id);
  }

  /** The ids filed in `index` under any of `keys`. */
  find(index: LookupIndexName, keys: readonly string[]): Set<string> {
    return this.indexes[index].get(keys);
  }
}
