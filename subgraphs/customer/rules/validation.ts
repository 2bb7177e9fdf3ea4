import { cleanText, isEmailAddress, type TextRules } from "../../../lib/text.js";
import { checkAddress, type AddressInputLike, type AddressRecord } from "../../../lib/address.js";
import type { Refusals } from "./error-codes.js";

/**
 * What customers and staff type into profile and service forms, checked and normalised once for every mutation.
 * Each check answers the value to store, or pushes a userError (with the input field's path) and answers null.
 * Every value first passes lib/text.ts (NFC, no control, bidi or invisible characters: INVALID_TEXT).
 */

export const NAME_MAX = 80;
export const SUMMARY_MAX = 200;
export const SUBJECT_MAX = 200;
export const NOTE_MAX = 4000;

/** cleanText's answer, or null with its refusal (INVALID_TEXT, or `tooLongCode` for a value too long) pushed onto `errors`. */
function collect<Code extends string = never>(
  raw: string,
  rules: TextRules & { tooLongCode?: Code },
  errors: Refusals<Code | "INVALID_TEXT">,
): string | null {
  const result = cleanText(raw, rules);
  if (result.ok) return result.value;
  // cleanText refuses with INVALID_TEXT or with the rules' tooLongCode, nothing else.
  errors.push({ ...result.error, code: result.error.code as Code | "INVALID_TEXT" });
  return null;
}

/** Digits with an optional leading + and the punctuation people type: spaces, dots, dashes, brackets. */
const PHONE = /^\+?[0-9 ().-]+$/;

export function checkName(raw: string, field: string[], errors: Refusals<"INVALID_NAME" | "INVALID_TEXT">): string | null {
  const value = collect(raw, { field, kind: "name" }, errors);
  if (value === null) return null;
  if (value.length >= 1 && value.length <= NAME_MAX) return value;
  errors.push({ code: "INVALID_NAME", message: `A name is 1 to ${NAME_MAX} characters.`, field });
  return null;
}

export function checkEmail(raw: string, field: string[], errors: Refusals<"INVALID_EMAIL" | "INVALID_TEXT">): string | null {
  const value = collect(raw, { field, kind: "email" }, errors);
  if (value === null) return null;
  if (isEmailAddress(value)) return value;
  errors.push({ code: "INVALID_EMAIL", message: "That is not an email address (name@example.com).", field });
  return null;
}

/**
 * The phone number in E.164 form: 7 to 15 digits. With a leading + the digits are taken as they are; ten digits
 * without one are North American (+1), as staff read numbers back; anything else is read as including its
 * country code.
 */
export function checkPhone(raw: string, field: string[], errors: Refusals<"INVALID_PHONE" | "INVALID_TEXT">): string | null {
  const value = collect(raw, { field, kind: "phone" }, errors);
  if (value === null) return null;
  const digits = value.replace(/\D/g, "");
  if (PHONE.test(value) && digits.length >= 7 && digits.length <= 15) {
    return !value.startsWith("+") && digits.length === 10 ? `+1${digits}` : `+${digits}`;
  }
  errors.push({ code: "INVALID_PHONE", message: "A phone number is 7 to 15 digits, optionally starting with +.", field });
  return null;
}

/**
 * Free text of at most `max` characters (`code` when longer); null when blank or refused. Notes and descriptions
 * are `multiline`; summaries and subjects are one line.
 */
export function checkText<Code extends string>(
  raw: string | null | undefined,
  max: number,
  code: Code,
  what: string,
  field: string[],
  errors: Refusals<Code | "INVALID_TEXT">,
  multiline = false,
): string | null {
  if (raw == null) return null;
  return collect(raw, { field, what, maxLength: max, tooLongCode: code, multiline }, errors) || null;
}

const MAX_ADDRESSES = 10;

/** Saved addresses: at most ten, each as lib/address.ts `checkAddress` wants it. */
export function checkAddresses(
  raw: readonly AddressInputLike[],
  field: string[],
  errors: Refusals<"INVALID_ADDRESS" | "INVALID_TEXT"> & { readonly length: number },
): AddressRecord[] | null {
  if (raw.length > MAX_ADDRESSES) {
    errors.push({ code: "INVALID_ADDRESS", message: `At most ${MAX_ADDRESSES} addresses can be saved.`, field });
    return null;
  }
  const addresses: AddressRecord[] = [];
  raw.forEach((address, index) => {
    const checked = checkAddress(address, [...field, String(index)]);
    if ("address" in checked) addresses.push(checked.address);
    else for (const problem of checked.problems) errors.push(problem);
  });
  return addresses.length === raw.length ? addresses : null;
}
