import { defineScripts, lua } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";

/**
 * Every catalog key, under the one hash tag `{catalog}` so that each script and MULTI stays in one cluster slot.
 * A catalog write changes a record, its index entries, the version and the change log in one script
 * (lua/save-product.lua): the version and the log are how every instance's search index catches up.
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
  /** The version of the last bulk write (the seed): an index older than it reloads a whole snapshot. */
  bulkVersion: "{catalog}:bulk-version",
  /** Sorted set product id → the version of its last save: the change log search indexes catch up by. */
  changed: "{catalog}:changed",
  /** List of CATALOG_CHANGED events (JSON) saves recorded, oldest first, for the outbox relay. */
  outbox: "{catalog}:outbox",
  /** Which relay works the outbox now (its token, with a TTL): one at a time across instances. */
  outboxLease: "{catalog}:outbox-lease",
  /** Set NX by the first seeder: once set, no seed writes anything. */
  seeded: "{catalog}:seeded",
} as const;

// Prefixes handed to the scripts, which append ids to them.
export const PRODUCT_PREFIX = catalogKeys.product("");
export const VARIANT_PREFIX = catalogKeys.variant("");
export const CATEGORY_PREFIX = catalogKeys.category("");
export const CATEGORY_PRODUCTS_PREFIX = catalogKeys.categoryProducts("");

const script = (name: string) => lua(new URL("./lua/records.lua", import.meta.url), new URL(`./lua/${name}.lua`, import.meta.url));

const SCRIPTS = {
  catalogLookup: { lua: script("lookup"), keys: 2 },
  catalogPage: { lua: script("ordered-page"), keys: 2 },
  catalogSnapshot: { lua: script("snapshot"), keys: 7 },
  catalogChangesSince: { lua: script("changes-since"), keys: 5 },
  catalogBulkChange: { lua: script("bulk-change"), keys: 2 },
  catalogSaveProduct: { lua: script("save-product"), keys: 10 },
};

/** The catalog's scripts on `redis` (lua/*.lua, each with its keys and why it is atomic). */
export const catalogScripts = (redis: RedisClient) => defineScripts(redis, SCRIPTS);
export type CatalogScripts = ReturnType<typeof catalogScripts>;
