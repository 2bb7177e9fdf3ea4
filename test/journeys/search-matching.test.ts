import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// What a storefront's shoppers type, through the gateway: word forms, typos, synonyms, half-typed words, labelled
// facets, prices of the shopper's own channel, and typeahead.

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filters: [FacetFilterInput!], $sort: ProductSort, $first: Int) {
    searchProducts(query: $query, filters: $filters, sort: $sort, first: $first) {
      totalCount
      didYouMean
      nodes {
        id
        title
        priceRange {
          min {
            amount
            currencyCode
          }
        }
      }
      facets {
        name
        label
        values {
          value
          label
          count
        }
      }
    }
  }
`;

interface Found {
  totalCount: number;
  didYouMean: string | null;
  nodes: { id: string; title: string; priceRange: { min: { amount: string; currencyCode: string } } }[];
  facets: { name: string; label: string; values: { value: string; label: string; count: number }[] }[];
}

async function search(variables: Record<string, unknown>, headers?: Record<string, string>): Promise<Found> {
  const answer = await graph.query<{ searchProducts: Found }>(SEARCH, { first: 100, ...variables }, headers);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.searchProducts;
}

const titles = (found: Found) => found.nodes.map((n) => n.title);

describe("a shopper finds what they mean, whatever they type", () => {
  it("finds jackets by the plural, and by a typo", async () => {
    const jacket = await search({ query: "jacket" });
    expect(jacket.totalCount).toBeGreaterThan(3);
    const jackets = await search({ query: "jackets" });
    expect(jackets.nodes.map((n) => n.id)).toEqual(jacket.nodes.map((n) => n.id));
    const typo = await search({ query: "jackt" });
    expect(typo.nodes.map((n) => n.id).sort()).toEqual(jacket.nodes.map((n) => n.id).sort());
    // Typos are forgiven by length: a three-letter word must be spelled right ("tex" is not "tee").
    expect((await search({ query: "tex" })).totalCount).toBe(0);
  });

  it("takes a word the catalog has as meant: sneakers are not speakers, shirts not shorts", async () => {
    const sneakers = await search({ query: "sneakers" });
    expect(sneakers.totalCount).toBeGreaterThan(3);
    for (const title of titles(sneakers)) expect(title).toMatch(/Sneaker$/);
    const shirts = await search({ query: "shirt" });
    expect(shirts.totalCount).toBeGreaterThan(0);
    for (const title of titles(shirts)) expect(title).not.toMatch(/Short/);
    // A word the catalog does not have is still forgiven its typo.
    const misspelt = await search({ query: "sneakr" });
    expect(misspelt.nodes.map((n) => n.id).sort()).toEqual(sneakers.nodes.map((n) => n.id).sort());
  });

  it("finds the Rain Shell for a rain coat, and tees for a tshirt or a t-shirt", async () => {
    const rainCoat = await search({ query: "rain coat" });
    expect(rainCoat.totalCount).toBeGreaterThan(0);
    for (const title of titles(rainCoat)) expect(title).toMatch(/Rain Shell$/);
    const shells = await search({ query: "rain shell" });
    expect(rainCoat.totalCount).toBe(shells.totalCount);

    const tees = await search({ query: "tee" });
    expect(tees.totalCount).toBeGreaterThan(3);
    for (const query of ["tshirt", "t-shirt", "T-shirts"]) {
      const found = await search({ query });
      expect(found.nodes.map((n) => n.id).sort(), query).toEqual(tees.nodes.map((n) => n.id).sort());
      for (const title of titles(found)) expect(title).toMatch(/Tee$/);
    }
    // The list is one-way where it says so: a search for "jacket" keeps to jackets.
    for (const title of titles(await search({ query: "jacket" }))) expect(title).toMatch(/Jacket/);
    const sneakers = await search({ query: "trainers" });
    expect(sneakers.totalCount).toBeGreaterThan(0);
    for (const title of titles(sneakers)) expect(title).toMatch(/Sneaker$/);
  });

  it("ranks a title match above a brand or description match", async () => {
    const found = await search({ query: "trail" });
    const firstBrandOnly = found.nodes.findIndex((n) => !/trail/i.test(n.title));
    const lastTitle = found.nodes.map((n) => /trail/i.test(n.title)).lastIndexOf(true);
    expect(firstBrandOnly).toBeGreaterThan(0);
    expect(lastTitle).toBeLessThan(firstBrandOnly);
  });

  it("finds nothing for nonsense, and offers the closest words when there are some", async () => {
    const misspelt = await search({ query: "rain jakcet" });
    expect(misspelt.totalCount).toBe(0);
    expect(misspelt.didYouMean).toBe("rain jacket");
    const nonsense = await search({ query: "xqzvw" });
    expect(nonsense).toMatchObject({ totalCount: 0, didYouMean: null });
    // Something matched: nothing to correct.
    expect((await search({ query: "jacket" })).didYouMean).toBeNull();
  });
});

describe("facets a results screen can show", () => {
  it("labels categories by name and price bands in dollars, with disjunctive counts", async () => {
    const open = await search({ query: null, first: 1 });
    const category = open.facets.find((f) => f.name === "category")!;
    expect(category.label).toBe("Category");
    expect(category.values.find((v) => v.value === "cat-outerwear")!.label).toBe("Outerwear");
    const price = open.facets.find((f) => f.name === "price")!;
    expect(price.label).toBe("Price");
    for (const value of price.values) expect(value.label).toMatch(/^(Under \$\d+|\$\d+–\$\d+|\$\d+ and up)$/);
    expect(price.values.find((v) => v.value === "100-200")!.label).toBe("$100–$200");

    // Narrowed to one band, the price facet still counts every band (it ignores its own filter); others narrow.
    const band = price.values.find((v) => v.value === "100-200")!;
    const narrowed = await search({ query: null, filters: [{ name: "price", values: ["100-200"] }], first: 1 });
    expect(narrowed.totalCount).toBe(band.count);
    expect(narrowed.facets.find((f) => f.name === "price")).toEqual(price);
    const brands = narrowed.facets.find((f) => f.name === "brand")!;
    expect(brands.values.reduce((sum, v) => sum + v.count, 0)).toBe(band.count);
  });

  it("sorts and bands by the kiosk's own prices at a kiosk, and the partner's for a partner", async () => {
    const filters = [{ name: "category", values: ["cat-apparel"] }];
    const web = await search({ filters, sort: "PRICE_ASC" });
    for (const [who, headers] of [
      ["kiosk", graph.key("kiosk")],
      ["partner", graph.key("partner")],
    ] as const) {
      const own = await search({ filters, sort: "PRICE_ASC" }, headers);
      const prices = own.nodes.map((n) => Number(n.priceRange.min.amount));
      expect(prices, who).toEqual([...prices].sort((a, b) => a - b));
      // Another channel's prices give another order: the sort followed this channel's list, not the web's.
      expect(
        own.nodes.map((n) => n.id),
        who,
      ).not.toEqual(web.nodes.map((n) => n.id));
      const desc = await search({ filters, sort: "PRICE_DESC" }, headers);
      const descending = desc.nodes.map((n) => Number(n.priceRange.min.amount));
      expect(descending, who).toEqual([...descending].sort((a, b) => b - a));
      // Each product sits in the band of its price on this channel.
      const band = own.facets.find((f) => f.name === "price")!.values.find((v) => v.value === "under-25");
      const under25 = prices.filter((p) => p < 25).length;
      expect(band?.count ?? 0, who).toBe(under25);
    }
  });
});

describe("typeahead", () => {
  const SUGGEST = `query($prefix: String!, $first: Int) { searchSuggestions(prefix: $prefix, first: $first) { products { id title } categories { id name } brands } }`;
  type Suggested = { products: { title: string }[]; categories: { id: string; name: string }[]; brands: string[] };
  const suggest = async (prefix: string, first = 5) => {
    const answer = await graph.query<{ searchSuggestions: Suggested }>(SUGGEST, { prefix, first });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.searchSuggestions;
  };

  it("suggests products, categories and brands for a half-typed word, quickly", async () => {
    const jac = await suggest("jac");
    expect(jac.products.length).toBeGreaterThan(0);
    for (const product of jac.products) expect(product.title).toMatch(/Jacket/);
    const out = await suggest("out");
    expect(out.categories.map((c) => c.name)).toEqual(expect.arrayContaining(["Outdoors", "Outerwear"]));
    expect(out.brands).toContain("Prairie Outfitters");
    const harbor = await suggest("harb", 3);
    expect(harbor.brands).toEqual(["Harbor & Pine"]);
    expect(harbor.products.length).toBeLessThanOrEqual(3);

    const started = performance.now();
    for (let i = 0; i < 20; i++) await suggest(["j", "ja", "jac", "jack", "jacke"][i % 5]);
    // Through the gateway and the catalog subgraph over HTTP, on a shared test machine: well under a keystroke.
    expect((performance.now() - started) / 20).toBeLessThan(100);
  });

  it("refuses more than 20 of a kind", async () => {
    const answer = await graph.query(SUGGEST, { prefix: "ja", first: 21 });
    expect(answer.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
