import { LRUCache } from "lru-cache";
import MiniSearch, { type Query } from "minisearch";
import type { SalesChannel } from "../../../lib/channel.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import type { LabelledFacet, SearchAnswer, SearchDocument, SearchEngine, SearchRequest, Suggestions } from "./engine.js";
import { TypedFastBitSet } from "typedfastbitset";
import { FacetPostings } from "./facet-postings.js";
import { FACET_LABELS, priceBandLabel, type FacetCount } from "./facets.js";
import { isListedWord, synonymsOf } from "./synonyms.js";
import { editsAllowed, stem, termOf, tokenize } from "./text.js";
import { Vocabulary } from "./vocabulary.js";
import { allOf, matchesFromHits, searchDistinctTerms, type Matches } from "./word-matches.js";

/** Relevance: a word in the title counts most, then in the brand, the category, the description. */
const FIELD_BOOST = { title: 8, brand: 4, category: 2, description: 1 };
/** A synonym's match counts a little less than the word typed. */
const SYNONYM_WEIGHT = 0.8;

/**
 * One word of a query: the word as typed or any of its curated synonyms, matched as written. The word as typed is a
 * prefix when it is the word being typed, and forgives typos by its length unless it is `asWritten`: a listed word,
 * or one the catalog's products are shown with (as Typesense tries typos only when the words as typed find nothing,
 * a shopper who types "stove" means stoves, not the stores and stones one edit away).
 */
function wordQuery(word: string, typing: boolean, asWritten: boolean): Query {
  const typed: Query = { queries: [word], fuzzy: asWritten ? false : editsAllowed(word), prefix: typing };
  const synonyms = synonymsOf(word, stem);
  if (synonyms.length === 0) return typed;
  return {
    combineWith: "OR",
    queries: [typed, { queries: synonyms, combineWith: "OR", fuzzy: false, prefix: false, boostTerm: () => SYNONYM_WEIGHT }],
  };
}

/**
 * Every word must match (each through itself or a synonym); the last one may be half typed. `known` tells the words
 * the catalog has (matched as written); listed words are always matched as written.
 */
export function queryFor(words: readonly string[], known: (word: string) => boolean = () => false, lastIsTyping = true): Query {
  return {
    combineWith: "AND",
    queries: words.map((word, i) => wordQuery(word, lastIsTyping && i === words.length - 1, isListedWord(word, stem) || known(word))),
  };
}

/**
 * Recent answers kept between catalog changes. Scoring a query's words is most of a search's cost and shoppers' queries
 * repeat (a few words are most of the traffic, and refining a search re-asks its words with other filters or pages),
 * so what words matched, whole answers and typeahead answers are kept, least recently used out first, and all are
 * dropped on every change to the index: an answer is always the current catalog's.
 */
const RECENT = {
  /** Distinct words and word sets whose matches are kept, and the most matched products they may hold together (13 bytes each). */
  matches: { max: 1_000, maxSize: 2_000_000 },
  /** Whole answers (a page of ids and the facet counts, a few kilobytes each). */
  answers: { max: 2_000 },
  /** Typeahead answers (a few ids and names each). */
  suggestions: { max: 2_000 },
};

/**
 * The full-text index: title, brand, category and description, English stems, BM25 with field boosts, every word
 * required. Documents are filed under their slots (`indexedText`).
 */
export function textIndex(): MiniSearch<IndexedText> {
  return new MiniSearch<IndexedText>({
    idField: "slot",
    fields: ["title", "brand", "category", "description"],
    tokenize,
    processTerm: termOf,
    searchOptions: { boost: FIELD_BOOST, combineWith: "AND" },
  });
}

/** What MiniSearch indexes of a document: its words, under its slot. */
export interface IndexedText {
  slot: number;
  title: string;
  brand: string;
  category: string;
  description: string;
}

export const indexedText = (slot: number, { title, brand, category, description }: SearchDocument): IndexedText => ({
  slot,
  title,
  brand,
  category,
  description,
});

/** Words a query searches by: single letters say too little to match on. */
const searchWords = (text: string | null) => (text ? tokenize(text).filter((word) => termOf(word) !== null) : []);

/**
 * The catalog's search in this process, on MiniSearch: English stems (plurals meet), typo tolerance by word length,
 * prefix matching for the word being typed, curated synonyms, BM25 relevance with field boosts. Every document has a
 * slot (a small integer, reused after a removal); what a query matched, the filters and the facet counts are bitsets
 * over slots (facet-postings.ts), and the catalog's orders by price and age are slot lists kept sorted between
 * changes, so a page is picked without sorting or scanning every matching document. Documents are added, replaced
 * and removed one product at a time.
 */
