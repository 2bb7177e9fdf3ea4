import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubgraphName } from "../../lib/config.js";
import { A, agent, associateX, ENTITIES, ROLES, ROOT_FIELDS, storeX, viewers, type Outcome, type Role } from "../helpers/access-table.js";
import { postGraphQL, startGraph, type GraphQLAnswer, type TestGraph } from "../helpers/graph.js";

// Who may do what, as one table: every root field and every entity type of the supergraph, for every kind of viewer.
// A field or entity the table (test/helpers/access-table.ts) does not list fails the suite, so nothing new ships
// without a rule.

function outcomeOf(answer: GraphQLAnswer, data: unknown): Outcome | string {
  const code = answer.body.errors?.[0]?.extensions?.code;
  if (code) return String(code);
  return data === null || data === undefined ? "null" : "ok";
}

let graph: TestGraph;
const headersOf = {} as Record<Role, Record<string, string>>;
/** Root fields of the partner contract, as /partner/graphql serves it. */
const partnerContract = new Set<string>();
beforeAll(async () => {
  graph = await startGraph();
  headersOf.anonymous = {};
  headersOf.customer = await graph.as("customer", A);
  headersOf.associate = await graph.as("associate", associateX.id, storeX);
  headersOf.agent = await graph.as("agent", agent.id);
  headersOf.partner = graph.key("partner");
  headersOf.kiosk = graph.key("kiosk");
  const contract = await postGraphQL(
    `${graph.gateway.origin}/partner/graphql`,
    `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`,
    undefined,
    graph.key("partner"),
  );
  const { queryType, mutationType } = contract.body.data.__schema;
  for (const f of queryType.fields) partnerContract.add(`Query.${f.name}`);
  for (const f of mutationType?.fields ?? []) partnerContract.add(`Mutation.${f.name}`);
});
afterAll(() => graph?.close());

describe("the access table covers the whole graph", () => {
  it("lists every root field the gateway serves", async () => {
    const answer = await graph.query(
      `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`,
      undefined,
      headersOf.associate,
    );
    const { queryType, mutationType } = answer.body.data.__schema;
    const served = [
      ...queryType.fields.map((f: { name: string }) => `Query.${f.name}`),
      ...(mutationType?.fields ?? []).map((f: { name: string }) => `Mutation.${f.name}`),
    ].sort();
    expect(Object.keys(ROOT_FIELDS).sort()).toEqual(served);
  });

  it("lists every entity type in every subgraph that resolves it", async () => {
    const sdl = await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
    const resolvable: string[] = [];
    for (const match of sdl.matchAll(/^type (\w+)((?:\s+@join__type\([^)]*\))+)/gm)) {
      for (const join of match[2].matchAll(/@join__type\(graph: (\w+), key: "[^"]+"(, resolvable: false)?/g)) {
        if (!join[2]) resolvable.push(`${match[1]}@${join[1].toLowerCase()}`);
      }
    }
    expect(Object.keys(ENTITIES).sort()).toEqual(resolvable.sort());
  });
});

describe.each(ROLES)("what %s may do", (role) => {
  it.each(Object.entries(ROOT_FIELDS))("root field %s", async (field, { query, expect: expected }) => {
    const answer = await graph.query(query, undefined, headersOf[role]);
    const data = answer.body.data ? Object.values(answer.body.data)[0] : undefined;
    // A partner key is held to the partner contract at the gateway: outside it, the operation does not validate;
    // the table's partner column is then what the subgraph itself would answer.
    const wanted = role === "partner" && !partnerContract.has(field) ? "GRAPHQL_VALIDATION_FAILED" : expected[role];
    expect(outcomeOf(answer, data)).toBe(wanted);
  });

  it.each(Object.entries(ENTITIES))("entity %s", async (key, { representation, selection, expect: expected }) => {
    const [typename, subgraph] = key.split("@") as [string, SubgraphName];
    const answer = await postGraphQL(
      graph.subgraphs[subgraph].url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${selection} } } }`,
      { r: [{ __typename: typename, ...representation }] },
      graph.identity(viewers[role]),
    );
    expect(outcomeOf(answer, answer.body.data?._entities?.[0])).toBe(expected[role]);
  });
});
