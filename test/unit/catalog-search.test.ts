import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { TypedFastBitSet } from "typedfastbitset";
import { FacetPostings } from "../../subgraphs/catalog/search/facet-postings.js";
import { priceBand, priceBandLabel, priceBandsOf, type FacetFilter, type Faceted } from "../../subgraphs/catalog/search/facets.js";
import { isListedWord, normalizeText, synonymsOf } from "../../subgraphs/catalog/search/synonyms.js";
import { editDistance, editsAllowed, stem, termOf, tokenize } from "../../subgraphs/catalog/search/text.js";

describe("synonyms", () => {
  it("joins the ways of writing a t-shirt into one word", () => {
    for (const text of ["T-Shirt", "t shirt", "TShirt", "tshirt"]) expect(normalizeText(text)).toBe("tshirt");
    expect(tokenize("Cozy T-shirts & Tees")).toEqual(["cozy", "tshirts", "tees"]);
  });

  it("expands both ways within a group, one way where the list says so", () => {
    expect(synonymsOf("tshirt", stem)).toEqual(["tee"]);
    expect(synonymsOf("tees", stem)).toEqual(["tshirt"]);
    expect(synonymsOf("trainers", stem)).toEqual(["sneaker"]);
    expect(synonymsOf("coat", stem).sort()).toEqual(["jacket", "shell"]);
    expect(synonymsOf("coats", stem).sort()).toEqual(["jacket", "shell"]);
    expect(synonymsOf("jacket", stem)).toEqual([]);
    expect(synonymsOf("lamp", stem)).toEqual([]);
  });

  it("treats listed words as deliberate (no typo matching)", () => {
    expect(isListedWord("tshirt", stem)).toBe(true);
    expect(isListedWord("coats", stem)).toBe(true);
    expect(isListedWord("jackt", stem)).toBe(false);
  });
});

describe("words", () => {
  it("stems plurals onto their singular and drops single letters", () => {
    expect(termOf("Jackets")).toBe(termOf("jacket"));
    expect(termOf("sneakers")).toBe("sneaker");
    expect(termOf("x")).toBeNull();
  });

  it("forgives one typo from 4 letters and two from 8", () => {
    expect([editsAllowed("tee"), editsAllowed("jackt"), editsAllowed("headphone")]).toEqual([0, 1, 2]);
  });

  it("measures edits, stopping early past the limit", () => {
    expect(editDistance("jackt", "jacket")).toBe(1);
    expect(editDistance("jakcet", "jacket")).toBe(2);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("xqzvw", "jacket", 2)).toBe(3);
  });
});

describe("price bands", () => {
  it("puts a price in its band and labels bands in the currency", () => {
    expect([priceBand(0), priceBand(2499), priceBand(2500), priceBand(19_999), priceBand(20_000)]).toEqual([
      "under-25",
      "under-25",
      "25-50",
      "100-200",
      "200-plus",
    ]);
    expect(priceBandLabel("under-25", "USD")).toBe("Under $25");
    expect(priceBandLabel("100-200", "USD")).toBe("$100–$200");
    expect(priceBandLabel("200-plus", "USD")).toBe("$200 and up");
    expect(priceBandLabel("50-100", "EUR")).toBe("€50–€100");
  });
});

describe("facet counts", () => {
  const item = (brand: string, web: number, kiosk: number): Faceted => {
    const minPrice = { ...Object.fromEntries(Object.values(SalesChannel).map((c) => [c, web])), [SalesChannel.KIOSK]: kiosk };
    return {
      values: { category: ["cat-a"], brand: [brand], color: [], size: [] },
      minPrice: minPrice as Faceted["minPrice"],
      priceBands: priceBandsOf(minPrice as Faceted["minPrice"]),
    };
  };
  const items = [item("A", 1000, 3000), item("A", 6000, 6000), item("B", 1500, 1500)];
  const facetsOf = (filters: FacetFilter[], channel: SalesChannel) => filtered(filters, channel).facets;
  /** The items in slots 0, 1, 2, all matched: the filters' outcome over them. */
  const filtered = (filters: FacetFilter[], channel: SalesChannel) => {
    const postings = new FacetPostings();
    items.forEach((one, slot) => postings.add(slot, one));
    return postings.apply(new TypedFastBitSet([0, 1, 2]), filters, channel);
  };

  it("bands prices on the request's channel", () => {
    const web = facetsOf([], SalesChannel.WEB).find((f) => f.name === "price")!.values;
    expect(web).toEqual([
      { value: "under-25", count: 2 },
      { value: "50-100", count: 1 },
    ]);
    const kiosk = facetsOf([], SalesChannel.KIOSK).find((f) => f.name === "price")!.values;
    expect(kiosk).toEqual([
      { value: "under-25", count: 1 },
      { value: "25-50", count: 1 },
      { value: "50-100", count: 1 },
    ]);
  });

  it("counts a facet without its own filter and the others with theirs", () => {
    // Two filters on one facet are one choice: a product failing both still counts in that facet.
    const twice = facetsOf(
      [
        { name: "brand", values: ["A"] },
        { name: "brand", values: ["A"] },
      ],
      SalesChannel.WEB,
    );
    expect(twice.find((f) => f.name === "brand")!.values).toEqual([
      { value: "A", count: 2 },
      { value: "B", count: 1 },
    ]);
    const facets = facetsOf([{ name: "brand", values: ["A"] }], SalesChannel.WEB);
    expect(facets.find((f) => f.name === "brand")!.values).toEqual([
      { value: "A", count: 2 },
      { value: "B", count: 1 },
    ]);
    expect(facets.find((f) => f.name === "price")!.values).toEqual([
      { value: "under-25", count: 1 },
      { value: "50-100", count: 1 },
    ]);
  });

  it("keeps what passes every filter, values of one filter being alternatives", () => {
    expect(filtered([{ name: "brand", values: ["A"] }], SalesChannel.WEB).kept.array()).toEqual([0, 1]);
    expect(filtered([{ name: "brand", values: ["A", "B"] }], SalesChannel.WEB).kept.array()).toEqual([0, 1, 2]);
    const both = [
      { name: "brand", values: ["A"] },
      { name: "price", values: ["25-50"] },
    ];
    expect(filtered(both, SalesChannel.WEB).kept.array()).toEqual([]);
    expect(filtered(both, SalesChannel.KIOSK).kept.array()).toEqual([0]);
    expect(filtered([{ name: "brand", values: ["nobody"] }], SalesChannel.WEB).kept.isEmpty()).toBe(true);
  });

  it("forgets a removed item's values", () => {
    const postings = new FacetPostings();
    items.forEach((one, slot) => postings.add(slot, one));
    postings.remove(2, items[2]);
    const { facets } = postings.apply(new TypedFastBitSet([0, 1, 2]), [], SalesChannel.WEB);
    expect(facets.find((f) => f.name === "brand")!.values).toEqual([{ value: "A", count: 2 }]);
  });
});
