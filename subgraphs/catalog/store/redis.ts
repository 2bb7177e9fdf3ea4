import { RedisOutbox, type OutboxLease } from "../../../lib/outbox.js";
import type { RedisClient } from "../../../lib/redis.js";
import { catalogChanged } from "./events.js";
import type { CatalogSeed } from "../seed.js";
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
import {
  CATEGORY_PREFIX,
  CATEGORY_PRODUCTS_PREFIX,
  catalogKeys,
  catalogScripts,
  PRODUCT_PREFIX,
  VARIANT_PREFIX,
  type CatalogScripts,
} from "./redis-keys.js";
import { RedisSearchIndex } from "./redis-search.js";
import { newestScore, seedCatalog } from "./redis-seed.js";

export { catalogKeys } from "./redis-keys.js";

/** A window wider than any sorted set here. */
const ALL = 1_000_000_000;

export interface RedisCatalogStoreOptions {
  /** Written once when this Redis has no catalog yet (see `seedIfEmpty`). */
  seed?: CatalogSeed;
  /** The clock saves are stamped with. */
  now?: () => Date;
}

/**
 * The catalog in Redis: records as JSON strings, batched reads in one MGET or one script call, listings from sorted
 * sets, saves in one script with their index entries and the change log. Search runs in process on an index each
 * instance keeps current from that log (redis-search.ts).
 */
export class RedisCatalogStore implements CatalogStore {
  readonly outbox: RedisOutbox;
  readonly outboxLease: OutboxLease;
  private readonly scripts: CatalogScripts;
  private readonly index: RedisSearchIndex;
  private readonly now: () => Date;

  constructor(
    private readonly redis: RedisClient,
    options: Pick<RedisCatalogStoreOptions, "now"> = {},
  ) {
    this.scripts = catalogScripts(redis);
    this.outbox = new RedisOutbox(redis, catalogKeys.outbox);
    this.outboxLease = { redis, key: catalogKeys.outboxLease };
    this.index = new RedisSearchIndex(redis, this.scripts);
    this.now = options.now ?? (() => new Date());
  }

  /** Writes `seed` unless a catalog was seeded here before (see redis-seed.ts); answers whether this call wrote. */
  seedIfEmpty(seed: CatalogSeed): Promise<boolean> {
    return seedCatalog(this.redis, this.scripts, seed);
  }

  async productsById(ids: readonly string[]) {
    return this.mget<ProductRecord>(ids.map(catalogKeys.product));
  }

  async productsByHandle(handles: readonly string[]) {
    return this.lookup<ProductRecord>(catalogKeys.productByHandle, PRODUCT_PREFIX, handles);
  }

  async variantsBySku(skus: readonly string[]) {
    return this.mget<VariantRecord>(skus.map(catalogKeys.variant));
  }

  async variantsByBarcode(barcodes: readonly string[]) {
    return this.lookup<VariantRecord>(catalogKeys.variantByBarcode, VARIANT_PREFIX, barcodes);
  }

  async categoriesById(ids: readonly string[]) {
    return this.mget<CategoryRecord>(ids.map(catalogKeys.category));
  }

  async allCategories(): Promise<CategoryRecord[]> {
    return (await this.page<CategoryRecord>(catalogKeys.categoryOrder, CATEGORY_PREFIX, 0, ALL)).records;
  }

  async listProducts(categoryId: string | null, offset: number, limit: number): Promise<ProductPage> {
    const set = categoryId === null ? catalogKeys.newestProducts : catalogKeys.categoryProducts(categoryId);
    const { records, count } = await this.page<ProductRecord>(set, PRODUCT_PREFIX, offset, limit);
    return { products: records, totalCount: count };
  }

  async searchProducts(search: ProductSearch) {
    return (await this.index.current()).search(search);
  }

  async searchSuggestions(prefix: string, first: number) {
    return (await this.index.current()).suggest(prefix, first);
  }

  /** From the search index: the feed reads the whole catalog's change times, which no sorted set holds. */
  async listProductsChangedSince(since: string, offset: number, limit: number): Promise<ProductPage> {
    return (await this.index.current()).changedSince(since, offset, limit);
  }

  /**
   * One script (lua/save-product.lua): the record, its variants, every index entry, the version, the change log and
   * the CATALOG_CHANGED in the outbox.
   */
  async saveProduct(product: ProductRecord, variants: readonly VariantRecord[]): Promise<ProductRecord> {
    const [[existing], categories] = await Promise.all([this.productsById([product.id]), this.allCategories()]);
    const record = savedRecord(product, variants, existing, this.now());
    const parents = new Map(categories.map((c) => [c.id, c.parentId]));
    const listedUnder = withAncestors(record.categoryId, parents);
    try {
      await this.scripts.catalogSaveProduct(
        PRODUCT_PREFIX,
        VARIANT_PREFIX,
        catalogKeys.productByHandle,
        catalogKeys.variantByBarcode,
        catalogKeys.newestProducts,
        CATEGORY_PRODUCTS_PREFIX,
        catalogKeys.skus,
        catalogKeys.version,
        catalogKeys.changed,
        catalogKeys.outbox,
        record.id,
        JSON.stringify(record),
        record.handle,
        newestScore(record),
        JSON.stringify(catalogChanged([record.id])),
        listedUnder.length,
        ...listedUnder,
        categories.length,
        ...categories.map((c) => c.id),
        ...variants.flatMap((variant) => [variant.sku, variant.barcode, JSON.stringify(variant)]),
      );
    } catch (error) {
      if (error instanceof Error && error.message.includes("HANDLE_TAKEN")) throw new HandleTakenError(record.handle);
      throw error;
    }
    return record;
  }

  private async page<T>(sortedSet: string, recordPrefix: string, offset: number, limit: number) {
    const [count, ...values] = (await this.scripts.catalogPage(sortedSet, recordPrefix, offset, limit)) as [number, ...string[]];
    return { records: values.filter((v) => v !== "").map((v) => JSON.parse(v) as T), count: Number(count) };
  }

  private async mget<T>(keys: string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    return (await this.redis.mget(keys)).map(parse<T>);
  }

  private async lookup<T>(index: string, recordPrefix: string, values: readonly string[]): Promise<(T | null)[]> {
    if (values.length === 0) return [];
    return ((await this.scripts.catalogLookup(index, recordPrefix, ...values)) as (string | null)[]).map(parse<T>);
  }
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

/** A catalog store on `redis`, seeded with `options.seed` when this Redis has no catalog yet. */
export async function createRedisCatalogStore(redis: RedisClient, options: RedisCatalogStoreOptions = {}): Promise<RedisCatalogStore> {
  const store = new RedisCatalogStore(redis, options);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}
