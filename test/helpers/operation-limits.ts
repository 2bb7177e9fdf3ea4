import { afterAll, beforeAll, expect } from "vitest";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { postGraphQL, startGraph, type GraphQLAnswer, type TestGraph } from "./graph.js";

/** What the operation-limit tests share: a graph that counts its subgraphs' requests, and ways to read cost and refusals. */

// The limits every deployment starts with: the tests read them rather than repeat them.
export const defaults = loadConfig({ OMNIGRAPH_ENV: "test" });

export let graph: TestGraph;
/** HTTP requests the four subgraphs have received since the test began. */
let subgraphRequests = 0;
/** Starts the file's graph, counting every request its subgraphs receive, and closes it after the file's tests. */
export function useLimitsGraph(): void {
  beforeAll(async () => {
    graph = await startGraph();
    for (const name of SUBGRAPH_NAMES) graph.subgraphs[name].server.on("request", () => subgraphRequests++);
  });
  afterAll(() => graph?.close());
}

export const partnerUrl = () => `${graph.gateway.origin}/partner/graphql`;
export const withCost = { "x-omnigraph-cost": "true" };
/** What the gateway says an answered or refused operation cost, when asked with `x-omnigraph-cost: true`. */
export const costOf = (answer: GraphQLAnswer) =>
  (answer.body as { extensions?: { cost?: { estimated: number; limit: number } } }).extensions?.cost;

/** Sends `query` and expects it refused with `code` as a 400, and no subgraph asked anything. */
export async function expectRefused(query: string, code: string, headers: Record<string, string> = {}, url = graph.gateway.url) {
  const before = subgraphRequests;
  const answer = await postGraphQL(url, query, undefined, headers);
  expect(answer.status, answer.text).toBe(400);
  expect(answer.body.errors?.[0].extensions?.code, answer.text).toBe(code);
  expect(answer.body.data).toBeUndefined();
  expect(subgraphRequests - before, "subgraph requests").toBe(0);
  return answer;
}

export const nested = (levels: number, leaf = "title") => {
  let selection = leaf;
  for (let i = 0; i < levels; i++) selection = `variants { product { ${selection} } }`;
  return selection;
};
