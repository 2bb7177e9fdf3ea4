/**
 * How customers are looked up at a till or by a call-center agent. Lookups are exact, but what people type varies:
 * email case, Unicode form and phone punctuation must not hide a customer.
 */

/** NFC, trimmed, lower-cased: the key of the email index, which registration and profile changes keep unique. */
export { emailKey } from "../../../lib/text.js";

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
