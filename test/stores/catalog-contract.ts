import { beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import type { CatalogStore, ProductRecord, ProductSearch } from "../../subgraphs/catalog/store/index.js";

/** A search of the whole catalog on the web's prices, with `partial` on top. */
export const search = (partial: Partial<ProductSearch>): ProductSearch => ({
  query: null,
  filters: [],
  sort: "RELEVANCE",
  channel: SalesChannel.WEB,
  offset: 0,
  limit: 100,
  ...partial,
});

/**
 * What every CatalogStore promises, whatever holds the data. `makeStore` answers a store holding `catalogSeed()`;
 * the suite only reads, so one store serves every case.
 */
export function catalogStoreContract(name: string, makeStore: () => Promise<CatalogStore>): void {
  describe(`${name} catalog store`, () => {
    const seed = catalogSeed();
    const newestFirst = [...seed.products].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    let store: CatalogStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    describe("batched reads answer one entry per key, in order, null where nothing exists", () => {
      it("reads products by id and by handle, repeated keys included", async () => {
        const [a, b] = seed.products;
        expect(await store.productsById([b.id, "prod-missing", a.id, b.id])).toEqual([b, null, a, b]);
        expect(await store.productsByHandle([a.handle, "no-such-handle", b.handle])).toEqual([a, null, b]);
      });

      it("reads variants by sku and by barcode, with every channel's price list", async () => {
        const [a, b] = [seed.variants[0], seed.variants[seed.variants.length - 1]];
        expect(await store.variantsBySku([a.sku, "SKU-NONE", b.sku])).toEqual([a, null, b]);
        const [byBarcode] = await store.variantsByBarcode([b.barcode]);
        expect(byBarcode).toEqual(b);
        expect(byBarcode!.prices[SalesChannel.STORE]).toEqual(b.prices[SalesChannel.STORE]);
        expect(await store.variantsByBarcode(["0000000000000", a.barcode])).toEqual([null, a]);
      });

      it("reads categories by id, and a whole product page's variants in one batch", async () => {
        expect(await store.categoriesById(["cat-outerwear", "cat-nope", "cat-apparel"])).toEqual([
          seed.categories.find((c) => c.id === "cat-outerwear"),
          null,
          seed.categories.find((c) => c.id === "cat-apparel"),
        ]);
        const skus = seed.variants.slice(0, 300).map((v) => v.sku);
        expect(await store.variantsBySku(skus)).toEqual(seed.variants.slice(0, 300));
      });

      it("answers an empty batch with an empty list", async () => {
        expect(await store.productsById([])).toEqual([]);
        expect(await store.productsByHandle([])).toEqual([]);
        expect(await store.variantsBySku([])).toEqual([]);
        expect(await store.variantsByBarcode([])).toEqual([]);
        expect(await store.categoriesById([])).toEqual([]);
      });
    });

    it("lists every category, parents before children", async () => {
      const categories = await store.allCategories();
      expect(categories).toEqual(seed.categories);
      const seen = new Set<string>();
      for (const category of categories) {
        if (category.parentId !== null) expect(seen.has(category.parentId)).toBe(true);
        seen.add(category.id);
      }
    });

    describe("listing products newest first", () => {
      it("pages through the whole catalog once, ties broken by id", async () => {
        const seen: ProductRecord[] = [];
        for (let offset = 0; offset < seed.products.length + 40; offset += 40) {
          const page = await store.listProducts(null, offset, 40);
          expect(page.totalCount).toBe(seed.products.length);
          seen.push(...page.products);
        }
        expect(seen).toEqual(newestFirst);
      });

      it("includes a category's sub-categories and nothing else", async () => {
        const apparel = new Set(seed.categories.filter((c) => c.id === "cat-apparel" || c.parentId === "cat-apparel").map((c) => c.id));
        const expected = newestFirst.filter((p) => apparel.has(p.categoryId));
        const page = await store.listProducts("cat-apparel", 0, 100);
        expect(page.totalCount).toBe(expected.length);
        expect(page.products).toEqual(expected.slice(0, 100));
        const leaf = await store.listProducts("cat-outerwear", 2, 3);
        const outerwear = newestFirst.filter((p) => p.categoryId === "cat-outerwear");
        expect(leaf).toEqual({ products: outerwear.slice(2, 5), totalCount: outerwear.length });
      });

      it("answers an unknown category, an empty page and a page past the end with no products", async () => {
        expect(await store.listProducts("cat-nope", 0, 10)).toEqual({ products: [], totalCount: 0 });
        expect(await store.listProducts(null, 0, 0)).toEqual({ products: [], totalCount: seed.products.length });
        expect(await store.listProducts(null, seed.products.length, 10)).toEqual({ products: [], totalCount: seed.products.length });
      });
    });

    describe("searching products", () => {
      it("matches every word by prefix, title hits first, and pages without gaps", async () => {
        const all = await store.searchProducts(search({ query: "jacket" }));
        expect(all.totalCount).toBeGreaterThan(3);
        expect(all.products.length).toBe(all.totalCount);
        expect(all.products[0].title.toLowerCase()).toContain("jacket");
        const paged: ProductRecord[] = [];
        for (let offset = 0; offset < all.totalCount; offset += 3)
          paged.push(...(await store.searchProducts(search({ query: "jacket", offset, limit: 3 }))).products);
        expect(paged).toEqual(all.products);
        expect((await store.searchProducts(search({ query: "jack" }))).totalCount).toBe(all.totalCount);
        expect(await store.searchProducts(search({ query: "zzzqqq" }))).toMatchObject({ products: [], totalCount: 0 });
      });

      it("returns whole product records, equal to the batched reads", async () => {
        const { products } = await store.searchProducts(search({ query: "tee", limit: 5 }));
        expect(await store.productsById(products.map((p) => p.id))).toEqual(products);
      });

      it("counts facets disjunctively: a facet's counts ignore its own filter", async () => {
        const open = await store.searchProducts(search({ query: null }));
        expect(open.totalCount).toBe(seed.products.length);
        const brands = open.facets.find((f) => f.name === "brand")!;
        expect(brands.values.reduce((sum, v) => sum + v.count, 0)).toBe(seed.products.length);
        const top = brands.values[0];
        const narrowed = await store.searchProducts(search({ filters: [{ name: "brand", values: [top.value] }] }));
        expect(narrowed.totalCount).toBe(top.count);
        expect(narrowed.products.every((p) => p.brand === top.value)).toBe(true);
        expect(narrowed.facets.find((f) => f.name === "brand")).toEqual(brands);
        expect(narrowed.facets.map((f) => f.name)).toEqual(["category", "brand", "color", "size", "price"]);
      });

      it("filters by parent category and price band, and sorts by price and by age", async () => {
        const outdoors = await store.searchProducts(
          search({ filters: [{ name: "category", values: ["cat-outdoors"] }], sort: "PRICE_ASC" }),
        );
        const outdoorIds = new Set(
          seed.categories.filter((c) => c.id === "cat-outdoors" || c.parentId === "cat-outdoors").map((c) => c.id),
        );
        expect(outdoors.totalCount).toBe(seed.products.filter((p) => outdoorIds.has(p.categoryId)).length);
        const prices = outdoors.products.map((p) => minWebPrice(p));
        expect(prices).toEqual([...prices].sort((a, b) => a - b));
        const desc = await store.searchProducts(search({ sort: "PRICE_DESC", limit: 10 }));
        expect(desc.products.map((p) => minWebPrice(p))).toEqual(desc.products.map((p) => minWebPrice(p)).sort((a, b) => b - a));
        const newest = await store.searchProducts(search({ sort: "NEWEST", limit: 10 }));
        expect(newest.products.map((p) => p.createdAt)).toEqual(newestFirst.slice(0, 10).map((p) => p.createdAt));
        const cheap = await store.searchProducts(search({ filters: [{ name: "price", values: ["under-25"] }] }));
        expect(cheap.products.every((p) => minWebPrice(p) < 2500)).toBe(true);
      });
    });

    it("records CATALOG_CHANGED for a save in its outbox, with the save, and nothing for a refused one", async () => {
      const [product, other] = seed.products.slice(-2);
      const variants = seed.variants.filter((v) => v.productId === product.id);
      const before = (await store.outbox.pending(1_000)).length;
      await store.saveProduct({ ...product, title: `${product.title} (renamed)` }, variants);
      const events = await store.outbox.pending(1_000);
      expect(events).toHaveLength(before + 1);
      expect(events.at(-1)).toMatchObject({ type: "CATALOG_CHANGED", channel: null, payload: { productIds: [product.id] } });
      // Another product's handle: refused, so no change and no event.
      await expect(store.saveProduct({ ...product, handle: other.handle }, variants)).rejects.toThrow();
      expect(await store.outbox.pending(1_000)).toHaveLength(before + 1);
    });

    function minWebPrice(product: ProductRecord): number {
      return Math.min(...seed.variants.filter((v) => v.productId === product.id).map((v) => v.prices[SalesChannel.WEB].price));
    }
  });
}
