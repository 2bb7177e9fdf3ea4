import { BadUserInputError } from "./errors.js";
import type { UserError } from "./graphql/types.js";

/**
 * What people type, made safe to store, compare and show to someone else. Two values that read the same must be the
 * same string (so one email cannot be registered twice, nor two customers look alike to staff), and nothing may
 * change how the text around it is displayed. So every value is:
 *
 * - Unicode-normalized to NFC, so "é" typed as one code point or as "e" plus a combining accent is one value;
 * - trimmed of surrounding white space (a byte-order mark is not white space here: it is refused like below);
 * - refused (INVALID_TEXT, naming the field and the character) when it holds a character with no business there:
 *   - control characters (C0, DEL and C1: NUL included), except line feed and tab in multi-line free text
 *     (a carriage return, alone or before a line feed, is read as a line feed);
 *   - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F and
 *     U+061C marks), which make text display in an order other than the one it is stored in;
 *   - invisible format characters (zero-width space U+200B, word joiner U+2060, byte-order mark U+FEFF, soft hyphen,
 *     invisible operators and every other Unicode "format" character), which make two different values look alike;
 *   - line and paragraph separators (U+2028, U+2029) in single-line values; lone surrogates anywhere.
 *
 * Two joiners are allowed where writing needs them: zero-width joiner U+200D (emoji sequences such as 👩‍💻, and
 * Indic scripts) and zero-width non-joiner U+200C (Persian, Indic scripts), in names and free text only, and only
 * between two visible characters, so they can neither pad a value nor hide at its ends. Free text also keeps the
 * tag characters U+E0020–U+E007F that spell subdivision flags (🏴 England). Emails and phone numbers allow no
 * format character at all.
 */

/** What kind of value a field holds, which decides the joiners it may contain. */
export type TextKind = "name" | "free" | "email" | "phone" | "code";

export interface TextRules {
  /** The input path named in the refusal, e.g. ["input", "firstName"]. */
  field: readonly string[];
  /** What the value is, for the message: "A name", "A note". */
  what?: string;
  /** Free text over several lines: keeps line feeds and tabs. Default false. */
  multiline?: boolean;
  /** Which joiners may appear (see above). Default "free" when multiline, else "name". */
  kind?: TextKind;
  /** Longest value accepted, in characters after normalizing; longer is refused with `tooLongCode`. */
  maxLength?: number;
  /** The code of a value over maxLength; INVALID_TEXT by default. */
  tooLongCode?: string;
}

/** The normalized value, or why it is refused (a userError naming the field). */
export type TextResult = { ok: true; value: string } | { ok: false; error: UserError };

/** The userError code of a value holding a character it may not (see the module comment). */
export const INVALID_TEXT = "INVALID_TEXT";

// Control characters: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F). Finding them is these patterns' whole purpose.
/* eslint-disable no-control-regex, no-misleading-character-class */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
// Every Unicode format character (general category Cf) but the two joiners and the emoji tags, which are judged apart.
const FORMAT = /(?![\u200c\u200d\u{e0020}-\u{e007f}])\p{Cf}/u;
const JOINER = /[\u200c\u200d]/u;
const TAG = /[\u{e0020}-\u{e007f}]/u;
const SEPARATOR = /[\u2028\u2029]/u;
const LONE_SURROGATE = /\p{Cs}/u;
// A joiner with a visible character on both sides: no white space, no other joiner, not at an end.
const JOINER_MISPLACED = /(?:^|[\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?:$|[\s\u200c\u200d])/u;
// White space at either end, but not the byte-order mark, which String.trim would drop unseen: it is refused instead.
const TRIM = /^[^\S\ufeff]+|[^\S\ufeff]+$/gu;
// Anything that needs a closer look; most values have none of it and are done with one test.
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]|\p{Cf}/u;
/* eslint-enable no-control-regex, no-misleading-character-class */

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first character of `value` its kind of field may not hold, with why; null when there is none. */
function forbidden(value: string, multiline: boolean, kind: TextKind): { char: string; why: string } | null {
  if (!SUSPECT.test(value)) return null;
  const found = (pattern: RegExp, why: string) => {
    const match = pattern.exec(value);
    return match ? { char: match[0], why } : null;
  };
  return (
    found(multiline ? CONTROL_BUT_LINES : CONTROL, "a control character") ??
    found(LONE_SURROGATE, "a broken character (a lone surrogate)") ??
    found(BIDI, "a character that changes the text's direction") ??
    found(FORMAT, "an invisible character") ??
    (multiline ? null : found(SEPARATOR, "a line break")) ??
    (kind === "free" ? null : found(TAG, "an invisible character")) ??
    (kind === "name" || kind === "free" ? found(JOINER_MISPLACED, "a joiner that joins nothing") : found(JOINER, "an invisible character"))
  );
}

/**
 * `raw` normalized (NFC, trimmed; in multi-line text, CR LF and CR become LF), or refused with INVALID_TEXT when it
 * holds a character its field may not (see the module comment), or `tooLongCode` when it is longer than maxLength.
 */
export function cleanText(raw: string, rules: TextRules): TextResult {
  const multiline = rules.multiline ?? false;
  const kind = rules.kind ?? (multiline ? "free" : "name");
  let value = raw.normalize("NFC");
  if (multiline && value.includes("\r")) value = value.replace(/\r\n?/g, "\n");
  value = value.replace(TRIM, "");
  const field = [...rules.field];
  const bad = forbidden(value, multiline, kind);
  if (bad) {
    const name = field[field.length - 1] ?? "text";
    return {
      ok: false,
      error: { code: INVALID_TEXT, message: `${name} contains ${bad.why} (${codePoint(bad.char)}); remove it and try again.`, field },
    };
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    const what = rules.what ?? "This value";
    return {
      ok: false,
      error: { code: rules.tooLongCode ?? INVALID_TEXT, message: `${what} is at most ${rules.maxLength} characters.`, field },
    };
  }
  return { ok: true, value };
}

/** cleanText for mutations that answer with userErrors: the value, or null with the refusal pushed onto `errors`. */
export function collectText(raw: string, rules: TextRules, errors: UserError[]): string | null {
  const result = cleanText(raw, rules);
  if (result.ok) return result.value;
  errors.push(result.error);
  return null;
}

/** cleanText for fields without userErrors: the value, or BAD_USER_INPUT naming the field. */
export function requireText(raw: string, rules: TextRules): string {
  const result = cleanText(raw, rules);
  if (result.ok) return result.value;
  throw new BadUserInputError(result.error.message, result.error.field ?? undefined);
}

/**
 * The form an email address is compared in: NFC, trimmed, lower-cased as a whole. Strictly the part before the @
 * may be case-sensitive, but no mail provider we know treats it so, and two customers whose addresses differ only
 * in case are one person or a mistake; the address is stored as typed (normalized) and only compared this way.
 */
export function emailKey(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** The longest email address accepted (RFC 5321's path limit). */
export const EMAIL_MAX = 254;
/** Something@domain.tld: no spaces, one @, a dot in the domain and no empty label. Deliverability is the mailer's job. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Whether `value` (already trimmed) reads as an email address: what a profile and a guest checkout both accept. */
export function isEmailAddress(value: string): boolean {
  return value.length <= EMAIL_MAX && EMAIL.test(value);
}
