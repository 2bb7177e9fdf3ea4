import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import type { CatalogStore, ProductRecord, VariantRecord } from "../../subgraphs/catalog/store/index.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { RedisCatalogStore } from "../../subgraphs/catalog/store/redis.js";
import { eventually } from "../helpers/checkout-recovery.js";
import { DEFAULT_BACKEND, startGraph, type TestGraph } from "../helpers/graph.js";

// Merchandising adds and retitles products while the storefront searches: the running catalog finds them by their
// new words, with no restart and no rebuild. On Redis the save comes from another instance (a store of its own on the
// same keys), as an import job or an admin's instance would write. The gateway's response cache is on, as deployed:
// it keeps a public answer up to the catalog's max-age (five minutes), so the save's CATALOG_CHANGED (recorded with
// it, relayed by the catalog subgraph) must evict the answers it made stale; the first read after a save may still
// see the old answer for as long as the event takes to arrive, hence `eventually`.

let graph: TestGraph;
/** Where saves go: the graph's own memory store, or another instance's Redis store on the graph's keys. */
let writer: CatalogStore;
let writerRedis: RedisClient | undefined;

beforeAll(async () => {
  if (DEFAULT_BACKEND === "redis") {
    const prefix = `test:${randomUUID()}:`;
    graph = await startGraph({}, { redisPrefix: prefix });
    writerRedis = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
    writer = new RedisCatalogStore(writerRedis);
  } else {
    writer = new MemoryCatalogStore(catalogSeed());
    graph = await startGraph({ catalog: { store: writer } });
  }
});
afterAll(async () => {
  await graph?.close();
  await writerRedis?.quit();
});

const SEARCH = `query($query: String) { searchProducts(query: $query, first: 100) { totalCount nodes { id title } } }`;
const found = async (query: string) => {
  const answer = await graph.query<{ searchProducts: { totalCount: number; nodes: { id: string; title: string }[] } }>(SEARCH, { query });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.searchProducts.nodes;
};
/** The ids found for `query` once they are `ids` (the save's event evicts the cached answer soon after the save). */
const foundOnce = async (query: string, ids: string[]) =>
  (
    await eventually(
      () => found(query),
      (nodes) => JSON.stringify(nodes.map((n) => n.id)) === JSON.stringify(ids),
      `"${query}" to find ${ids.join(", ") || "nothing"}`,
      10_000,
    )
  ).map((n) => n.id);
const cacheOf = async (query: string) => (await graph.query(SEARCH, { query })).headers.get("x-cache");

/** A new product with two variants priced on every channel. */
function newProduct(): { product: ProductRecord; variants: VariantRecord[] } {
  const id = "prod-9001";
  const prices = Object.fromEntries(
    Object.values(SalesChannel).map((channel) => [channel, { price: 12_900, compareAtPrice: null }]),
  ) as VariantRecord["prices"];
  const variants = ["S", "M"].map((size, i) => ({
    sku: `SKU-9001-0${i + 1}`,
    productId: id,
    barcode: `089900100000${i + 1}`,
    title: size,
    selectedOptions: [{ name: "Size", value: size }],
    currencyCode: "USD",
    prices,
  }));
  const product: ProductRecord = {
    id,
    handle: "northline-aurora-anorak",
    title: "Aurora Anorak",
    description: "A hooded pullover shell for lake-effect squalls.",
    brand: "Northline",
    categoryId: "cat-outerwear",
    images: [],
    options: [{ name: "Size", values: ["S", "M"] }],
    createdAt: new Date().toISOString(),
    variantSkus: variants.map((v) => v.sku),
  };
  return { product, variants };
}

describe("the catalog changes while shoppers search", () => {
  it("finds a product added a moment ago by its words, its plural and a half-typed word", async () => {
    expect(await found("anorak")).toEqual([]);
    // The empty answer is kept, as any public answer is.
    expect(await cacheOf("anorak")).toBe("HIT");
    const before = await graph.query(`{ searchSuggestions(prefix: "anor") { products { id } } }`);
    expect(before.body.data.searchSuggestions.products).toEqual([]);
    const { product, variants } = newProduct();
    await writer.saveProduct(product, variants);
    for (const query of ["anorak", "anoraks", "aurora anor", "anorak northline"]) {
      expect(await foundOnce(query, [product.id]), query).toEqual([product.id]);
    }
    const suggested = await graph.query(`{ searchSuggestions(prefix: "anor") { products { id } } }`);
    expect(suggested.body.data.searchSuggestions.products).toEqual([{ id: product.id }]);
    // And the page and the feed know it too.
    const page = await graph.query(`{ product(handle: "northline-aurora-anorak") { title variants { sku price { amount } } } }`);
    expect(page.body.data.product).toEqual({
      title: "Aurora Anorak",
      variants: [
        { sku: "SKU-9001-01", price: { amount: "129.00" } },
        { sku: "SKU-9001-02", price: { amount: "129.00" } },
      ],
    });
  });

  it("finds a retitled product by its new words and no longer by its old ones", async () => {
    const seed = catalogSeed();
    const product = seed.products.find((p) => p.title.endsWith("Tee"))!;
    const variants = seed.variants.filter((v) => v.productId === product.id);
    expect((await found("tee")).map((n) => n.id)).toContain(product.id);

    await writer.saveProduct({ ...product, title: "Skyline Windbreaker", description: "A light windbreaker." }, variants);
    expect(await foundOnce("windbreakers", [product.id])).toEqual([product.id]);
    expect(await found("windbreakers")).toEqual([{ id: product.id, title: "Skyline Windbreaker" }]);
    // "tee" was searched (and kept) before the retitle: the eviction drops it too.
    const tees = await eventually(
      () => found("tee"),
      (nodes) => !nodes.some((n) => n.id === product.id),
      "the retitled product to leave the tees",
      10_000,
    );
    expect(tees.length).toBeGreaterThan(0);
    const feed = await graph.query(`query($since: DateTime) { products(updatedSince: $since, first: 10) { nodes { id title } } }`, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(feed.body.data.products.nodes).toContainEqual({ id: product.id, title: "Skyline Windbreaker" });
  });
});
