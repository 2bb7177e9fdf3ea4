// The bench's scenarios: our graph's operations (bench/lib/scenarios/) alone and mixed, and the public federation
// benchmark's. What a scenario is: bench/lib/scenarios/types.ts.
import { BIG_QUERY, TINY_QUERY } from "./federation/queries.mjs";
import { DEEP } from "./lib/scenarios/orders.js";
import { PDP, SEARCH, SHOPPER, TINY } from "./lib/scenarios/shopper.js";
import type { Operation, Scenario } from "./lib/scenarios/types.js";

export type { GraphName, Operation, Person, Scenario } from "./lib/scenarios/types.js";

export const SCENARIOS: Scenario[] = [
  {
    name: "deep",
    graph: "omnigraph",
    about: "a signed-in customer's orders → lines → variant → product → stock, across all four subgraphs",
    operations: [DEEP],
  },
  {
    name: "pdp",
    graph: "omnigraph",
    about: "a product page: variants, prices, stock at a store, nearest stores with stock, online availability",
    operations: [PDP],
  },
  {
    name: "search",
    graph: "omnigraph",
    about: 'a search for "tee": 20 results with facet counts, price ranges and online availability',
    operations: [SEARCH],
  },
  { name: "tiny", graph: "omnigraph", about: "`{ me { id } }`: the gateway's per-request overhead", operations: [TINY] },
  {
    name: "mixed",
    graph: "omnigraph",
    about: "the clients' operations by weight: 40 % pdp, 30 % search, 20 % tiny, 10 % deep",
    operations: [
      { ...PDP, weight: 4 },
      { ...SEARCH, weight: 3 },
      { ...TINY, weight: 2 },
      { ...DEEP, weight: 1 },
    ],
  },
  {
    name: "public",
    graph: "public",
    about: "the public federation benchmark's four subgraphs and query (users → reviews → products → inventory)",
    operations: [{ name: "public", query: BIG_QUERY, operationName: "TestQuery", as: SHOPPER, weight: 1 }],
  },
  {
    name: "public-tiny",
    graph: "public",
    about: "the public benchmark's `{ me { id } }`",
    operations: [{ name: "public-tiny", query: TINY_QUERY, operationName: "Tiny", as: SHOPPER, weight: 1 }],
  },
];

/** The operations a mixed load sends, in a fixed interleaved order that honours the weights. */
export function weightedSequence(operations: Operation[]): Operation[] {
  const total = operations.reduce((sum, op) => sum + op.weight, 0);
  const sent = operations.map(() => 0);
  const sequence: Operation[] = [];
  for (let i = 0; i < total; i++) {
    // Smooth weighted round-robin: always the operation furthest behind its share.
    let best = 0;
    for (let j = 1; j < operations.length; j++) {
      if (sent[j] / operations[j].weight < sent[best] / operations[best].weight) best = j;
    }
    sent[best]++;
    sequence.push(operations[best]);
  }
  return sequence;
}
