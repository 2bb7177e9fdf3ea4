import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import type { ProductSearch } from "../../subgraphs/catalog/store/index.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { catalogKeys, createRedisCatalogStore, RedisCatalogStore } from "../../subgraphs/catalog/store/redis.js";
import { catalogStoreContract, search } from "./catalog-contract.js";

const clients: RedisClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.quit())));

/** A client of the suite's Redis; clients on one prefix act as several catalog instances sharing one Redis. */
function client(prefix: string): RedisClient {
  const redis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  clients.push(redis);
  return redis;
}
const freshPrefix = () => `test:${randomUUID()}:`;

/** Names of the commands a client sends; each call of sendCommand is one command on the wire. */
function countCommands(redis: RedisClient): { names: string[]; stop: () => void } {
  const names: string[] = [];
  const target = redis as unknown as { sendCommand: (command: { name: string }, ...rest: unknown[]) => unknown };
  const original = target.sendCommand;
  target.sendCommand = function (this: unknown, command, ...rest) {
    names.push(command.name);
    return original.call(this, command, ...rest);
  };
  return { names, stop: () => void (target.sendCommand = original) };
}

catalogStoreContract("memory", async () => new MemoryCatalogStore(catalogSeed()));
catalogStoreContract("Redis", () => createRedisCatalogStore(client(freshPrefix()), { seed: catalogSeed() }));

