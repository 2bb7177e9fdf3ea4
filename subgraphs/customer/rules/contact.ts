import { emailKey } from "../../../lib/text.js";
import type { CustomerLookup } from "../store/changes.js";
import type { CustomerRecord } from "../store/records.js";

/**
 * How customers are looked up at a till or by a call-center agent. Lookups are exact, but what people type varies:
 * email case, Unicode form and phone punctuation must not hide a customer.
 */

/** NFC, trimmed, lower-cased: the key of the email index, which registration and profile changes keep unique. */
export { emailKey };

/** The phone number's digits; the key of the phone index. */
export function phoneKey(phone: string): string {
  return phone.replace(/\D/g, "");
}

/**
 * The index keys a typed phone number may be stored under. A ten-digit number is also tried with the North American
 * country code, because staff read numbers back without the "+1" that profiles are stored with.
 */
export function phoneLookupKeys(phone: string): string[] {
  const digits = phoneKey(phone);
  return digits.length === 10 ? [digits, `1${digits}`] : [digits];
}

export function loyaltyNumberKey(loyaltyNumber: string): string {
  return loyaltyNumber.trim();
}

/** The keys a customer is filed under in the three lookup indexes; "" for no phone (filed under nothing). */
export function contactKeysOf(customer: Pick<CustomerRecord, "email" | "phone" | "loyaltyNumber">): {
  email: string;
  phone: string;
  loyaltyNumber: string;
} {
  return {
    email: emailKey(customer.email),
    phone: customer.phone ? phoneKey(customer.phone) : "",
    loyaltyNumber: loyaltyNumberKey(customer.loyaltyNumber),
  };
}

export type LookupIndexName = "email" | "phone" | "loyaltyNumber";

/** The index reads a lookup makes, each with the keys it may match under; a customer must be found by every one. */
export function lookupReads(lookup: CustomerLookup): { index: LookupIndexName; keys: string[] }[] {
  const reads: { index: LookupIndexName; keys: string[] }[] = [];
  if (lookup.email != null) reads.push({ index: "email", keys: [emailKey(lookup.email)] });
  if (lookup.phone != null) reads.push({ index: "phone", keys: phoneLookupKeys(lookup.phone) });
  if (lookup.loyaltyNumber != null) reads.push({ index: "loyaltyNumber", keys: [loyaltyNumberKey(lookup.loyaltyNumber)] });
  if (reads.length === 0) throw new Error("findCustomers expects at least one of email, phone or loyaltyNumber");
  return reads;
}

/** The ids every read found, lowest first, at most `limit`: a broad detail cannot list the customer base. */
export function foundByAll(matches: readonly ReadonlySet<string>[], limit = Infinity): string[] {
  const [first, ...rest] = matches;
  return [...(first ?? [])]
    .filter((id) => rest.every((set) => set.has(id)))
    .sort()
    .slice(0, limit);
}
