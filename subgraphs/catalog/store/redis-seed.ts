import { inBatches } from "../../../lib/batches.js";
import type { RedisClient } from "../../../lib/redis.js";
import type { CatalogSeed } from "../seed.js";
import { withAncestors, type CategoryRecord, type ProductRecord, type VariantRecord } from "./index.js";
import { catalogKeys, type CatalogScripts } from "./redis-keys.js";

/** Records written per MULTI while seeding: big enough to be quick, small enough not to stall other clients. */
const SEED_CHUNK = 250;
/** Seeding MULTIs sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/** A product's score in the newest-first sorted sets. */
export const newestScore = (product: ProductRecord) => -Date.parse(product.createdAt);

/**
 * Writes `seed` unless a catalog was seeded here before: the `seeded` marker is claimed with SET NX first, so of
 * several instances starting together exactly one writes, and data already present is never overwritten. Answers
 * whether this call wrote. Each slice of records goes in the same MULTI as its index entries, as a few variadic
 * commands (MSET, HSET, ZADD, SADD of the whole slice); the version moves last, as a bulk change, so other
 * instances reload their search index from the complete catalog.
 */
export async function seedCatalog(redis: RedisClient, scripts: CatalogScripts, seed: CatalogSeed): Promise<boolean> {
  const claimed = await redis.set(catalogKeys.seeded, new Date().toISOString(), "NX");
  if (claimed === null) return false;

  const parents = new Map(seed.categories.map((c) => [c.id, c.parentId]));
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
      const score = newestScore(product);
      newest.push(score, product.id);
      for (const categoryId of withAncestors(product.categoryId, parents)) {
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
    const multi = redis.multi();
    write(multi);
    failOnError(await multi.exec());
  };
  if (seed.categories.length > 0) await transaction((multi) => writeCategories(multi, seed.categories));
  await inBatches(seed.products, SEED_CHUNK, SEED_IN_FLIGHT, (products) => transaction((multi) => writeProducts(multi, products)));
  await inBatches(seed.variants, SEED_CHUNK, SEED_IN_FLIGHT, (variants) => transaction((multi) => writeVariants(multi, variants)));
  await scripts.catalogBulkChange(catalogKeys.version, catalogKeys.bulkVersion);
  return true;
}

function failOnError(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([error]) => error !== null);
  if (!results || failed) throw failed?.[0] ?? new Error("catalog seed transaction was aborted");
}
