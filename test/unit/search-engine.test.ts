import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { toSearchDocument } from "../../subgraphs/catalog/search/document.js";
import type { SearchRequest } from "../../subgraphs/catalog/search/engine.js";
import { InProcessSearchEngine } from "../../subgraphs/catalog/search/in-process.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";

// The engine on its own: documents come and go one product at a time, slots are reused, and what it remembers of
// recent queries never outlives a change.

const seed = catalogSeed();
const categories = new Map(seed.categories.map((c) => [c.id, c]));
const documentOf = (title: string, id = `prod-test-${title.toLowerCase().replace(/\W+/g, "-")}`) => {
  const product = { ...seed.products[0], id, title, description: "", brand: "Testline" };
  const variants = seed.variants.filter((v) => v.productId === seed.products[0].id).map((v) => ({ ...v, productId: id }));
  return toSearchDocument(product, variants, categories);
};
const request = (query: string): SearchRequest => ({
  query,
  filters: [],
  sort: "RELEVANCE",
  channel: SalesChannel.WEB,
  offset: 0,
  limit: 20,
});
const found = async (engine: InProcessSearchEngine, query: string) => (await engine.search(request(query))).productIds;

describe("the in-process search engine", () => {
  it("gives a removed product's slot to the next one without mixing up their words", async () => {
    const engine = new InProcessSearchEngine();
    const anorak = documentOf("Aurora Anorak");
    const kettle = documentOf("Copper Kettle");
    await engine.upsert([anorak, kettle]);
    expect(await found(engine, "anorak")).toEqual([anorak.id]);

    await engine.remove([anorak.id]);
    expect(await found(engine, "anorak")).toEqual([]);
    const lantern = documentOf("Brass Lantern");
    await engine.upsert([lantern]);
    expect(await found(engine, "lantern")).toEqual([lantern.id]);
    expect(await found(engine, "anorak")).toEqual([]);
    expect(await found(engine, "kettle")).toEqual([kettle.id]);
    expect((await engine.suggest("lant", 5)).productIds).toEqual([lantern.id]);
    expect((await engine.search(request(""))).totalCount).toBe(2);
  });

  it("answers a repeated query from the catalog as it is now, after every kind of change", async () => {
    const engine = new InProcessSearchEngine();
    const first = documentOf("Harbor Lantern");
    await engine.upsert([first]);
    expect(await found(engine, "lantern")).toEqual([first.id]);
    expect((await engine.suggest("lan", 5)).productIds).toEqual([first.id]);

    const second = documentOf("Brass Lantern");
    await engine.upsert([second]);
    expect((await found(engine, "lantern")).sort()).toEqual([first.id, second.id].sort());
    expect((await engine.suggest("lan", 5)).productIds).toHaveLength(2);

    await engine.upsert([documentOf("Harbor Kettle", first.id)]);
    expect(await found(engine, "lantern")).toEqual([second.id]);
    expect(await found(engine, "harbor")).toEqual([first.id]);

    await engine.remove([second.id]);
    expect(await found(engine, "lantern")).toEqual([]);
    expect((await engine.suggest("lan", 5)).productIds).toEqual([]);
  });
});
