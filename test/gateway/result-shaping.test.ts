import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// The gateway shapes answers with its own computeResponse (gateway/result-shaping.ts); test/setup.ts also makes every
// answer of the suite go through @apollo/gateway's and fail on any difference. These are the shapes that are easiest
// to get wrong, asked over HTTP as a client would.
let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

describe("a client's answer keeps the shape it asked for", () => {
  it("answers aliases named like built-in object properties as plain fields", async () => {
    const answer = await graph.query(/* GraphQL */ `
      {
        constructor: categories {
          id
        }
        toString: categories {
          name
        }
        hasOwnProperty: product(handle: "harbor-and-pine-cozy-tee") {
          title
        }
      }
    `);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    const data = JSON.parse(answer.text).data;
    expect(Object.keys(data)).toEqual(["constructor", "toString", "hasOwnProperty"]);
    expect(data.constructor.length).toBeGreaterThan(3);
    expect(data.constructor[0]).toEqual({ id: expect.any(String) });
    expect(data.toString[0]).toEqual({ name: expect.any(String) });
    expect(data.hasOwnProperty).toEqual({ title: expect.any(String) });
  });

  it("follows @skip and @include by variables, fragments, __typename and field order across subgraphs", async () => {
    const query = /* GraphQL */ `
      query Page($withStock: Boolean!, $withoutBrand: Boolean!) {
        product(handle: "harbor-and-pine-cozy-tee") {
          __typename
          kind: __typename
          ...Names
          brand @skip(if: $withoutBrand)
          variants {
            sku
            stockAt(locationId: "store-01") @include(if: $withStock) {
              availableToPromise
            }
          }
        }
      }
      fragment Names on Product {
        title
        id
      }
    `;
    const withStock = await graph.query(query, { withStock: true, withoutBrand: true });
    expect(withStock.body.errors).toBeUndefined();
    const product = JSON.parse(withStock.text).data.product;
    expect(Object.keys(product)).toEqual(["__typename", "kind", "title", "id", "variants"]);
    expect(product.__typename).toBe("Product");
    expect(product.kind).toBe("Product");
    expect(product.variants.length).toBeGreaterThan(0);
    for (const variant of product.variants) expect(Object.keys(variant)).toEqual(["sku", "stockAt"]);

    const without = await graph.query(query, { withStock: false, withoutBrand: false });
    const again = JSON.parse(without.text).data.product;
    expect(Object.keys(again)).toEqual(["__typename", "kind", "title", "id", "brand", "variants"]);
    for (const variant of again.variants) expect(Object.keys(variant)).toEqual(["sku"]);
  });
});
