import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { GraphName, Operation, Scenario } from "../scenarios.js";
import { total, type RunningGraph } from "./measure.js";
import { ROOT } from "./proc.js";

// Before any load, each operation is checked: it answers the golden answer, and costs exactly its plan's fetches.

/** How many times each operation is sent to count the subgraph requests it costs. */
const COUNT_PROBES = 10;

// Clock-derived values (pickupReadyBy, earliest ship dates) move between runs; they say nothing about a gateway.
export const maskTimes = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/\d{4}-\d\d-\d\d(T[\d:.]+Z)?/g, "<time>")) as unknown;

/** The answer an operation must give (data undefined when no golden file exists yet: --update-golden writes it). */
export function golden(graph: GraphName, op: Operation): { path: string; data: unknown } {
  const path =
    graph === "public"
      ? join(ROOT, `bench/federation/golden-${op.operationName === "Tiny" ? "tiny" : "big"}.json`)
      : join(ROOT, `bench/golden/${op.name}.json`);
  return existsSync(path) ? { path, data: (JSON.parse(readFileSync(path, "utf8")) as { data: unknown }).data } : { path, data: undefined };
}

export interface Probe {
  bytes: number;
  problem: string | null;
  data: unknown;
}

export async function probe(url: string, op: Operation, sign: (as: Operation["as"]) => string): Promise<Probe> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sign(op.as)}` },
    body: JSON.stringify({ query: op.query, operationName: op.operationName }),
  });
  const text = await response.text();
  let json: { data?: unknown; errors?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { bytes: Buffer.byteLength(text), problem: `HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`, data: undefined };
  }
  const problem =
    response.status !== 200
      ? `HTTP ${response.status}`
      : json.errors
        ? `errors: ${JSON.stringify(json.errors).slice(0, 300)}`
        : json.data == null
          ? "no data"
          : null;
  return { bytes: Buffer.byteLength(text), problem, data: json.data };
}

export interface Validation {
  problems: string[];
  /** Answer size per operation, which every answer under load must have. */
  bytes: Map<Operation, number>;
  answers: Map<Operation, unknown>;
}

/** Before any load: each operation answers the golden answer, and costs exactly its plan's fetches at the subgraphs. */
export async function validate(
  url: string,
  scenario: Scenario,
  graph: Pick<RunningGraph, "counts">,
  planned: Map<Operation, number>,
  options: {
    /** False for a gateway answering from its response cache, whose fetches are the point of it. */
    countFetches: boolean;
    /** False at another scale than the golden answers' or while they are being rewritten. */
    compareGolden: boolean;
    sign: (as: Operation["as"]) => string;
  },
): Promise<Validation> {
  const { countFetches, sign } = options;
  const result: Validation = { problems: [], bytes: new Map(), answers: new Map() };
  for (const op of scenario.operations) {
    const answer = await probe(url, op, sign);
    if (answer.problem) {
      result.problems.push(`${op.name}: ${answer.problem}`);
      continue;
    }
    result.bytes.set(op, answer.bytes);
    result.answers.set(op, answer.data);
    const expected = golden(scenario.graph, op);
    const comparable = scenario.graph === "public" ? answer.data : maskTimes(answer.data);
    if (expected.data !== undefined && options.compareGolden && !isDeepStrictEqual(comparable, expected.data)) {
      result.problems.push(`${op.name}: the answer differs from the golden answer in ${expected.path}`);
    }
    if (!countFetches) continue;
    const before = total(await graph.counts());
    for (let i = 0; i < COUNT_PROBES; i++) await probe(url, op, sign);
    const observed = (total(await graph.counts()) - before) / COUNT_PROBES;
    if (observed !== planned.get(op))
      result.problems.push(`${op.name}: ${observed} subgraph requests per operation, the plan has ${planned.get(op)}`);
  }
  return result;
}
