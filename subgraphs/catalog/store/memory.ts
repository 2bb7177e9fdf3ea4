import type { CatalogSeed } from "../seed.js";
import { SearchIndex } from "../search.js";
import {
  byChange,
  changedSince,
  type CatalogStore,
  type CategoryRecord,
  type ProductPage,
  type ProductRecord,
  type ProductSearch,
  type VariantRecord,
} from "./index.js";

/** The embedded default: the catalog held in maps, answered in batches like any other store. */
export class MemoryCatalogStore implements CatalogStore {
  private readonly products = new Map<string, ProductRecord>();
  private readonly productsByHandleMap = new Map<string, ProductRecord>();
  private readonly variants = new Map<string, VariantRecord>();
  private readonly variantsByBarcodeMap = new Map<string, VariantRecord>();
  private readonly categories = new Map<string, CategoryRecord>();
  private readonly newestFirst: ProductRecord[];
  private readonly oldestChangeFirst: ProductRecord[];
  private readonly index: SearchIndex;

  constructor(seed: CatalogSeed) {
    for (const category of seed.categories) this.categories.set(category.id, category);
    for (const product of seed.products) {
      this.products.set(product.id, product);
      this.productsByHandleMap.set(product.handle, product);
    }
    for (const variant of seed.variants) {
      this.variants.set(variant.sku, variant);
      this.variantsByBarcodeMap.set(variant.barcode, variant);
    }
    this.newestFirst = [...seed.products].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    this.oldestChangeFirst = [...seed.products].sort(byChange);
    this.index = new SearchIndex(seed.products, this.variants, this.categories);
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
    const inCategory = categoryId === null ? this.newestFirst : this.newestFirst.filter((p) => this.isWithin(p.categoryId, categoryId));
    return { products: inCategory.slice(offset, offset + limit), totalCount: inCategory.length };
  }

  async listProductsChangedSince(since: string, offset: number, limit: number): Promise<ProductPage> {
    return changedSince(this.oldestChangeFirst, since, offset, limit);
  }

  async searchProducts(search: ProductSearch) {
    return this.index.search(search);
  }

  private isWithin(categoryId: string, ancestorId: string): boolean {
    for (let id: string | null = categoryId; id !== null; id = this.categories.get(id)?.parentId ?? null) {
      if (id === ancestorId) return true;
    }
    return false;
  }
}
