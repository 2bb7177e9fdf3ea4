import type { SearchResult } from "minisearch";
import { TypedFastBitSet } from "typedfastbitset";
import { synonymsOf } from "./synonyms.js";
import { stem, termOf, tokenize } from "./text.js";

/**
 * What a query, or one word of it, matched: the slots; the same slots best score first with their scores; and how
 * many of the query's own terms each slot matched (a word and its synonyms are terms of their own: MiniSearch
 * multiplies a document's summed score by that count).
 */
export interface Matches {
  matched: TypedFastBitSet;
  ranked: Int32Array;
  scores: Float64Array;
  terms: Uint8Array;
}

/** Matches from MiniSearch's hits, whose ids are slots (already best score first). */
export function matchesFromHits(hits: readonly SearchResult[]): Matches {
  const matched = new TypedFastBitSet();
  const ranked = new Int32Array(hits.length);
  const scores = new Float64Array(hits.length);
  const terms = new Uint8Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    ranked[i] = hits[i].id as number;
    scores[i] = hits[i].score;
    terms[i] = hits[i].queryTerms.length || 1;
    matched.add(ranked[i]);
  }
  return { matched, ranked, scores, terms };
}

/** The terms MiniSearch searches for a query word: its own stem and its synonyms' stems. */
function queryTermsOf(word: string): string[] {
  const own = termOf(word);
  const synonyms = synonymsOf(word, stem).flatMap((synonym) => tokenize(synonym).map(termOf));
  return [own, ...synonyms].filter((term): term is string => term !== null);
}

/** Whether no two words of a query search for a common term: then `allOf` scores as MiniSearch's own AND does. */
export function searchDistinctTerms(words: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const word of words) {
    const own = new Set(queryTermsOf(word));
    for (const term of own) if (seen.has(term)) return false;
    for (const term of own) seen.add(term);
  }
  return true;
}

/**
 * The matches of a query whose every word must match, from each word's own matches (which a cache can keep: the
 * words of shoppers' queries repeat far more than whole queries), scored as MiniSearch scores the whole query in one
 * go: the sum of each word's summed term scores, times the number of the query's terms matched in all. Exact when no
 * two words search for a common term (`searchDistinctTerms`). `slots` bounds the slot numbers.
 */
export function allOf(words: readonly Matches[], slots: number): Matches {
  const matched = words[0].matched.clone();
  for (const word of words.slice(1)) matched.intersection(word.matched);
  const sums = new Float64Array(slots);
  const counts = new Uint8Array(slots);
  for (const word of words) {
    for (let i = 0; i < word.ranked.length; i++) {
      const slot = word.ranked[i];
      if (!matched.has(slot)) continue;
      // Each word's score is its summed term scores times its own term count.
      sums[slot] += word.scores[i] / word.terms[i];
      counts[slot] += word.terms[i];
    }
  }
  const slotsMatched = matched.array();
  // Best score first; among equal scores, slot order (the caller breaks ties by title).
  slotsMatched.sort((a, b) => sums[b] * counts[b] - sums[a] * counts[a] || a - b);
  const ranked = Int32Array.from(slotsMatched);
  return {
    matched,
    ranked,
    scores: Float64Array.from(ranked, (slot) => sums[slot] * counts[slot]),
    terms: Uint8Array.from(ranked, (slot) => counts[slot]),
  };
}