export class InProcessSearchEngine implements SearchEngine {
  /** The words of each document, filed under its slot: a hit names its slot, with no lookup by product id. */
  private readonly index = textIndex();
  /** Documents by slot; a removed document leaves its slot empty until a new one takes it. */
  private readonly bySlot: (SearchDocument | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  /** The slots holding a document. */
  private readonly live = new TypedFastBitSet();
  private readonly postings = new FacetPostings();
  private readonly vocabulary = new Vocabulary();
  /** The catalog's currency (one per catalog): what price band labels are written in. */
  private currencyCode = DEFAULT_CURRENCY;
  /** Every slot in each order asked for so far (by sort and channel), dropped on every change. */
  private readonly orders = new Map<string, Int32Array>();
  private readonly recentMatches = new LRUCache<string, Matches>({
    ...RECENT.matches,
    sizeCalculation: (matches) => matches.ranked.length + 1,
  });
  private readonly recentAnswers = new LRUCache<string, SearchAnswer>(RECENT.answers);
  private readonly recentSuggestions = new LRUCache<string, Suggestions>(RECENT.suggestions);

  /** Whether a word (by its stem) is one the catalog's products are shown with: then it is matched as written. */
  private readonly knows = (word: string) => this.vocabulary.hasStem(stem(word));

  /** Forgets everything derived from the documents as they were. */
  private changed(): void {
    this.orders.clear();
    this.recentMatches.clear();
    this.recentAnswers.clear();
    this.recentSuggestions.clear();
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    this.changed();
    for (const document of documents) {
      let slot = this.slotOf.get(document.id);
      if (slot !== undefined) {
        const old = this.bySlot[slot]!;
        this.vocabulary.count(old, -1);
        this.postings.remove(slot, old);
        this.index.replace(indexedText(slot, document));
      } else {
        slot = this.freeSlots.pop() ?? this.bySlot.length;
        this.slotOf.set(document.id, slot);
        this.live.add(slot);
        this.index.add(indexedText(slot, document));
      }
      this.bySlot[slot] = document;
      this.currencyCode = document.currencyCode;
      this.postings.add(slot, document);
      this.vocabulary.count(document, 1);
    }
  }

  async remove(productIds: readonly string[]): Promise<void> {
    this.changed();
    for (const id of productIds) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      const old = this.bySlot[slot]!;
      this.index.discard(slot);
      this.postings.remove(slot, old);
      this.vocabulary.count(old, -1);
      this.slotOf.delete(id);
      this.live.remove(slot);
      this.bySlot[slot] = undefined;
      this.freeSlots.push(slot);
    }
  }

  async search(request: SearchRequest): Promise<SearchAnswer> {
    const words = searchWords(request.query);
    const { filters, sort, channel, offset, limit } = request;
    const key = JSON.stringify([words, filters, sort, channel, offset, limit]);
    let answer = this.recentAnswers.get(key);
    if (!answer) {
      answer = this.answer(words, request);
      this.recentAnswers.set(key, answer);
    }
    return answer;
  }

  async suggest(prefix: string, first: number): Promise<Suggestions> {
    const typed = tokenize(prefix);
    if (typed.length === 0 || first <= 0) return { productIds: [], categoryIds: [], brands: [] };
    const key = `${first}:${typed.join(" ")}`;
    let found = this.recentSuggestions.get(key);
    if (!found) {
      const words = typed.filter((word) => termOf(word) !== null);
      // A lone first letter finds no products (too many), only the categories and brands it starts.
      const hits = words.length === typed.length ? this.index.search(queryFor(words, this.knows), { fields: ["title"] }) : [];
      found = {
        productIds: hits.slice(0, first).map((hit) => this.bySlot[hit.id as number]!.id),
        categoryIds: this.vocabulary.categoriesFor(typed, first),
        brands: this.vocabulary.brandsFor(typed, first),
      };
      this.recentSuggestions.set(key, found);
    }
    return found;
  }

  private answer(words: readonly string[], request: SearchRequest): SearchAnswer {
    const { channel } = request;
    const matches = words.length > 0 ? this.matchesOf(words) : null;
    const matched = matches?.matched ?? this.live;
    const { kept, facets } = this.postings.apply(matched, request.filters, channel);
    const end = request.offset + request.limit;
    let page: number[];
    if (request.sort === "RELEVANCE" && matches) {
      page = this.topRanked(matches, kept, end).slice(request.offset);
    } else {
      // Every other order is the catalog's own, kept sorted between changes: the page is the kept slots met first.
      page = [];
      const all = this.inOrder(request.sort, channel);
      for (let i = 0, seen = 0; i < all.length && seen < end; i++) {
        if (kept !== this.live && !kept.has(all[i])) continue;
        if (seen++ >= request.offset) page.push(all[i]);
      }
    }
    return {
      productIds: page.map((slot) => this.bySlot[slot]!.id),
      totalCount: kept.size(),
      facets: this.labelled(facets),
      didYouMean: matched.isEmpty() && words.length > 0 ? this.correction(words) : null,
    };
  }

