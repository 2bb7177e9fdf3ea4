// type-graphql decorators read this when the subgraph modules load, so it must come before any other import.
import "reflect-metadata";
import { startBenchGraph, type BenchGraph, type BenchTarget } from "./graph.js";
import { probe, runLoad, type LoadResult, type Probe } from "./load.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";

const WARMUP_SECONDS = 1;

function setting(name: string, fallback: number, min: number, max: number, integer: boolean): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    console.error(`${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}; got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const SECONDS = setting("BENCH_SECONDS", 5, 0.5, 600, false);
const CONNECTIONS = setting("BENCH_CONNECTIONS", 50, 1, 1000, true);

interface Row {
  scenario: Scenario;
  bytes: number;
  results: Partial<Record<BenchTarget["name"], LoadResult>>;
  problem?: string;
  /** The two gateways' answers differ: a difference in figures might then be a difference in work. */
  differs?: boolean;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const progress = (line: string) => process.stderr.write(line + "\n");

/** Why a probe does not make a valid scenario, or null when it does. */
function invalid(target: BenchTarget, answer: Probe): string | null {
  if (answer.status !== 200) return `${target.name} answered HTTP ${answer.status}`;
  if (!answer.json) return `${target.name} answered a body that is not JSON`;
  if (answer.json.errors) return `${target.name} answered errors: ${JSON.stringify(answer.json.errors).slice(0, 300)}`;
  if (answer.json.data == null) return `${target.name} answered no data`;
  return null;
}

// Times derived from the clock (pickupReadyBy) move between the two probes; they say nothing about the gateways.
const comparable = (answer: Probe) => JSON.stringify(answer.json?.data).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");

async function measure(graph: BenchGraph, scenario: Scenario, index: number): Promise<Row> {
  const body = JSON.stringify({ query: scenario.query });
  const headers = scenario.as ? await graph.as(scenario.as.role, scenario.as.id, scenario.as.storeId) : {};
  const row: Row = { scenario, bytes: 0, results: {} };
  const answers = {
    omnigraph: await probe(graph.omnigraph.url, body, headers),
    baseline: await probe(graph.baseline.url, body, headers),
  };
  for (const target of [graph.omnigraph, graph.baseline]) {
    const problem = invalid(target, answers[target.name]);
    if (problem) {
      row.problem = problem;
      return row;
    }
  }
  row.bytes = answers.omnigraph.bytes;
  row.differs = comparable(answers.omnigraph) !== comparable(answers.baseline);

  // Whoever runs second inherits a warmer JIT and a fuller heap; alternating spreads that across both gateways.
  const order = index % 2 === 0 ? [graph.omnigraph, graph.baseline] : [graph.baseline, graph.omnigraph];
  for (const target of order) {
    progress(`  ${scenario.name}: ${target.name} (warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s)`);
    await runLoad({ url: target.url, body, headers, connections: CONNECTIONS, seconds: WARMUP_SECONDS });
    row.results[target.name] = await runLoad({ url: target.url, body, headers, connections: CONNECTIONS, seconds: SECONDS });
  }
  return row;
}

function table(rows: Row[]): string {
  const header = ["scenario", "resp KB", "omnigraph req/s", "baseline req/s", "ratio", "omnigraph p50/p99 ms", "baseline p50/p99 ms", "errors o/b"];
  const cells = rows.map((row) => {
    const o = row.results.omnigraph;
    const b = row.results.baseline;
    if (!o || !b) return [row.scenario.name, "-", "-", "-", "-", "-", "-", "invalid"];
    const latency = (r: LoadResult) => `${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)}`;
    return [
      row.scenario.name + (row.differs ? " *" : ""),
      (row.bytes / 1024).toFixed(1),
      o.requestsPerSecond.toFixed(0),
      b.requestsPerSecond.toFixed(0),
      `${(o.requestsPerSecond / b.requestsPerSecond).toFixed(2)}x`,
      latency(o),
      latency(b),
      `${o.errors}/${b.errors}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => "| " + c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(header), rule, ...cells.map(line)].join("\n");
}

async function main(): Promise<number> {
  const rssStart = process.memoryUsage().rss;
  progress(`starting 4 subgraphs and 2 gateways on 127.0.0.1...`);
  const graph = await startBenchGraph();
  const stop = () => {
    void graph.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const rows: Row[] = [];
  try {
    const rssBefore = process.memoryUsage().rss;
    for (const [index, scenario] of SCENARIOS.entries()) {
      const row = await measure(graph, scenario, index);
      if (row.problem) progress(`  ${scenario.name}: INVALID — ${row.problem}`);
      rows.push(row);
    }
    const rssAfter = process.memoryUsage().rss;

    console.log("");
    console.log(`Omnigraph bench: Node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per run (+${WARMUP_SECONDS} s warm-up)`);
    console.log(`load generator, both gateways and all four subgraphs share this one process: compare the ratios`);
    console.log("");
    console.log(table(rows));
    console.log("");
    console.log(`ratio = omnigraph req/s ÷ baseline req/s (above 1: omnigraph is faster)`);
    if (rows.some((r) => r.differs)) console.log(`* the two gateways' answers differ (times aside): their figures may not measure the same work`);
    for (const row of rows) if (row.problem) console.log(`INVALID ${row.scenario.name}: ${row.problem}`);
    console.log(`RSS: ${mb(rssStart)} at start, ${mb(rssBefore)} with servers up, ${mb(rssAfter)} after load`);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await graph.close();
  }
  return rows.some((r) => r.problem) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
