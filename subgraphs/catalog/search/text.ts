import { stemmer } from "stemmer";
import { normalizeText } from "./synonyms.js";

/** Splits normalized text into words (letters and digits). */
export function tokenize(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Stems already worked out: a catalog repeats a few thousand words across all its products. */
const stems = new Map<string, string>();
/** Past this many, the memo starts again (queries bring words the catalog never had). */
const MAX_STEMS = 50_000;

/** The stem of a word, single letters included (for comparing words, not indexing them). */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let stemmed = stems.get(lower);
  if (stemmed === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stemmed = stemmer(lower);
    stems.set(lower, stemmed);
  }
  return stemmed;
}

/** The indexed form of a word: its English stem (plurals and other forms meet), or nothing for a single letter. */
export function termOf(word: string): string | null {
  return word.length > 1 ? stem(word) : null;
}

/** Typos forgiven in a query word: none below 4 letters, one edit from 4, two from 8. */
export function editsAllowed(word: string): number {
  if (word.length >= 8) return 2;
  return word.length >= 4 ? 1 : 0;
}

/** Levenshtein distance, stopping early once it must exceed `max` (then answers max + 1). */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two rows of the edit table, reused between calls: didYouMean measures a word against the whole vocabulary.
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length * 2 + 2), new Int32Array(b.length * 2 + 2)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cell = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = cell;
      if (cell < best) best = cell;
    }
    if (best > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

let rows = [new Int32Array(64), new Int32Array(64)];

/** How far `didYouMean` reaches for a word that matched nothing: one edit beyond what matching forgives. */
export function suggestionReach(word: string): number {
  return editsAllowed(word) + 1 + (word.length >= 6 ? 1 : 0);
}