  /**
   * What `words` match (the last one as a prefix), best score first: a recent answer, or each word's own matches
   * combined (scored as MiniSearch scores the whole query), or MiniSearch's scoring of the whole query when two words
   * search for a common term.
   */
  private matchesOf(words: readonly string[]): Matches {
    if (words.length === 1) return this.wordMatches(words[0], true);
    const key = words.join(" ");
    let matches = this.recentMatches.get(key);
    if (!matches) {
      matches = searchDistinctTerms(words)
        ? allOf(
            words.map((word, i) => this.wordMatches(word, i === words.length - 1)),
            this.bySlot.length,
          )
        : matchesFromHits(this.index.search(queryFor(words, this.knows)));
      this.recentMatches.set(key, matches);
    }
    return matches;
  }

  /** What one word matches on its own, as a prefix when `typing`; kept among the recent matches. */
  private wordMatches(word: string, typing: boolean): Matches {
    // A whole word's key cannot be a query's: query keys are words and spaces only.
    const key = typing ? word : `=${word}`;
    let matches = this.recentMatches.get(key);
    if (!matches) {
      matches = matchesFromHits(this.index.search(queryFor([word], this.knows, typing)));
      this.recentMatches.set(key, matches);
    }
    return matches;
  }

  /**
   * The first `count` kept matches by score, ties by title: matches are already by score, so only their head is read
   * — up to `count` kept matches and any more that tie with the last — and only that head is sorted.
   */
  private topRanked({ ranked, scores }: Matches, kept: TypedFastBitSet, count: number): number[] {
    const head: number[] = [];
    let lowest = Infinity;
    for (let i = 0; i < ranked.length; i++) {
      if (head.length >= count && scores[i] < lowest) break;
      if (!kept.has(ranked[i])) continue;
      head.push(i);
      lowest = scores[i];
    }
    head.sort((a, b) => scores[b] - scores[a] || byTitle(this.bySlot[ranked[a]]!, this.bySlot[ranked[b]]!));
    return head.slice(0, count).map((i) => ranked[i]);
  }

  /** Every live slot in `sort`'s order (price orders by `channel`'s prices), sorted once per change. */
  private inOrder(sort: SearchRequest["sort"], channel: SalesChannel): Int32Array {
    const key = sort === "PRICE_ASC" || sort === "PRICE_DESC" ? `${sort}:${channel}` : sort;
    let all = this.orders.get(key);
    if (!all) {
      const compare = ORDERS[sort](channel);
      const slots = this.live.array();
      slots.sort((a, b) => compare(this.bySlot[a]!, this.bySlot[b]!));
      all = Int32Array.from(slots);
      this.orders.set(key, all);
    }
    return all;
  }

  /** The query with every word that finds nothing on its own replaced by the closest known word; null if none is. */
  private correction(words: readonly string[]): string | null {
    let changed = false;
    const corrected = words.map((word) => {
      if (!this.matchesOf([word]).matched.isEmpty()) return word;
      const closest = this.vocabulary.closest(word);
      if (closest === null || closest === word) return word;
      changed = true;
      return closest;
    });
    return changed ? corrected.join(" ") : null;
  }

  private labelled(facets: readonly FacetCount[]): LabelledFacet[] {
    const { currencyCode } = this;
    return facets.map((facet) => ({
      name: facet.name,
      label: FACET_LABELS[facet.name],
      values: facet.values.map(({ value, count }) => ({
        value,
        count,
        label:
          facet.name === "price"
            ? priceBandLabel(value, currencyCode)
            : facet.name === "category"
              ? (this.vocabulary.categoryName(value) ?? value)
              : value,
      })),
    }));
  }
}

type Order = (channel: SalesChannel) => (a: SearchDocument, b: SearchDocument) => number;

/** By title, then id: plain code-point order (localeCompare costs too much over a large catalog). */
const byTitle = (a: SearchDocument, b: SearchDocument) =>
  a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The catalog's own orders; price orders read the request's channel's price list. With no words, relevance is by title. */
const ORDERS: Record<SearchRequest["sort"], Order> = {
  RELEVANCE: () => byTitle,
  PRICE_ASC: (channel) => (a, b) => a.minPrice[channel] - b.minPrice[channel] || byTitle(a, b),
  PRICE_DESC: (channel) => (a, b) => b.minPrice[channel] - a.minPrice[channel] || byTitle(a, b),
  NEWEST: () => (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : byTitle(a, b)),
};
