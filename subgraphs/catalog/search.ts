import { SalesChannel } from "../../lib/channel.js";
import type { CategoryRecord, FacetRecord, ProductRecord, ProductSearch, VariantRecord } from "./store/index.js";

/** Facets offered on search results, in the order they are shown. */
export const FACET_NAMES = ["category", "brand", "color", "size", "price"] as const;

const PRICE_BANDS: [string, number, number][] = [
  ["under-25", 0, 2500],
  ["25-50", 2500, 5000],
  ["50-100", 5000, 10_000],
  ["100-200", 10_000, 20_000],
  ["200-plus", 20_000, Number.MAX_SAFE_INTEGER],
];

/** What search needs to know of one product, computed once when the index is built. */
interface Indexed {
  product: ProductRecord;
  tokens: { title: Set<string>; other: Set<string> };
  facets: Record<(typeof FACET_NAMES)[number], Set<string>>;
  minWebPrice: number;
}

const tokenize = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1);

/**
 * An in-process search index over the catalog: token match with title hits weighted above brand, category and
 * description; disjunctive facet counts (a facet's counts ignore that facet's own filter, so a shopper can widen it).
 */
export class SearchIndex {
  private readonly entries: Indexed[];

  constructor(products: ProductRecord[], variants: Map<string, VariantRecord>, categories: Map<string, CategoryRecord>) {
    this.entries = products.map((product) => {
      const own = product.variantSkus.map((sku) => variants.get(sku)).filter((v): v is VariantRecord => !!v);
      const category = categories.get(product.categoryId);
      const parent = category?.parentId ? categories.get(category.parentId) : undefined;
      const optionValues = (name: string) =>
        new Set(own.flatMap((v) => v.selectedOptions.filter((o) => o.name === name).map((o) => o.value)));
      const minWebPrice = Math.min(...own.map((v) => v.prices[SalesChannel.WEB].price));
      return {
        product,
        tokens: {
          title: new Set(tokenize(product.title)),
          other: new Set(tokenize(`${product.brand} ${category?.name ?? ""} ${parent?.name ?? ""} ${product.description}`)),
        },
        facets: {
          category: new Set([product.categoryId, ...(parent ? [parent.id] : [])]),
          brand: new Set([product.brand]),
          color: optionValues("Color"),
          size: optionValues("Size"),
          price: new Set(PRICE_BANDS.filter(([, lo, hi]) => minWebPrice >= lo && minWebPrice < hi).map(([band]) => band)),
        },
        minWebPrice,
      };
    });
  }

  search(search: ProductSearch): { products: ProductRecord[]; totalCount: number; facets: FacetRecord[] } {
    const terms = search.query ? tokenize(search.query) : [];
    const scored: { entry: Indexed; score: number }[] = [];
    for (const entry of this.entries) {
      let score = 0;
      let matchedAll = true;
      for (const term of terms) {
        const inTitle = [...entry.tokens.title].some((t) => t.startsWith(term));
        const inOther = [...entry.tokens.other].some((t) => t.startsWith(term));
        if (!inTitle && !inOther) {
          matchedAll = false;
          break;
        }
        score += inTitle ? 3 : 1;
      }
      if (matchedAll) scored.push({ entry, score });
    }
    const filters = search.filters.filter((f) => f.values.length > 0);
    const passes = (entry: Indexed, except?: string) =>
      filters.every((f) => f.name === except || f.values.some((v) => entry.facets[f.name as keyof Indexed["facets"]]?.has(v)));

    const matched = scored.filter(({ entry }) => passes(entry));
    const facets: FacetRecord[] = FACET_NAMES.map((name) => {
      const counts = new Map<string, number>();
      for (const { entry } of scored) {
        if (!passes(entry, name)) continue;
        for (const value of entry.facets[name]) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const values = [...counts].map(([value, count]) => ({ value, count }));
      values.sort((a, b) =>
        name === "price" ? bandIndex(a.value) - bandIndex(b.value) : b.count - a.count || a.value.localeCompare(b.value),
      );
      return { name, values };
    });

    const byTitle = (a: Indexed, b: Indexed) => a.product.title.localeCompare(b.product.title) || a.product.id.localeCompare(b.product.id);
    matched.sort((a, b) => {
      switch (search.sort) {
        case "PRICE_ASC":
          return a.entry.minWebPrice - b.entry.minWebPrice || byTitle(a.entry, b.entry);
        case "PRICE_DESC":
          return b.entry.minWebPrice - a.entry.minWebPrice || byTitle(a.entry, b.entry);
        case "NEWEST":
          return b.entry.product.createdAt.localeCompare(a.entry.product.createdAt) || byTitle(a.entry, b.entry);
        default:
          return b.score - a.score || byTitle(a.entry, b.entry);
      }
    });
    return {
      products: matched.slice(search.offset, search.offset + search.limit).map(({ entry }) => entry.product),
      totalCount: matched.length,
      facets,
    };
  }
}

function bandIndex(band: string): number {
  return PRICE_BANDS.findIndex(([name]) => name === band);
}
