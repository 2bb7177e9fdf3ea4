import { buildSchema, getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { estimateCost, readCostDirectives } from "../../lib/cost.js";

/** A small schema with every way a size or a weight is given: paging arguments, @listSize, @cost on fields and types. */
const SDL = /* GraphQL */ `
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!]) on FIELD_DEFINITION

  type Query {
    product(id: ID!): Product
    products(first: Int): [Product!]!
    featured: [Product!]! @listSize(assumedSize: 5)
    search(first: Int): ProductConnection!
    window(take: Int): Page! @listSize(slicingArguments: ["take"], sizedFields: ["items"])
    report: Report @cost(weight: 50)
    _entities(representations: [String!]!): [Product]!
  }
  type Product {
    id: ID!
    name: String!
    variants: [Variant!]!
    reviews(first: Int = 3): [Review!]!
  }
  type Variant @cost(weight: 2) {
    sku: String!
  }
  type ProductConnection {
    nodes: [Product!]!
    edges: [ProductEdge!]!
    totalCount: Int!
  }
  type ProductEdge {
    node: Product!
  }
  type Page {
    items: [Product!]!
  }
  type Review {
    body: String!
  }
  type Report {
    total: Int!
  }
`;

const schema = buildSchema(SDL);
const directives = readCostDirectives(parse(SDL));

function costOf(query: string, variables: Record<string, unknown> = {}, defaultListSize = 10) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return estimateCost(document, operation, variables, { schema, directives, defaultListSize });
}

describe("reading @cost and @listSize", () => {
  it("finds field weights, type weights and list sizes, from SDL or from a built schema alike", () => {
    expect(directives.fieldWeights.get("Query.report")).toBe(50);
    expect(directives.typeWeights.get("Variant")).toBe(2);
    expect(directives.listSizes.get("Query.featured")).toEqual({ assumedSize: 5, slicingArguments: [], sizedFields: [] });
    expect(directives.listSizes.get("Query.window")).toEqual({ assumedSize: null, slicingArguments: ["take"], sizedFields: ["items"] });
    expect(readCostDirectives(schema)).toEqual(directives);
  });

  it("follows the names a @link imports them under", () => {
    const linked = readCostDirectives(
      parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{ name: "@cost", as: "@weight" }])
        type Query { a: A @weight(weight: 7) b: [A] @federation__listSize(assumedSize: 4) }
        type A { id: ID }
      `),
    );
    expect(linked.fieldWeights.get("Query.a")).toBe(7);
    expect(linked.listSizes.get("Query.b")?.assumedSize).toBe(4);
  });
});

describe("estimating an operation's cost", () => {
  it("counts each object once and scalars not at all", () => {
    expect(costOf(`{ product(id: "1") { id name } }`).cost).toBe(1);
    expect(costOf(`{ __typename product(id: "1") { __typename } }`).cost).toBe(1);
  });

  it("multiplies what is under a list by its size: a paging argument, @listSize, else the default", () => {
    expect(costOf(`{ products(first: 4) { id } }`).cost).toBe(4);
    expect(costOf(`{ featured { id } }`).cost).toBe(5);
    expect(costOf(`{ products { id } }`).cost).toBe(10);
    expect(costOf(`{ products { id } }`, {}, 25).cost).toBe(25);
    // A field's default argument sizes its list: three reviews under one product.
    expect(costOf(`{ product(id: "1") { reviews { body } } }`).cost).toBe(1 + 3);
  });

  it("weighs fields and types by @cost, through nested lists", () => {
    expect(costOf(`{ report { total } }`).cost).toBe(50);
    // Four products, each 1 plus ten variants of weight 2.
    expect(costOf(`{ products(first: 4) { variants { sku } } }`).cost).toBe(4 * (1 + 10 * 2));
  });

  it("sizes a connection's nodes and edges by the connection's paging argument or its sizedFields", () => {
    expect(costOf(`{ search(first: 3) { totalCount nodes { id } } }`).cost).toBe(1 + 3);
    expect(costOf(`{ search(first: 3) { edges { node { id } } } }`).cost).toBe(1 + 3 * (1 + 1));
    expect(costOf(`{ window(take: 6) { items { id } } }`).cost).toBe(1 + 6);
  });

  it("measures fragments where they are spread, in the list context they are spread in", () => {
    const query = `{ products(first: 2) { ...P } featured { ... on Product { ...P } } } fragment P on Product { variants { sku } }`;
    expect(costOf(query).cost).toBe(2 * (1 + 20) + 5 * (1 + 20));
  });

  it("reads sizes from variables, and says whether it did", () => {
    const query = `query ($n: Int) { products(first: $n) { id } }`;
    expect(costOf(query, { n: 7 })).toEqual({ cost: 7, usesVariables: true });
    expect(costOf(query)).toEqual({ cost: 10, usesVariables: true });
    expect(costOf(`query ($n: Int = 2) { products(first: $n) { id } }`).cost).toBe(2);
    expect(costOf(`{ products(first: 7) { id } }`).usesVariables).toBe(false);
  });

  it("treats a negative size as none and never passes the largest safe integer", () => {
    expect(costOf(`{ products(first: -5) { id } }`).cost).toBe(0);
    const huge = `{ products(first: 1000000000) { reviews(first: 1000000000) { body } variants { sku } } }`;
    expect(costOf(huge).cost).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("takes a size the request itself knows: a subgraph's _entities is as long as the representations it was sent", () => {
    const document = parse(`query ($r: [String!]!) { _entities(representations: $r) { id } }`);
    const operation = getOperationAST(document)!;
    const knownSize = (_parent: string, field: { name: { value: string } }, argument: (name: string) => unknown) =>
      field.name.value === "_entities" ? (argument("representations") as unknown[]).length : undefined;
    const estimate = estimateCost(document, operation, { r: ["a", "b", "c"] }, { schema, directives, defaultListSize: 10, knownSize });
    expect(estimate.cost).toBe(3);
  });
});
