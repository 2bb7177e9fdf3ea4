import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filters: [FacetFilterInput!], $sort: ProductSort, $first: Int, $after: String) {
    searchProducts(query: $query, filters: $filters, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          brand
          priceRange {
            min {
              amount
              currencyCode
            }
          }
        }
      }
      nodes {
        id
      }
      facets {
        name
        values {
          value
          count
        }
      }
    }
  }
`;

type SearchResult = {
  searchProducts: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; title: string; brand: string; priceRange: { min: { amount: string } } } }[];
    nodes: { id: string }[];
    facets: { name: string; values: { value: string; count: number }[] }[];
  };
};

describe("a shopper searches the catalog on the website", () => {
  it("finds jackets, narrows them by brand with facet counts, and pages through every result exactly once", async () => {
    const all = await graph.query<SearchResult>(SEARCH, { query: "jacket", first: 100 });
    expect(all.body.errors).toBeUndefined();
    const total = all.body.data!.searchProducts.totalCount;
    expect(total).toBeGreaterThan(3);
    for (const edge of all.body.data!.searchProducts.edges) expect(edge.node.title.toLowerCase()).toContain("jacket");

    const brandFacet = all.body.data!.searchProducts.facets.find((f) => f.name === "brand")!;
    const [topBrand] = brandFacet.values;
    expect(brandFacet.values.reduce((sum, v) => sum + v.count, 0)).toBe(total);

    const narrowed = await graph.query<SearchResult>(SEARCH, {
      query: "jacket",
      filters: [{ name: "brand", values: [topBrand.value] }],
      first: 2,
    });
    const result = narrowed.body.data!.searchProducts;
    expect(result.totalCount).toBe(topBrand.count);
    // The brand facet ignores its own filter, so the shopper can still widen the choice.
    expect(result.facets.find((f) => f.name === "brand")!.values).toEqual(brandFacet.values);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const answer: Awaited<ReturnType<typeof graph.query<SearchResult>>> = await graph.query<SearchResult>(SEARCH, {
        query: "jacket",
        filters: [{ name: "brand", values: [topBrand.value] }],
        first: 2,
        after,
      });
      const connection = answer.body.data!.searchProducts;
      expect(connection.nodes.map((n) => n.id)).toEqual(connection.edges.map((e) => e.node.id));
      for (const edge of connection.edges) {
        expect(edge.node.brand).toBe(topBrand.value);
        seen.push(edge.node.id);
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(topBrand.count);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("sorts by price in both directions", async () => {
    const asc = await graph.query<SearchResult>(SEARCH, {
      filters: [{ name: "category", values: ["cat-audio"] }],
      sort: "PRICE_ASC",
      first: 50,
    });
    const prices = asc.body.data!.searchProducts.edges.map((e) => Number(e.node.priceRange.min.amount));
    expect(prices.length).toBeGreaterThan(5);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const desc = await graph.query<SearchResult>(SEARCH, {
      filters: [{ name: "category", values: ["cat-audio"] }],
      sort: "PRICE_DESC",
      first: 50,
    });
    const descending = desc.body.data!.searchProducts.edges.map((e) => Number(e.node.priceRange.min.amount));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it("browses a category tree: a parent category holds its children's products", async () => {
    const answer = await graph.query(`{
      categories { id name parent { id } path { name } }
      apparel: products(categoryId: "cat-apparel", first: 1) { totalCount }
      outerwear: products(categoryId: "cat-outerwear", first: 1) { totalCount nodes { category { id path { name } } } }
      footwear: products(categoryId: "cat-footwear", first: 1) { totalCount }
      everything: products(first: 1) { totalCount }
    }`);
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data;
    expect(data.everything.totalCount).toBeGreaterThanOrEqual(200);
    expect(data.apparel.totalCount).toBeGreaterThan(data.outerwear.totalCount + data.footwear.totalCount - 1);
    expect(data.outerwear.nodes[0].category.path.map((c: { name: string }) => c.name)).toEqual(["Apparel", "Outerwear"]);
  });

  it("rejects a page larger than 100 and an unknown facet with BAD_USER_INPUT", async () => {
    const tooBig = await graph.query(SEARCH, { first: 101 });
    expect(tooBig.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const unknownFacet = await graph.query(SEARCH, { filters: [{ name: "flavour", values: ["mint"] }] });
    expect(unknownFacet.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknownFacet.body.errors?.[0].message).toContain("flavour");
    const badCursor = await graph.query(SEARCH, { after: "not-a-cursor" });
    expect(badCursor.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("a shopper scans a barcode at a kiosk", () => {
  it("finds the variant by its GTIN and sees the kiosk's price next to the web price", async () => {
    const bySku = await graph.query(`{ variant(sku: "SKU-0001-01") { barcode } }`);
    const barcode = bySku.body.data.variant.barcode as string;
    expect(barcode).toMatch(/^\d{13}$/);
    const scanned = await graph.query(
      `query($barcode: String) { variant(barcode: $barcode) { sku title product { title handle } store: price { amount currencyCode } web: price(channel: WEB) { amount } webWas: compareAtPrice(channel: WEB) { amount } } }`,
      { barcode },
      graph.key("kiosk"),
    );
    expect(scanned.body.errors).toBeUndefined();
    const variant = scanned.body.data.variant;
    expect(variant.sku).toBe("SKU-0001-01");
    expect(variant.store.currencyCode).toBe("USD");
    expect(variant.store.amount).toMatch(/^\d+\.\d\d$/);
    // A web promotion shows the store's regular price as the compare-at price.
    if (variant.webWas) expect(variant.webWas.amount).toBe(variant.store.amount);
  });

  it("asks for exactly one of sku or barcode", async () => {
    const both = await graph.query(`{ variant(sku: "SKU-0001-01", barcode: "123") { sku } }`);
    expect(both.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const missing = await graph.query(`{ variant(sku: "SKU-9999-99") { sku } }`);
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data.variant).toBeNull();
  });
});
