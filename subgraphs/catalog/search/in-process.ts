import MiniSearch, { type Query } from "minisearch";
import type { SalesChannel } from "../../../lib/channel.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import type { LabelledFacet, SearchAnswer, SearchDocument, SearchEngine, SearchRequest, Suggestions } from "./engine.js";
import { countFacets, FACET_LABELS, passesFilters, priceBandLabel } from "./facets.js";
import { isListedWord, synonymsOf } from "./synonyms.js";
import { editsAllowed, stem, termOf, tokenize } from "./text.js";
import { Vocabulary } from "./vocabulary.js";

/** Relevance: a word in the title counts most, then in the brand, the category, the description. */
const FIELD_BOOST = { title: 8, brand: 4, category: 2, description: 1 };
/** Browsing facet sets kept at most. */
const MAX_BROWSING_FACETS = 500;
/** A synonym's match counts a little less than the word typed. */
const SYNONYM_WEIGHT = 0.8;

/**
 * One word of a query: the word as typed (typos forgiven by its length, unless it is a listed word; a prefix when
 * it is the word being typed) or any of its curated synonyms, matched as written.
 */
function wordQuery(word: string, typing: boolean): Query {
  const typed: Query = { queries: [word], fuzzy: isListedWord(word, stem) ? false : editsAllowed(word), prefix: typing };
  const synonyms = synonymsOf(word, stem);
  if (synonyms.length === 0) return typed;
  return {
    combineWith: "OR",
    queries: [typed, { queries: synonyms, combineWith: "OR", fuzzy: false, prefix: false, boostTerm: () => SYNONYM_WEIGHT }],
  };
}

/** Every word must match (each through itself or a synonym); the last one may be half typed. */
export function queryFor(words: readonly string[], lastIsTyping = true): Query {
  return { combineWith: "AND", queries: words.map((word, i) => wordQuery(word, lastIsTyping && i === words.length - 1)) };
}

/** Words a query searches by: single letters say too little to match on. */
const searchWords = (text: string | null) => (text ? tokenize(text).filter((word) => termOf(word) !== null) : []);

/**
 * The catalog's search in this process, on MiniSearch: English stems (plurals meet), typo tolerance by word length,
 * prefix matching for the word being typed, curated synonyms, BM25 relevance with field boosts; facets, price
 * sorting and `didYouMean` over the matches here. Documents are added, replaced and removed one product at a time.
 */
export class InProcessSearchEngine implements SearchEngine {
  private readonly index = new MiniSearch<SearchDocument>({
    fields: ["title", "brand", "category", "description"],
    tokenize,
    processTerm: termOf,
    searchOptions: { boost: FIELD_BOOST, combineWith: "AND" },
  });
  private readonly documents = new Map<string, SearchDocument>();
  private readonly vocabulary = new Vocabulary();
  /** The whole catalog in each order asked for so far (by sort and channel), dropped on every change. */
  private readonly orders = new Map<string, SearchDocument[]>();
  /** Facets of browsing (no words) by channel and filters, dropped on every change; the oldest goes first past the cap. */
  private readonly browsing = new Map<string, LabelledFacet[]>();

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    this.orders.clear();
    this.browsing.clear();
    for (const document of documents) {
      const old = this.documents.get(document.id);
      if (old) {
        this.vocabulary.count(old, -1);
        this.index.replace(document);
      } else {
        this.index.add(document);
      }
      this.documents.set(document.id, document);
      this.vocabulary.count(document, 1);
    }
  }

  async remove(productIds: readonly string[]): Promise<void> {
    this.orders.clear();
    this.browsing.clear();
    for (const id of productIds) {
      const old = this.documents.get(id);
      if (!old) continue;
      this.index.discard(id);
      this.documents.delete(id);
      this.vocabulary.count(old, -1);
    }
  }

  async search(request: SearchRequest): Promise<SearchAnswer> {
    const words = searchWords(request.query);
    const scores = new Map<string, number>();
    let matched: SearchDocument[];
    if (words.length === 0) {
      matched = [...this.documents.values()];
    } else {
      matched = [];
      for (const hit of this.index.search(queryFor(words))) {
        const document = this.documents.get(hit.id as string);
        if (!document) continue;
        scores.set(document.id, hit.score);
        matched.push(document);
      }
    }
    const { channel } = request;
    const filtered = request.filters.some((filter) => filter.values.length > 0);
    const kept = filtered ? matched.filter((document) => passesFilters(document, request.filters, channel)) : matched;
    let ordered: SearchDocument[];
    if (request.sort === "RELEVANCE" && words.length > 0) {
      ordered = kept.sort((a, b) => scores.get(b.id)! - scores.get(a.id)! || byTitle(a, b));
    } else {
      // Every other order is the catalog's own, kept sorted between changes: a query only picks its products from it.
      const all = this.inOrder(request.sort, channel);
      if (kept.length === this.documents.size) ordered = all;
      else {
        const wanted = new Set(kept);
        ordered = all.filter((document) => wanted.has(document));
      }
    }
    return {
      productIds: ordered.slice(request.offset, request.offset + request.limit).map((document) => document.id),
      totalCount: kept.length,
      facets: words.length === 0 ? this.browsingFacets(request) : this.labelled(countFacets(matched, request.filters, channel)),
      didYouMean: matched.length === 0 && words.length > 0 ? this.correction(words) : null,
    };
  }

  async suggest(prefix: string, first: number): Promise<Suggestions> {
    const typed = tokenize(prefix);
    if (typed.length === 0 || first <= 0) return { productIds: [], categoryIds: [], brands: [] };
    const words = typed.filter((word) => termOf(word) !== null);
    // A lone first letter finds no products (too many), only the categories and brands it starts.
    const hits = words.length === typed.length ? this.index.search(queryFor(words), { fields: ["title"] }) : [];
    return {
      productIds: hits.slice(0, first).map((hit) => hit.id as string),
      categoryIds: this.vocabulary.categoriesFor(typed, first),
      brands: this.vocabulary.brandsFor(typed, first),
    };
  }

  /** Facets of the whole catalog under some filters: what browsing pages ask again and again, kept between changes. */
  private browsingFacets(request: SearchRequest): LabelledFacet[] {
    const key = JSON.stringify([request.channel, request.filters]);
    let facets = this.browsing.get(key);
    if (!facets) {
      facets = this.labelled(countFacets([...this.documents.values()], request.filters, request.channel));
      if (this.browsing.size >= MAX_BROWSING_FACETS) this.browsing.delete(this.browsing.keys().next().value!);
      this.browsing.set(key, facets);
    }
    return facets;
  }

  private inOrder(sort: SearchRequest["sort"], channel: SalesChannel): SearchDocument[] {
    const key = sort === "PRICE_ASC" || sort === "PRICE_DESC" ? `${sort}:${channel}` : sort;
    let all = this.orders.get(key);
    if (!all) {
      all = [...this.documents.values()].sort(ORDERS[sort](channel));
      this.orders.set(key, all);
    }
    return all;
  }

  /** The query with every word that finds nothing on its own replaced by the closest known word; null if none is. */
  private correction(words: readonly string[]): string | null {
    let changed = false;
    const corrected = words.map((word) => {
      if (this.index.search(queryFor([word])).length > 0) return word;
      const closest = this.vocabulary.closest(word);
      if (closest === null || closest === word) return word;
      changed = true;
      return closest;
    });
    return changed ? corrected.join(" ") : null;
  }

  private labelled(facets: ReturnType<typeof countFacets>): LabelledFacet[] {
    const currencyCode = this.documents.values().next().value?.currencyCode ?? DEFAULT_CURRENCY;
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