describe("the Redis catalog store", () => {
  it("answers every listing and search exactly as the memory store does", async () => {
    const memory = new MemoryCatalogStore(catalogSeed());
    const redis = await createRedisCatalogStore(client(freshPrefix()), { seed: catalogSeed() });
    const categories = [null, ...catalogSeed().categories.map((c) => c.id)];
    for (const categoryId of categories) {
      expect(await redis.listProducts(categoryId, 3, 17)).toEqual(await memory.listProducts(categoryId, 3, 17));
    }
    const searches: Partial<ProductSearch>[] = [
      { query: "tee" },
      { query: "Harbor pine", sort: "PRICE_DESC" },
      { query: "blue", filters: [{ name: "color", values: ["Navy", "Blue"] }], sort: "NEWEST" },
      {
        filters: [
          { name: "size", values: ["M"] },
          { name: "price", values: ["25-50", "50-100"] },
        ],
        offset: 5,
        limit: 7,
      },
      { query: "camp", filters: [{ name: "category", values: ["cat-outdoors"] }], sort: "PRICE_ASC" },
      { query: "", limit: 0 },
    ];
    for (const partial of searches) {
      expect(await redis.searchProducts(search(partial))).toEqual(await memory.searchProducts(search(partial)));
    }
  });

  it("reads a DataLoader batch of 100 keys in one round trip, by id, sku, handle or barcode", async () => {
    const redis = client(freshPrefix());
    const store = await createRedisCatalogStore(redis, { seed: catalogSeed() });
    const seed = catalogSeed();
    const products = seed.products.slice(0, 100);
    const variants = seed.variants.slice(0, 100);
    // Each script's first call on a connection sends it whole (EVAL); later ones only its hash. Both are one command.
    for (const read of [
      () => store.productsById(products.map((p) => p.id)),
      () => store.productsByHandle(products.map((p) => p.handle)),
      () => store.variantsBySku(variants.map((v) => v.sku)),
      () => store.variantsByBarcode(variants.map((v) => v.barcode)),
    ]) {
      const counter = countCommands(redis);
      const values = await read();
      counter.stop();
      expect(values).toHaveLength(100);
      expect(values.every((v) => v !== null)).toBe(true);
      expect(counter.names).toHaveLength(1);
      expect(["mget", "eval", "evalsha"]).toContain(counter.names[0]);
    }
  });

  it("is seeded by exactly one of 40 instances starting together, in well under a few seconds", async () => {
    const prefix = freshPrefix();
    const instances = Array.from({ length: 4 }, () => new RedisCatalogStore(client(prefix)));
    const started = Date.now();
    const wrote = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 4].seedIfEmpty(catalogSeed())));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(wrote.filter(Boolean)).toHaveLength(1);

    const redis = client(prefix);
    const seed = catalogSeed();
    expect(await redis.zcard(catalogKeys.newestProducts)).toBe(seed.products.length);
    expect(await redis.scard(catalogKeys.skus)).toBe(seed.variants.length);
    expect(await redis.hlen(catalogKeys.variantByBarcode)).toBe(seed.variants.length);
    expect(await redis.get(catalogKeys.version)).toBe("1");
    for (const store of instances) expect((await store.listProducts(null, 0, 1)).totalCount).toBe(seed.products.length);
  });

  it("never overwrites a catalog that is already there", async () => {
    const prefix = freshPrefix();
    const first = await createRedisCatalogStore(client(prefix), { seed: catalogSeed() });
    const [product] = catalogSeed().products;
    await client(prefix).set(catalogKeys.product(product.id), JSON.stringify({ ...product, title: "Renamed In Place" }));

    const restarted = new RedisCatalogStore(client(prefix));
    expect(await restarted.seedIfEmpty(catalogSeed())).toBe(false);
    expect((await first.productsById([product.id]))[0]!.title).toBe("Renamed In Place");
  });

  it("catches every instance's search index up on a save by another, once per instance under load", async () => {
    const prefix = freshPrefix();
    const [redisA, redisB, redisWriter] = [client(prefix), client(prefix), client(prefix)];
    const a = await createRedisCatalogStore(redisA, { seed: catalogSeed() });
    const b = await createRedisCatalogStore(redisB, { seed: catalogSeed() });
    const writer = new RedisCatalogStore(redisWriter);
    const find = (store: RedisCatalogStore) => store.searchProducts(search({ query: "stardust", limit: 10 }));
    expect((await find(a)).totalCount).toBe(0);
    expect((await find(b)).totalCount).toBe(0);

    // Another instance retitles a product: the record, its indexes, the version and the change log in one script.
    const seed = catalogSeed();
    const [product] = seed.products;
    const variants = seed.variants.filter((v) => v.productId === product.id);
    const saved = await writer.saveProduct({ ...product, title: "Stardust Tee" }, variants);
    expect(saved.updatedAt! >= product.createdAt).toBe(true);

    const counterA = countCommands(redisA);
    const answers = await Promise.all(Array.from({ length: 40 }, () => find(a)));
    counterA.stop();
    for (const answer of answers) expect(answer.products).toEqual([saved]);
    // One GET of the version per search; one script call for the changes, not a snapshot of the whole catalog.
    expect(counterA.names.filter((name) => name === "get")).toHaveLength(40);
    expect(counterA.names.filter((name) => name === "eval" || name === "evalsha")).toHaveLength(1);
    expect((await find(b)).products).toEqual([saved]);
    expect((await b.listProductsChangedSince(saved.updatedAt!, 0, 10)).products).toEqual([saved]);
  });

  it("saves a product with its index entries: a new handle, category and variants replace the old ones", async () => {
    const prefix = freshPrefix();
    const store = await createRedisCatalogStore(client(prefix), { seed: catalogSeed() });
    const seed = catalogSeed();
    const product = seed.products.find((p) => p.categoryId === "cat-outerwear")!;
    const [kept, dropped] = seed.variants.filter((v) => v.productId === product.id);
    const moved = { ...product, handle: "moved-to-camping", categoryId: "cat-camping" };
    await store.saveProduct(moved, [kept]);
    const [byOldHandle, byNewHandle] = await store.productsByHandle([product.handle, "moved-to-camping"]);
    expect(byOldHandle).toBeNull();
    expect(byNewHandle!.variantSkus).toEqual([kept.sku]);
    expect(await store.variantsBySku([dropped.sku])).toEqual([null]);
    expect(await store.variantsByBarcode([dropped.barcode, kept.barcode])).toEqual([null, kept]);
    const outerwear = await store.listProducts("cat-outerwear", 0, 1000);
    expect(outerwear.products.some((p) => p.id === product.id)).toBe(false);
    const outdoors = await store.listProducts("cat-outdoors", 0, 1000);
    expect(outdoors.products.some((p) => p.id === product.id)).toBe(true);
    const other = seed.products.find((p) => p.id !== product.id)!;
    await expect(store.saveProduct({ ...other, handle: "moved-to-camping" }, [])).rejects.toThrow(/handle/);
  });
});
