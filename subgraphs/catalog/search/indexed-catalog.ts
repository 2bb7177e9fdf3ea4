import {
  byChange,
  changedSince,
  type CategoryRecord,
  type ProductPage,
  type ProductRecord,
  type SearchPage,
  type SuggestionRecords,
  type VariantRecord,
} from "../store/index.js";
import { toSearchDocument } from "./document.js";
import type { SearchEngine, SearchRequest } from "./engine.js";
import { InProcessSearchEngine } from "./in-process.js";

/** A product as it now is, with its variants; or, with `product` null, a product that is gone. */
export interface ProductChange {
  id: string;
  product: ProductRecord | null;
  variants: readonly VariantRecord[];
}

/**
 * The catalog as search and the partner feed read it, kept current one changed product at a time: each store (memory
 * or Redis) hands it the products that changed, it updates the search engine's documents and its own records, so a
 * product added or retitled is found by its new words on the next query, with no rebuild of the whole index.
 */
export class IndexedCatalog {
  private readonly products = new Map<string, ProductRecord>();
  /** Each product's variants as last indexed: handed out with a page so its prices need no further read. */
  private readonly variants = new Map<string, readonly VariantRecord[]>();
  private oldestChangeFirst: ProductRecord[] | null = null;

  constructor(
    private readonly categories: ReadonlyMap<string, CategoryRecord>,
    private readonly engine: SearchEngine = new InProcessSearchEngine(),
  ) {}

  /** Takes in changed products: adds, replaces and removes their records and search documents. */
  async apply(changes: readonly ProductChange[]): Promise<void> {
    const gone = changes.filter((change) => change.product === null).map((change) => change.id);
    const present = changes.filter((change): change is ProductChange & { product: ProductRecord } => change.product !== null);
    for (const id of gone) {
      this.products.delete(id);
      this.variants.delete(id);
    }
    for (const { product, variants } of present) {
      this.products.set(product.id, product);
      this.variants.set(product.id, variants);
    }
    this.oldestChangeFirst = null;
    if (gone.length > 0) await this.engine.remove(gone);
    await this.engine.upsert(present.map(({ product, variants }) => toSearchDocument(product, variants, this.categories)));
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    const answer = await this.engine.search(request);
    const products = this.records(answer.productIds);
    return { ...answer, products, variants: this.variantsOf(products) };
  }

  async suggest(prefix: string, first: number): Promise<SuggestionRecords> {
    const found = await this.engine.suggest(prefix, first);
    const products = this.records(found.productIds);
    return {
      products,
      variants: this.variantsOf(products),
      categories: found.categoryIds.map((id) => this.categories.get(id)).filter((c): c is CategoryRecord => c !== undefined),
      brands: found.brands,
    };
  }

  /** The partner feed: products changed at or after `since`, oldest change first. */
  changedSince(since: string, offset: number, limit: number): ProductPage {
    this.oldestChangeFirst ??= [...this.products.values()].sort(byChange);
    return changedSince(this.oldestChangeFirst, since, offset, limit);
  }

  private variantsOf(products: readonly ProductRecord[]): VariantRecord[] {
    return products.flatMap((product) => this.variants.get(product.id) ?? []);
  }

  private records(ids: readonly string[]): ProductRecord[] {
    return ids.map((id) => this.products.get(id)).filter((p): p is ProductRecord => p !== undefined);
  }
}
