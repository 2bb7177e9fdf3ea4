import type { RedisClient } from "../../../lib/redis.js";
import { IndexedCatalog, type ProductChange } from "../search/indexed-catalog.js";
import type { CategoryRecord, ProductRecord, VariantRecord } from "./index.js";
import { CATEGORY_PREFIX, catalogKeys, PRODUCT_PREFIX, VARIANT_PREFIX, type CatalogScripts } from "./redis-keys.js";

interface Synced {
  version: number;
  catalog: IndexedCatalog;
}

const parse = <T>(json: string) => JSON.parse(json) as T;

/** Groups variants under their products: one change per product id (null where the product is gone). */
function changesOf(ids: readonly string[], productJson: readonly string[], variantJson: readonly string[]): ProductChange[] {
  const variants = new Map<string, VariantRecord[]>();
  for (const variant of variantJson.map(parse<VariantRecord>)) {
    const own = variants.get(variant.productId) ?? [];
    if (own.length === 0) variants.set(variant.productId, own);
    own.push(variant);
  }
  return ids.map((id, i) => {
    const product = productJson[i] === "" ? null : parse<ProductRecord>(productJson[i]);
    const own = variants.get(id) ?? [];
    const bySku = new Map(own.map((v) => [v.sku, v]));
    // In the product's own variant order.
    const ordered = product ? product.variantSkus.map((sku) => bySku.get(sku)).filter((v): v is VariantRecord => !!v) : [];
    return { id, product, variants: ordered };
  });
}

/**
 * This instance's search index over the catalog in Redis. Each search reads `{catalog}:version` (one GET); when it
 * moved, one script call answers the products saved since the version held (the change log `{catalog}:changed`),
 * and only those are re-indexed. The first search, and any after a bulk write (the seed), loads one snapshot of the
 * whole catalog instead. Concurrent searches share one catch-up.
 */
export class RedisSearchIndex {
  private synced: Synced | undefined;
  private catchingUp: Promise<Synced> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly scripts: CatalogScripts,
  ) {}

  /** The catalog index at the current version (or later). */
  async current(): Promise<IndexedCatalog> {
    const version = Number((await this.redis.get(catalogKeys.version)) ?? 0);
    // A catch-up already under way may have read an older version than `version`: then one more is needed.
    while (!this.synced || this.synced.version < version) {
      this.catchingUp ??= this.catchUp(this.synced).finally(() => {
        this.catchingUp = undefined;
      });
      const caught = await this.catchingUp;
      if (!this.synced || caught.version >= this.synced.version) this.synced = caught;
    }
    return this.synced.catalog;
  }

  private async catchUp(held: Synced | undefined): Promise<Synced> {
    if (!held) return this.loadSnapshot();
    const answer = (await this.scripts.catalogChangesSince(
      catalogKeys.version,
      catalogKeys.bulkVersion,
      catalogKeys.changed,
      PRODUCT_PREFIX,
      VARIANT_PREFIX,
      held.version,
    )) as [number, number, string[]?, string[]?, string[]?];
    const [version, reload, ids = [], products = [], variants = []] = answer;
    if (reload === 1) return this.loadSnapshot();
    await held.catalog.apply(changesOf(ids, products, variants));
    return { version: Number(version), catalog: held.catalog };
  }

  private async loadSnapshot(): Promise<Synced> {
    const [version, categoryJson, productJson, variantJson] = (await this.scripts.catalogSnapshot(
      catalogKeys.version,
      catalogKeys.categoryOrder,
      CATEGORY_PREFIX,
      catalogKeys.newestProducts,
      PRODUCT_PREFIX,
      catalogKeys.skus,
      VARIANT_PREFIX,
    )) as [string, string[], string[], string[]];
    const categories = new Map(categoryJson.map(parse<CategoryRecord>).map((c) => [c.id, c]));
    const catalog = new IndexedCatalog(categories);
    const products = productJson.map(parse<ProductRecord>);
    await catalog.apply(
      changesOf(
        products.map((p) => p.id),
        productJson,
        variantJson,
      ),
    );
    return { version: Number(version), catalog };
  }
}
