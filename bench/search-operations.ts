/** What the search bench sends: searches as shoppers type them and typeahead, catalog fields only. */
export interface SearchOperation {
  name: string;
  kind: "search" | "typeahead";
  query: string;
  variables: Record<string, unknown>;
}

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filters: [FacetFilterInput!], $sort: ProductSort) {
    searchProducts(query: $query, filters: $filters, sort: $sort, first: 20) {
      totalCount
      didYouMean
      facets {
        name
        label
        values {
          value
          label
          count
        }
      }
      nodes {
        id
        handle
        title
        brand
        priceRange {
          min {
            amount
            currencyCode
          }
          max {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

const SUGGEST = /* GraphQL */ `
  query Suggest($prefix: String!) {
    searchSuggestions(prefix: $prefix, first: 5) {
      products {
        id
        title
      }
      categories {
        id
        name
      }
      brands
    }
  }
`;

const search = (name: string, variables: Record<string, unknown>): SearchOperation => ({ name, kind: "search", query: SEARCH, variables });
const suggest = (prefix: string): SearchOperation => ({
  name: `suggest ${prefix}`,
  kind: "typeahead",
  query: SUGGEST,
  variables: { prefix },
});

export const SEARCH_OPERATIONS: SearchOperation[] = [
  search("tee", { query: "tee" }),
  search("jackets", { query: "jackets" }),
  search("jackt (typo)", { query: "jackt" }),
  search("rain coat (synonym)", { query: "rain coat" }),
  search("jakcet (nothing: didYouMean)", { query: "jakcet" }),
  search("everything, by price", { query: null, sort: "PRICE_ASC" }),
  search("outdoors under $50", {
    query: null,
    filters: [
      { name: "category", values: ["cat-outdoors"] },
      { name: "price", values: ["under-25", "25-50"] },
    ],
  }),
  suggest("j"),
  suggest("jac"),
  suggest("harb"),
];

/** A small seeded generator (mulberry32): the same run of fresh queries every time the bench runs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/**
 * The long tail: queries no shopper has sent before in this run, so no recent answer the engine keeps can serve them.
 * Each is drawn from the catalog's own titles — two neighbouring words, one word with a letter mistyped, or a word
 * followed by a half-typed one — and redrawn while it repeats an earlier one. `repeats` counts the few that could not
 * be made new (the demo titles use about a hundred words).
 */
export function freshQueries(titles: readonly string[], seed = 18) {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const sent = new Set<string>();
  const titleWords = titles.map((title) =>
    title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 1),
  );
  const draw = (forTypeahead: boolean): string => {
    const words = pick(titleWords);
    const at = Math.floor(random() * words.length);
    const next = words[at + 1];
    if (forTypeahead) return next ? `${words[at]} ${next.slice(0, 1 + Math.floor(random() * 3))}` : words[at].slice(0, 3);
    const form = random();
    if (form < 0.4 && next) return `${words[at]} ${next}`;
    if (form < 0.7 && words[at].length >= 4) {
      const word = words[at];
      const i = 1 + Math.floor(random() * (word.length - 1));
      return word.slice(0, i) + pick([...LETTERS.replace(word[i], "")]) + word.slice(i + 1);
    }
    return next ? `${words[at]} ${next.slice(0, Math.max(2, Math.ceil(next.length * 0.6)))}` : words[at];
  };
  const fresh = { repeats: 0 };
  const next = (forTypeahead: boolean) => {
    let text = draw(forTypeahead);
    for (let tries = 0; sent.has(text) && tries < 50; tries++) text = draw(forTypeahead);
    if (sent.has(text)) fresh.repeats++;
    sent.add(text);
    return text;
  };
  return Object.assign(fresh, {
    search: (): SearchOperation => search("fresh query", { query: next(false) }),
    typeahead: (): SearchOperation => ({ ...suggest(next(true)), name: "fresh typeahead" }),
  });
}

/** Per round, besides SEARCH_OPERATIONS: how many fresh searches and fresh typeahead requests. */
export const FRESH_PER_ROUND = { search: 3, typeahead: 1 };
