import { readFileSync } from "node:fs";
import { buildSchema, isObjectType, lexicographicSortSchema, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { contractSchema, EXCLUDED_TAG } from "../../gateway/contract.js";
import { schemasOf } from "../../lib/schema-checks.js";

// How the partner contract is derived from the supergraph (gateway/contract.ts): what is tagged, less what is internal.

const SDL = /* GraphQL */ `
  directive @tag(
    name: String!
  ) repeatable on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INTERFACE | UNION | ENUM | SCALAR | INPUT_OBJECT
  type Query {
    product(id: ID!): Product @tag(name: "partner")
    stock(sku: ID!, location: ID @tag(name: "internal")): Stock @tag(name: "partner")
    customer(id: ID!): Customer
    untaggedRoot: Product
  }
  type Mutation {
    placeOrder(sku: ID!): Product
  }
  type Product @tag(name: "partner") {
    id: ID!
    name: String!
    status: Status!
    onHand: Int! @tag(name: "internal")
    buyers: [Customer!]!
  }
  type Stock {
    sku: ID! @tag(name: "partner")
    level: Int!
    product: Product @tag(name: "partner")
  }
  type Customer {
    id: ID!
    email: String!
  }
  enum Status {
    ACTIVE
    RETIRED
  }
  enum Unused {
    A
  }
`;

const api = buildSchema(SDL);
const contract = contractSchema(api, SDL, "partner");

describe("contract derivation", () => {
  it("keeps tagged object types and only the root fields tagged one by one that return something shown", () => {
    // stock is tagged but returns Stock, an untagged object type: it goes with its type.
    expect(Object.keys(contract.getQueryType()!.getFields())).toEqual(["product"]);
    expect(contract.getType("Product")).toBeDefined();
  });

  it("never shows an untagged object type, nor a field that returns one, nor a root left empty", () => {
    expect(contract.getType("Customer")).toBeUndefined();
    const product = contract.getType("Product");
    expect(isObjectType(product) && Object.keys(product.getFields()).sort()).toEqual(["id", "name", "status"]);
    expect(contract.getMutationType()).toBeUndefined();
  });

  it("never brings an untagged type in through its tagged fields", () => {
    expect(contract.getType("Stock")).toBeUndefined();
  });

  it("drops what is tagged internal, fields and arguments alike", () => {
    expect(EXCLUDED_TAG).toBe("internal");
    const tagged = SDL.replace("type Stock {", 'type Stock @tag(name: "partner") {');
    const withStock = contractSchema(buildSchema(tagged), tagged, "partner");
    const stock = withStock.getQueryType()!.getFields().stock;
    expect(stock.args.map((a) => a.name)).toEqual(["sku"]);
    const stockType = withStock.getType("Stock");
    expect(isObjectType(stockType) && Object.keys(stockType.getFields()).sort()).toEqual(["level", "product", "sku"]);
  });

  it("brings enums and scalars in only when a shown field uses them", () => {
    expect(contract.getType("Status")).toBeDefined();
    expect(contract.getType("Unused")).toBeUndefined();
  });

  it("is another tag's contract for another tag", () => {
    const none = contractSchema(api, SDL, "kiosk");
    expect(none.getQueryType()).toBeFalsy();
  });
});

describe("the partner contract of the committed supergraph", () => {
  const supergraph = readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
  const { full, partner } = schemasOf(supergraph);

  it("is what schema/partner.graphql holds", () => {
    const committed = readFileSync(new URL("../../schema/partner.graphql", import.meta.url), "utf8");
    expect(printSchema(lexicographicSortSchema(buildSchema(committed)))).toBe(printSchema(lexicographicSortSchema(partner)));
  });

  it("holds no personal data and no internal stock counts", () => {
    for (const name of ["Customer", "Order", "Cart", "Associate", "ServiceCase"]) expect(partner.getType(name), name).toBeUndefined();
    const stock = partner.getType("StockLevel");
    expect(isObjectType(stock)).toBe(true);
    const fields = isObjectType(stock) ? Object.keys(stock.getFields()) : [];
    for (const internal of ["onHand", "reserved", "safetyStock"]) expect(fields).not.toContain(internal);
    expect(partner.getMutationType()).toBeFalsy();
  });

  it("is a part of the full API schema: every type and field it shows, the full schema has", () => {
    for (const type of Object.values(partner.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      const same = full.getType(type.name);
      expect(same, type.name).toBeDefined();
      if (isObjectType(type) && isObjectType(same)) {
        for (const field of Object.keys(type.getFields())) expect(same.getFields()[field], `${type.name}.${field}`).toBeDefined();
      }
    }
  });
});
