import { MemoryOutbox } from "../../../lib/outbox.js";
import type { CatalogSeed } from "../seed.js";
import { catalogChanged } from "./events.js";
import { IndexedCatalog, type ProductChange } from "../search/indexed-catalog.js";
import {
  HandleTakenError,
  savedRecord,
  withAncestors,
  type CatalogStore,
  type CategoryRecord,
  type ProductPage,
  type ProductRecord,
  type ProductSearch,
  type VariantRecord,
} from "./index.js";

/** The embedded default: the catalog held in maps, answered in batches like any other store. */
export class MemoryCatalogStore implements CatalogStore {
  readonly outbox = new MemoryOutbox();
  private readonly products = new Map<string, ProductRecord>();
  private readonly productsByHandleMap = new Map<string, ProductRecord>();
  private readonly variants = new Map<string, VariantRecord>();
  private readonly variantsByBarcodeMap = new Map<string, VariantRecord>();
  private readonly categories = new Map<string, CategoryRecord>();
  /** Category id → its parent's id, for listings by category. */
  private readonly parents = new Map<string, string | null>();
  private newestFirstList: ProductRecord[] | null = null;
  private readonly indexed: IndexedCatalog;
  /** The whole seed going into search; every search and save waits for it. */
  private readonly ready: Promise<void>;

  constructor(
    seed: CatalogSeed,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const category of seed.categories) {
      this.categories.set(category.id, category);
      this.parents.set(category.id, category.parentId);
    }
    for (const product of seed.products) this.putProduct(product);
    for (const variant of seed.variants) this.putVariant(variant);
    this.indexed = new IndexedCatalog(this.categories);
    this.ready = this.indexed.apply(seed.products.map((product) => this.change(product)));
  }

  async productsById(ids: readonly string[]) {
    return ids.map((id) => this.products.get(id) ?? null);
  }

  async productsByHandle(handles: readonly string[]) {
    return handles.map((handle) => this.productsByHandleMap.get(handle) ?? null);
  }

  async variantsBySku(skus: readonly string[]) {
    return skus.map((sku) => this.variants.get(sku) ?? null);
  }

  async variantsByBarcode(barcodes: readonly string[]) {
    return barcodes.map((barcode) => this.variantsByBarcodeMap.get(barcode) ?? null);
  }

  async categoriesById(ids: readonly string[]) {
    return ids.map((id) => this.categories.get(id) ?? null);
  }

  async allCategories() {
    return [...this.categories.values()];
  }

  async listProducts(categoryId: string | null, offset: number, limit: number): Promise<ProductPage> {
    this.newestFirstList ??= [...this.products.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    const all = this.newestFirstList;
    const inCategory = categoryId === null ? all : all.filter((p) => this.isWithin(p.categoryId, categoryId));
    return { products: inCategory.slice(offset, offset + limit), totalCount: inCategory.length };
  }

  async listProductsChangedSince(since: string, offset: number, limit: number): Promise<ProductPage> {
    await this.ready;
    return this.indexed.changedSince(since, offset, limit);
  }

  async searchProducts(search: ProductSearch) {
    await this.ready;
    return this.indexed.search(search);
  }

  async searchSuggestions(prefix: string, first: number) {
    await this.ready;
    return this.indexed.suggest(prefix, first);
  }

  async saveProduct(product: ProductRecord, variants: readonly VariantRecord[]): Promise<ProductRecord> {
    await this.ready;
    const owner = this.productsByHandleMap.get(product.handle);
    if (owner && owner.id !== product.id) throw new HandleTakenError(product.handle);
    const existing = this.products.get(product.id) ?? null;
    const record = savedRecord(product, variants, existing, this.now());
    if (existing) {
      this.productsByHandleMap.delete(existing.handle);
      for (const sku of existing.variantSkus) {
        const old = this.variants.get(sku);
        if (old) this.variantsByBarcodeMap.delete(old.barcode);
        this.variants.delete(sku);
      }
    }
    this.putProduct(record);
    for (const variant of variants) this.putVariant(variant);
    this.newestFirstList = null;
    this.outbox.record(catalogChanged([record.id]));
    await this.indexed.apply([this.change(record)]);
    return record;
  }

  private putProduct(product: ProductRecord): void {
    this.products.set(product.id, product);
    this.productsByHandleMap.set(product.handle, product);
  }

  private putVariant(variant: VariantRecord): void {
    this.variants.set(variant.sku, variant);
    this.variantsByBarcodeMap.set(variant.barcode, variant);
  }

  private change(product: ProductRecord): ProductChange {
    const variants = product.variantSkus.map((sku) => this.variants.get(sku)).filter((v): v is VariantRecord => v !== undefined);
    return { id: product.id, product, variants };
  }

  private isWithin(categoryId: string, ancestorId: string): boolean {
    return withAncestors(categoryId, this.parents).includes(ancestorId);
  }
}
