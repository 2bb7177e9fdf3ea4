/**
 * The catalog's curated synonyms: words shoppers type for what the catalog calls something else. Kept small and
 * reviewed by merchandising; every word is written as `normalizeText` leaves it (lower case, compounds joined).
 *
 * - `same`: words that mean one another, in every direction (a search for any finds all).
 * - `also`: a word that also finds others, in one direction only: a shopper's "coat" wants jackets and shells, but
 *   a search for "jacket" keeps to jackets.
 */
export const SYNONYMS: { same: readonly (readonly string[])[]; also: Readonly<Record<string, readonly string[]>> } = {
  same: [
    ["tee", "tshirt"],
    ["sneaker", "trainer"],
  ],
  also: {
    coat: ["jacket", "shell"],
    raincoat: ["jacket", "shell"],
  },
};

/** Compound words written several ways, each with the one form the index and queries use. */
export const COMPOUNDS: readonly [RegExp, string][] = [[/\bt[\s-]?shirt/g, "tshirt"]];

/** Lower case, accents dropped, known compounds joined: what both the index and a query see. */
export function normalizeText(text: string): string {
  let normal = text.toLowerCase();
  // Plain ASCII (nearly every title) has no accents to drop.
  if (!/^[\x20-\x7e]*$/.test(normal)) normal = normal.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  for (const [pattern, joined] of COMPOUNDS) normal = normal.replace(pattern, joined);
  return normal;
}

/**
 * The words a query word also stands for (not itself), by the curated list: `tshirt` → `tee`, `coat` → `jacket`,
 * `shell`. A plural or other form of a listed word counts as that word (`coats` → `jacket`, `shell`).
 */
export function synonymsOf(word: string, stem: (word: string) => string, list = SYNONYMS): string[] {
  const own = stem(word);
  const found = new Set<string>();
  for (const group of list.same) {
    if (group.some((member) => stem(member) === own)) for (const member of group) found.add(member);
  }
  for (const [from, to] of Object.entries(list.also)) {
    if (stem(from) === own) for (const member of to) found.add(member);
  }
  for (const member of found) if (stem(member) === own) found.delete(member);
  return [...found];
}

/** Whether `word` is in the curated list: a deliberate word, not a typo, so it is matched as written (no fuzziness). */
export function isListedWord(word: string, stem: (word: string) => string, list = SYNONYMS): boolean {
  const own = stem(word);
  const listed = [...list.same.flat(), ...Object.keys(list.also)];
  return listed.some((member) => stem(member) === own);
}
