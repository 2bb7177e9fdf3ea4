import { BadUserInputError } from "../../../lib/errors.js";
import { connectionOf, pageRequest } from "../../../lib/paging.js";
import type { CatalogStore, CategoryRecord } from "../store/index.js";

export interface ProductListInput {
  categoryId?: string | null;
  first: number | null;
  after: string | null;
  updatedSince?: Date | string | null;
}

/** Listing products and categories: what the catalog's browse pages and the partner feed read. */
export class ProductService {
  constructor(private readonly store: CatalogStore) {}

  /**
   * The product listing (newest first, optionally within a category) or, with `updatedSince`, the partner feed (what
   * changed since then, oldest change first), as a connection. The two are never combined: their orders differ, and
   * so do their cursors.
   */
  async list(input: ProductListInput) {
    const { categoryId, updatedSince } = input;
    if (updatedSince != null && categoryId != null)
      throw new BadUserInputError("Give updatedSince or categoryId, not both.", ["updatedSince"]);
    const kind = updatedSince != null ? "feed" : "products";
    const page = pageRequest(kind, input.first, input.after);
    const result =
      updatedSince != null
        ? await this.store.listProductsChangedSince(new Date(updatedSince).toISOString(), page.offset, page.first)
        : await this.store.listProducts(categoryId ?? null, page.offset, page.first);
    return connectionOf(kind, page, result.products, result.totalCount);
  }

  /** The whole category tree, parents before children. */
  categories(): Promise<CategoryRecord[]> {
    return this.store.allCategories();
  }
}
