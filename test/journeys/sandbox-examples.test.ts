import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTNER_EXAMPLES, STAFF_EXAMPLES } from "../../gateway/sandbox-examples.js";
import { schemasOf } from "../../lib/schema-checks.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

// The sandbox's examples are what partners and staff try first: each validates against the schema its endpoint
// serves, and answers with data for its audience.

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

describe("the sandbox's examples", () => {
  const { full, partner } = schemasOf(readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"));

  it("validate: the partner's against the partner contract, staff's against the whole graph", () => {
    for (const example of PARTNER_EXAMPLES) expect(validate(partner, parse(example.query)), example.title).toEqual([]);
    for (const example of STAFF_EXAMPLES) expect(validate(full, parse(example.query)), example.title).toEqual([]);
  });

  it("answer with data for their audience: a partner key on /partner/graphql, an agent on /graphql", async () => {
    for (const example of PARTNER_EXAMPLES) {
      const answer = await postGraphQL(`${graph.gateway.origin}/partner/graphql`, example.query, example.variables, graph.key("partner"));
      expect(answer.body.errors, example.title).toBeUndefined();
      expect(
        Object.values(answer.body.data).every((value) => value !== null),
        example.title,
      ).toBe(true);
    }
    for (const example of STAFF_EXAMPLES) {
      const answer = await graph.query(example.query, example.variables, await graph.as("agent", "assoc-037"));
      expect(answer.body.errors, example.title).toBeUndefined();
      expect(answer.body.data.customer.firstName).toBeTruthy();
    }
  });
});
