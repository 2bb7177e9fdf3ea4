import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import { SearchIndex } from "../search.js";
import type { CatalogSeed } from "../seed.js";
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
import { ORDERED_PAGE, LOOKUP, SNAPSHOT } from "./scripts.js";

/**
 * Every catalog key, under the one hash tag `{catalog}` so that each script and MULTI stays in one cluster slot.
 * A future catalog write must change a record, its index entries and INCR `version` in one MULTI or script: the
 * version is how every instance learns that its search index is stale.
 */
export const catalogKeys = {
  product: (id: string) => `{catalog}:product:${id}`,
  variant: (sku: string) => `{catalog}:variant:${sku}`,
  category: (id: string) => `{catalog}:category:${id}`,
  /** Hash handle → product id. */
  productByHandle: "{catalog}:product-by-handle",
  /** Hash barcode → sku. */
  variantByBarcode: "{catalog}:variant-by-barcode",
  /** Sorted set of every product id, newest first (score −createdAt in ms; ties by id). */
  newestProducts: "{catalog}:products-newest",
  /** The same, per category: products of that category and of every category below it. */
  categoryProducts: (categoryId: string) => `{catalog}:category-products:${categoryId}`,
  /** Sorted set of category ids in seed order (parents before children). */
  categoryOrder: "{catalog}:category-order",
  /** Set of every sku, for the search snapshot. */
  skus: "{catalog}:skus",
  /** Bumped by every change to the catalog (the seed included). */
  version: "{catalog}:version",
  /** Set NX by the first seeder: once set, no seed writes anything. */
  seeded: "{catalog}:seeded",
} as const;

// Prefixes handed to the scripts, which append ids to them.
const PRODUCT_PREFIX = catalogKeys.product("");
const VARIANT_PREFIX = catalogKeys.variant("");
const CATEGORY_PREFIX = catalogKeys.category("");

/** Records written per MULTI while seeding: big enough to be quick, small enough not to stall other clients. */
const SEED_CHUNK = 250;
/** Seeding MULTIs sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/** A window wider than any sorted set here. */
const ALL = 1_000_000_000;

interface ScriptedClient {
  catalogLookup(indexKey: string, recordPrefix: string, ...values: string[]): Promise<(string | null)[]>;
  catalogPage(sortedSet: string, recordPrefix: string, offset: number, limit: number): Promise<[number, ...string[]]>;
  catalogSnapshot(...keys: string[]): Promise<[string, string[], string[], string[]]>;
}

interface Snapshot {
  version: number;
  index: SearchIndex;
  /** Every product, oldest change first (the feed). */
  byChange: ProductRecord[];
}

export interface RedisCatalogStoreOptions {
  /** Written once when this Redis has no catalog yet (see `seedIfEmpty`). */
  seed?: CatalogSeed;
}

/**
 * The catalog in Redis: records as JSON strings, batched reads in one MGET or one script call, listings from sorted
 * sets. Search keeps the memory store's exact semantics by running the same in-process SearchIndex over a snapshot
 * of the catalog, rebuilt when `{catalog}:version` moves (the catalog is read-mostly).
 */
export class RedisCatalogStore implements CatalogStore {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(private readonly redis: RedisClient) {
    redis.defineCommand("catalogLookup", { numberOfKeys: 2, lua: LOOKUP });
    redis.defineCommand("catalogPage", { numberOfKeys: 2, lua: ORDERED_PAGE });
    redis.defineCommand("catalogSnapshot", { numberOfKeys: 7, lua: SNAPSHOT });
  }

  private get scripts(): ScriptedClient {
    return this.redis as unknown as ScriptedClient;
  }

