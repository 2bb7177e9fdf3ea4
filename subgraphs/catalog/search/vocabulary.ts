import type { SearchDocument } from "./engine.js";
import { editDistance, stem, suggestionReach, tokenize } from "./text.js";

interface Counted {
  name: string;
  count: number;
}

/** Whether every typed word starts some word of `name` (the last one may be half typed). */
function startsWords(typed: readonly string[], name: string): boolean {
  const words = tokenize(name);
  return typed.every((prefix) => words.some((word) => word.startsWith(prefix)));
}

/** The most products first, then by name. */
const byCount = (a: Counted, b: Counted) => b.count - a.count || a.name.localeCompare(b.name);

/**
 * The words, brands and categories products are shown with, counted, kept as products come and go: what `didYouMean`
 * corrects a query to and what typeahead offers besides products.
 */
export class Vocabulary {
  private readonly words = new Map<string, Counted & { stem: string }>();
  /** The stems of the counted words, each with how many of them carry it. */
  private readonly stems = new Map<string, number>();
  private readonly brands = new Map<string, Counted>();
  private readonly categories = new Map<string, Counted>();

  /** Counts a product in (sign 1) or out (sign −1). */
  count(document: SearchDocument, sign: 1 | -1): void {
    const words = new Set(tokenize(`${document.title} ${document.brand} ${document.category}`).filter((word) => word.length > 1));
    for (const word of words) {
      const entry = bump(this.words, word, { name: word, stem: stem(word), count: 0 }, sign);
      const count = (this.stems.get(entry.stem) ?? 0) + sign;
      if (count > 0) this.stems.set(entry.stem, count);
      else this.stems.delete(entry.stem);
    }
    bump(this.brands, document.brand, { name: document.brand, count: 0 }, sign);
    for (const { id, name } of document.categories) bump(this.categories, id, { name, count: 0 }, sign).name = name;
  }

  /** Whether some product's title, brand or category has a word with this stem. */
  hasStem(stemmed: string): boolean {
    return this.stems.has(stemmed);
  }

  /** The known word closest to `word` within reach (fewest edits, then the most common), or null. */
  closest(word: string): string | null {
    const reach = suggestionReach(word);
    const own = stem(word);
    let best: { word: string; distance: number; count: number } | null = null;
    for (const entry of this.words.values()) {
      const distance = Math.min(editDistance(word, entry.name, reach), editDistance(own, entry.stem, reach));
      if (distance > reach) continue;
      if (!best || distance < best.distance || (distance === best.distance && entry.count > best.count)) {
        best = { word: entry.name, distance, count: entry.count };
      }
    }
    return best?.word ?? null;
  }

  /** A category's name, as the products counted in carry it. */
  categoryName(id: string): string | null {
    return this.categories.get(id)?.name ?? null;
  }

  /** Brands with a word starting each typed word, the most products first. */
  brandsFor(typed: readonly string[], first: number): string[] {
    return [...this.brands.values()]
      .filter((brand) => startsWords(typed, brand.name))
      .sort(byCount)
      .slice(0, first)
      .map((brand) => brand.name);
  }

  /** Category ids whose name has a word starting each typed word, the most products first. */
  categoriesFor(typed: readonly string[], first: number): string[] {
    return [...this.categories]
      .filter(([, category]) => startsWords(typed, category.name))
      .sort(([, a], [, b]) => byCount(a, b))
      .slice(0, first)
      .map(([id]) => id);
  }
}

function bump<T extends Counted>(map: Map<string, T>, key: string, fresh: T, sign: 1 | -1): T {
  const entry = map.get(key) ?? fresh;
  entry.count += sign;
  if (entry.count > 0) map.set(key, entry);
  else map.delete(key);
  return entry;
}
