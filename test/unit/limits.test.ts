import type { GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from "@apollo/server";
import { buildSchema, getOperationAST, parse, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../lib/errors.js";
import { deadlineOf, subgraphCostLimit } from "../../lib/subgraph-limits.js";
import { refusalFor } from "../../gateway/plugins/limits.js";

// What one operation may ask for, measured before anything runs: its shape at the gateway (graphql-armor's rules and
// the root-field count), its cost at a subgraph (with the entities it was sent), and how long a subgraph works on it.

const schema = buildSchema(/* GraphQL */ `
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
  type Query {
    node(id: ID!): Node
    nodes(first: Int): [Node!]!
    _entities(representations: [String!]!): [Node]!
  }
  type Node {
    id: ID!
    child: Node
    heavy: Heavy
  }
  type Heavy @cost(weight: 40) {
    id: ID!
  }
`);

const LIMITS = { maxDepth: 4, maxAliases: 2, maxTokens: 1_000, maxRootFields: 3, maxDirectives: 2 };

function refusal(query: string, limits = LIMITS) {
  const document = parse(query);
  return refusalFor(document, getOperationAST(document)!, schema, limits);
}

describe("operation shape limits (the gateway, before planning)", () => {
  it("lets an operation within every limit through", () => {
    expect(refusal(`{ a: node(id: "1") { id child { id } } nodes { id } }`)).toBeNull();
  });

  it("refuses depth past LIMIT_MAX_DEPTH, a fragment not counting as a level", () => {
    // Every field is a level, the leaf included: node, child, child, id is four.
    expect(refusal(`{ node(id: "1") { child { child { id } } } }`)).toBeNull();
    const deep = refusal(`{ node(id: "1") { child { child { child { id } } } } }`);
    expect(deep?.code).toBe(ErrorCode.MAX_DEPTH_EXCEEDED);
    expect(deep?.message).toContain("found 5");
    expect(refusal(`{ node(id: "1") { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { id } }`)).toBeNull();
  });

  it("refuses aliases past LIMIT_MAX_ALIASES, counted through fragments", () => {
    expect(refusal(`{ a: node(id: "1") { b: id c: id } }`)?.code).toBe(ErrorCode.MAX_ALIASES_EXCEEDED);
    expect(refusal(`{ node(id: "1") { ...F } } fragment F on Node { a: id b: id c: id }`)?.code).toBe(ErrorCode.MAX_ALIASES_EXCEEDED);
  });

  it("refuses root fields past LIMIT_MAX_ROOT_FIELDS, inline fragments and spreads at the top included", () => {
    const four = `{ a: node(id: "1") { id } ... on Query { nodes { id } } ...R } fragment R on Query { x: nodes { id } y: nodes { id } }`;
    const refused = refusal(four, { ...LIMITS, maxAliases: 10 });
    expect(refused?.code).toBe(ErrorCode.MAX_ROOT_FIELDS_EXCEEDED);
    expect(refused?.message).toContain("4 top-level fields");
  });

  it("refuses directives past LIMIT_MAX_DIRECTIVES", () => {
    const query = `query ($y: Boolean!) { node(id: "1") { id @include(if: $y) child @skip(if: $y) { id @include(if: $y) } } }`;
    expect(refusal(query)?.code).toBe(ErrorCode.MAX_DIRECTIVES_EXCEEDED);
  });

  it("measures only the operation that will run, not its neighbours in the document", () => {
    const document = parse(
      `query Small { node(id: "1") { id } } query Deep { node(id: "1") { child { child { child { child { id } } } } } }`,
    );
    expect(refusalFor(document, getOperationAST(document, "Small")!, schema, LIMITS)).toBeNull();
    expect(refusalFor(document, getOperationAST(document, "Deep")!, schema, LIMITS)?.code).toBe(ErrorCode.MAX_DEPTH_EXCEEDED);
  });
});

describe("a subgraph's own cost limit", () => {
  async function check(query: string, variables: Record<string, unknown> = {}, costLimit = 100): Promise<unknown> {
    const plugin = subgraphCostLimit(schema, { costLimit, defaultListSize: 10 });
    const hooks = (await plugin.requestDidStart!({} as never)) as GraphQLRequestListener<object>;
    const document: DocumentNode = parse(query);
    const context = { document, operation: getOperationAST(document)!, request: { variables } };
    try {
      await hooks.didResolveOperation!(context as unknown as GraphQLRequestContextDidResolveOperation<object>);
      return null;
    } catch (error) {
      return (error as { extensions?: { code?: unknown } }).extensions?.code;
    }
  }

  it("refuses a request above SUBGRAPH_COST_LIMIT with COST_LIMIT_EXCEEDED, and lets one at the limit run", async () => {
    expect(await check(`{ nodes(first: 50) { heavy { id } } }`, {}, 50 * 41 - 1)).toBe(ErrorCode.COST_LIMIT_EXCEEDED);
    expect(await check(`{ nodes(first: 50) { heavy { id } } }`, {}, 50 * 41)).toBeNull();
  });

  it("sizes _entities by the representations the gateway actually sent", async () => {
    const query = `query ($r: [String!]!) { _entities(representations: $r) { heavy { id } } }`;
    expect(await check(query, { r: ["a", "b"] })).toBeNull();
    expect(await check(query, { r: ["a", "b", "c"] })).toBe(ErrorCode.COST_LIMIT_EXCEEDED);
  });
});

describe("a subgraph's deadline", () => {
  it("is the time the gateway says it will wait, never above the maximum, else the default", () => {
    expect(deadlineOf("500", 2_000, 1_000)).toBe(500);
    expect(deadlineOf("5000", 2_000, 1_000)).toBe(1_000);
    expect(deadlineOf(undefined, 2_000, 1_000)).toBe(2_000);
    for (const bad of ["0", "-3", "1.5", "soon", ""]) expect(deadlineOf(bad, 2_000, 3_000), bad).toBe(2_000);
    expect(deadlineOf(["500", "600"], 2_000, 3_000)).toBe(2_000);
  });
});