  /**
   * Writes `seed` unless a catalog was seeded here before: the `seeded` marker is claimed with SET NX first, so of
   * several instances starting together exactly one writes, and data already present is never overwritten. Answers
   * whether this call wrote. Each slice of records goes in the same MULTI as its index entries, as a few variadic
   * commands (MSET, HSET, ZADD, SADD of the whole slice); the version moves last, so other instances rebuild their
   * search index from the complete catalog.
   */
  async seedIfEmpty(seed: CatalogSeed): Promise<boolean> {
    const claimed = await this.redis.set(catalogKeys.seeded, new Date().toISOString(), "NX");
    if (claimed === null) return false;

    const parents = new Map(seed.categories.map((c) => [c.id, c.parentId]));
    const withAncestors = (categoryId: string) => {
      const ids: string[] = [];
      for (let id: string | null = categoryId; id !== null && !ids.includes(id); id = parents.get(id) ?? null) ids.push(id);
      return ids;
    };

    type Multi = ReturnType<RedisClient["multi"]>;
    // A few dozen categories: one slice, scored by their position in the seed.
    const writeCategories = (multi: Multi, categories: readonly CategoryRecord[]) => {
      multi.mset(new Map(categories.map((category) => [catalogKeys.category(category.id), JSON.stringify(category)])));
      multi.zadd(catalogKeys.categoryOrder, ...categories.flatMap((category, position) => [position, category.id]));
    };
    const writeProducts = (multi: Multi, products: readonly ProductRecord[]) => {
      const inCategory = new Map<string, (string | number)[]>();
      const newest: (string | number)[] = [];
      for (const product of products) {
        const score = -Date.parse(product.createdAt);
        newest.push(score, product.id);
        for (const categoryId of withAncestors(product.categoryId)) {
          const members = inCategory.get(categoryId) ?? [];
          if (members.length === 0) inCategory.set(categoryId, members);
          members.push(score, product.id);
        }
      }
      multi.mset(new Map(products.map((product) => [catalogKeys.product(product.id), JSON.stringify(product)])));
      multi.hset(catalogKeys.productByHandle, new Map(products.map((product) => [product.handle, product.id])));
      multi.zadd(catalogKeys.newestProducts, ...newest);
      for (const [categoryId, members] of inCategory) multi.zadd(catalogKeys.categoryProducts(categoryId), ...members);
    };
    const writeVariants = (multi: Multi, variants: readonly VariantRecord[]) => {
      multi.mset(new Map(variants.map((variant) => [catalogKeys.variant(variant.sku), JSON.stringify(variant)])));
      multi.hset(catalogKeys.variantByBarcode, new Map(variants.map((variant) => [variant.barcode, variant.sku])));
      multi.sadd(catalogKeys.skus, ...variants.map((variant) => variant.sku));
    };

    const transaction = async (write: (multi: Multi) => void) => {
      const multi = this.redis.multi();
      write(multi);
      failOnError(await multi.exec());
    };
    if (seed.categories.length > 0) await transaction((multi) => writeCategories(multi, seed.categories));
    await inBatches(seed.products, SEED_CHUNK, SEED_IN_FLIGHT, (products) => transaction((multi) => writeProducts(multi, products)));
    await inBatches(seed.variants, SEED_CHUNK, SEED_IN_FLIGHT, (variants) => transaction((multi) => writeVariants(multi, variants)));
    await this.redis.incr(catalogKeys.version);
    return true;
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
    return (await this.searchIndex()).search(search);
  }

  /** From the same snapshot as search: the feed reads the whole catalog's change times, which no sorted set holds. */
  async listProductsChangedSince(since: string, offset: number, limit: number): Promise<ProductPage> {
    await this.searchIndex();
    return changedSince(this.snapshot!.byChange, since, offset, limit);
  }

  /**
   * The search index at the current version: one GET per search; a rebuild (one script call) only when the version
   * moved. Concurrent searches share one rebuild.
   */
  private async searchIndex(): Promise<SearchIndex> {
    const current = Number((await this.redis.get(catalogKeys.version)) ?? 0);
    // A rebuild already under way may have read an older version than `current`: then one more is needed.
    while (!this.snapshot || this.snapshot.version < current) {
      this.loading ??= this.loadSnapshot().finally(() => {
        this.loading = undefined;
      });
      const loaded = await this.loading;
      if (!this.snapshot || loaded.version > this.snapshot.version) this.snapshot = loaded;
    }
    return this.snapshot.index;
  }

  private async loadSnapshot(): Promise<Snapshot> {
    const [version, categoryJson, productJson, variantJson] = await this.scripts.catalogSnapshot(
      catalogKeys.version,
      catalogKeys.categoryOrder,
      CATEGORY_PREFIX,
      catalogKeys.newestProducts,
      PRODUCT_PREFIX,
      catalogKeys.skus,
      VARIANT_PREFIX,
    );
    const categories = new Map(categoryJson.map((json) => JSON.parse(json) as CategoryRecord).map((c) => [c.id, c]));
    const variants = new Map(variantJson.map((json) => JSON.parse(json) as VariantRecord).map((v) => [v.sku, v]));
    const products = productJson.map((json) => JSON.parse(json) as ProductRecord);
    return { version: Number(version), index: new SearchIndex(products, variants, categories), byChange: [...products].sort(byChange) };
  }

  private async page<T>(sortedSet: string, recordPrefix: string, offset: number, limit: number) {
    const [count, ...values] = await this.scripts.catalogPage(sortedSet, recordPrefix, offset, limit);
    return { records: values.filter((v) => v !== "").map((v) => JSON.parse(v) as T), count: Number(count) };
  }

  private async mget<T>(keys: string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    return (await this.redis.mget(keys)).map(parse<T>);
  }

  private async lookup<T>(index: string, recordPrefix: string, values: readonly string[]): Promise<(T | null)[]> {
    if (values.length === 0) return [];
    return (await this.scripts.catalogLookup(index, recordPrefix, ...values)).map(parse<T>);
  }
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

function failOnError(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([error]) => error !== null);
  if (!results || failed) throw failed?.[0] ?? new Error("catalog seed transaction was aborted");
}

/** A catalog store on `redis`, seeded with `options.seed` when this Redis has no catalog yet. */
export async function createRedisCatalogStore(redis: RedisClient, options: RedisCatalogStoreOptions = {}): Promise<RedisCatalogStore> {
  const store = new RedisCatalogStore(redis);
  if (options.seed) await store.seedIfEmpty(options.seed);
  return store;
}
