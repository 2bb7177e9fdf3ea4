import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { toSearchDocument } from "../../subgraphs/catalog/search/document.js";
import type { SearchRequest } from "../../subgraphs/catalog/search/engine.js";
import { InProcessSearchEngine, indexedText, queryFor, textIndex } from "../../subgraphs/catalog/search/in-process.js";
import { tokenize } from "../../subgraphs/catalog/search/text.js";
import { allOf, matchesFromHits, searchDistinctTerms } from "../../subgraphs/catalog/search/word-matches.js";
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

describe("scoring a query word by word", () => {
  // Each word's matches are kept and combined (allOf) instead of MiniSearch scoring the whole query again: the two
  // must agree on what matches and on every score, at a scale where many products tie (copies of one another).
  const products = catalogSeed({ scale: 3 });
  const index = textIndex();
  const byId = new Map(products.products.map((product, slot) => [product.id, slot]));
  const variantsOf = new Map<string, typeof products.variants>();
  for (const variant of products.variants) variantsOf.set(variant.productId, [...(variantsOf.get(variant.productId) ?? []), variant]);
  const scaledCategories = new Map(products.categories.map((c) => [c.id, c]));
  for (const product of products.products) {
    index.add(indexedText(byId.get(product.id)!, toSearchDocument(product, variantsOf.get(product.id) ?? [], scaledCategories)));
  }
  // Two products a word finds through itself and its synonyms at once (a word's score then counts several terms).
  const extra = [
    { title: "Cozy Tee", brand: "Testline", category: "Tops", description: "A soft t-shirt: the tee for every day." },
    { title: "Rain Coat", brand: "Testline", category: "Outerwear", description: "A rain shell, a jacket and a coat." },
  ];
  extra.forEach((text, i) => index.add({ slot: products.products.length + i, ...text }));
  const slotCount = products.products.length + extra.length;
  const queries = [
    "rain coat",
    "trail jack",
    "windy city speak",
    "lakefront wal",
    "heritage sneak",
    "tshirt cozy",
    "heritage blue",
    "essential tra",
    "cozy wr",
    "studio bluetooth speak",
  ];

  for (const known of [() => false, (word: string) => word.length % 2 === 0]) {
    it(`agrees with MiniSearch's own AND on matches and scores (${known.length ? "some words known" : "typos everywhere"})`, () => {
      for (const query of queries) {
        const words = tokenize(query);
        expect(searchDistinctTerms(words), query).toBe(true);
        const whole = matchesFromHits(index.search(queryFor(words, known)));
        const combined = allOf(
          words.map((word, i) => matchesFromHits(index.search(queryFor([word], known, i === words.length - 1)))),
          slotCount,
        );
        expect(whole.ranked.length, query).toBeGreaterThan(0);
        if (query === "rain coat" || query === "tshirt cozy") expect(Math.max(...whole.terms), query).toBeGreaterThan(2);
        expect(combined.matched.array(), query).toEqual(whole.matched.array());
        const expected = new Map([...whole.ranked].map((slot, i) => [slot, whole.scores[i]]));
        combined.ranked.forEach((slot, i) => {
          expect(combined.scores[i], `${query}: slot ${slot}`).toBeCloseTo(expected.get(slot)!, 9);
          if (i > 0) expect(combined.scores[i]).toBeLessThanOrEqual(combined.scores[i - 1]);
        });
      }
    });
  }

  it("leaves queries whose words share a term to MiniSearch", () => {
    expect(searchDistinctTerms(["coat", "jacket"])).toBe(false);
    expect(searchDistinctTerms(["jacket", "jackets"])).toBe(false);
    expect(searchDistinctTerms(["rain", "jacket"])).toBe(true);
  });
});
