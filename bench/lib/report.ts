import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../scenarios.js";
import { ROOT } from "./proc.js";

/** One gateway's figures in one scenario: medians over the runs unless said otherwise. */
export interface GatewayFigures {
  rps: number;
  rpsMin: number;
  rpsMax: number;
  /** Latency percentiles, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** The gateway process's CPU time (user + system) per answered request. */
  cpuMsPerRequest: number;
  /** Share of its core the gateway used (1 = saturated). */
  gatewayCoreBusy: number;
  /** Share of the other core the subgraphs and the load generator used: near 1, the ratio is capped by them. */
  loadCoreBusy: number;
  /** Highest VmHWM of the gateway process over the runs. */
  peakRssMb: number;
  /** Answers that were not HTTP 200, carried `errors`, or differed in size from the golden answer; all runs. */
  errors: number;
  requests: number;
  /** Requests the subgraphs received per operation under load, counted at the subgraphs. */
  subgraphRequestsPerOperation: number;
  /** Fetches in the query plan per operation (weighted for mixed). */
  planFetchesPerOperation: number;
  /** Requests/s of each run, in order. */
  runs: number[];
}

export interface ScenarioFigures {
  scenario: Scenario;
  problems: string[];
  figures: Partial<Record<"omnigraph" | "bare", GatewayFigures>>;
}

export interface BenchReport {
  measuredAt: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; pinned: string };
  settings: {
    seconds: number;
    warmupSeconds: number;
    runs: number;
    connections: number;
    scale: number | null;
    subgraphMemo: boolean;
    oursAt: string | null;
    asDeployed?: boolean;
  };
  results: ScenarioFigures[];
}

/** What results/*.json hold per scenario: `{ "<scenario>": { "<gateway>": {…}, "ratio": n } }`. */
interface StoredScenario {
  measuredAt: string;
  omnigraph?: GatewayFigures;
  bare?: GatewayFigures;
  ratio: number | null;
  problems: string[];
}

interface StoredResults {
  machine: BenchReport["machine"];
  settings: BenchReport["settings"];
  scenarios: Record<string, StoredScenario>;
}

const RESULTS = join(ROOT, "bench/results");
const README = join(ROOT, "bench/README.md");

const ratioOf = (r: ScenarioFigures) =>
  r.figures.omnigraph && r.figures.bare ? Math.round((r.figures.omnigraph.rps / r.figures.bare.rps) * 100) / 100 : null;

function rows(scenarios: Record<string, StoredScenario>): string[][] {
  const out: string[][] = [];
  for (const [name, s] of Object.entries(scenarios)) {
    for (const gateway of ["omnigraph", "bare"] as const) {
      const f = s[gateway];
      if (!f) continue;
      out.push([
        gateway === "omnigraph" ? name : "",
        gateway,
        `${f.rps} (${f.rpsMin}–${f.rpsMax})`,
        gateway === "omnigraph" && s.ratio !== null ? `**${s.ratio.toFixed(2)}×**` : "",
        `${f.p50} / ${f.p95} / ${f.p99}`,
        f.cpuMsPerRequest.toFixed(3),
        `${Math.round(f.gatewayCoreBusy * 100)} % / ${Math.round(f.loadCoreBusy * 100)} %`,
        String(f.peakRssMb),
        String(f.errors),
        `${f.subgraphRequestsPerOperation} / ${f.planFetchesPerOperation}`,
      ]);
    }
  }
  return out;
}

function markdown(header: string[], cells: string[][]): string {
  const line = (c: string[]) => `| ${c.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i < 2 ? "---" : "---:"))), ...cells.map(line)].join("\n");
}

const HEADER = [
  "scenario",
  "gateway",
  "req/s median (min–max)",
  "ours ÷ bare",
  "p50 / p95 / p99 ms",
  "gateway CPU ms/req",
  "core busy gw / load",
  "peak RSS MB",
  "errors",
  "subgraph req/op (seen / plan)",
];

function toStored(report: BenchReport): Record<string, StoredScenario> {
  return Object.fromEntries(
    report.results.map((r) => [
      r.scenario.name,
      { measuredAt: report.measuredAt, omnigraph: r.figures.omnigraph, bare: r.figures.bare, ratio: ratioOf(r), problems: r.problems },
    ]),
  );
}

/** Which data and subgraphs a run used, in words. */
export function describeData(settings: BenchReport["settings"]): string {
  if (settings.scale !== null) return `demo world ×${settings.scale} on Redis, real subgraphs`;
  return `in-memory demo world, ${settings.subgraphMemo ? "subgraph answers memoized" : "real subgraphs"}`;
}

/** The table printed at the end of a run. */
export function renderTable(report: BenchReport): string {
  const { settings, machine } = report;
  return [
    `Omnigraph bench, ${report.measuredAt}: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${machine.pinned}`,
    ...(settings.oursAt ? [`ours taken from commit ${settings.oursAt}`] : []),
    `${settings.runs} runs × ${settings.seconds} s per gateway (+${settings.warmupSeconds} s warm-up each), ${settings.connections} connections, ${describeData(settings)}`,
    "",
    markdown(HEADER, rows(toStored(report))),
  ].join("\n");
}

/**
 * Writes the figures: results/latest.json (scale 1; scenarios not run this time keep their last figures) or
 * results/scale-N.json, and regenerates the tables in bench/README.md between their markers.
 */
export function updateReadme(report: BenchReport): string[] {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(
    RESULTS,
    report.settings.oursAt
      ? `at-${report.settings.oursAt}.json`
      : report.settings.asDeployed
        ? "as-deployed.json"
        : report.settings.scale === null
          ? "latest.json"
          : `scale-${report.settings.scale}.json`,
  );
  const previous: StoredResults | null = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StoredResults) : null;
  const stored: StoredResults = {
    machine: report.machine,
    settings: report.settings,
    scenarios: { ...(previous?.scenarios ?? {}), ...toStored(report) },
  };
  writeFileSync(file, JSON.stringify(stored, null, 2) + "\n");
  // Figures of an older gateway (--ours-at) or as deployed (--as-deployed) are kept apart and never replace the tables.
  if (report.settings.oursAt || report.settings.asDeployed) return [file.slice(ROOT.length)];

  const latestFile = join(RESULTS, "latest.json");
  const latest = existsSync(latestFile) ? (JSON.parse(readFileSync(latestFile, "utf8")) as StoredResults) : null;
  const main = !latest
    ? "(no figures yet: run npm run bench)"
    : [
        `Measured ${latest.machine.cpu}, ${latest.machine.cores} cores, ${latest.machine.memoryGb} GB, Node ${latest.machine.node}; ${latest.machine.pinned}.`,
        `${latest.settings.runs} runs × ${latest.settings.seconds} s per gateway, ${latest.settings.connections} connections, ${describeData(latest.settings)}.`,
        "",
        markdown(HEADER, rows(latest.scenarios)),
      ].join("\n");
  const scaleRows: string[][] = [];
  const scaleFiles = readdirSync(RESULTS)
    .map((f) => /^scale-(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  for (const match of scaleFiles) {
    const results = JSON.parse(readFileSync(join(RESULTS, match[0]), "utf8")) as StoredResults;
    for (const name of ["pdp", "search", "deep"]) {
      const f = results.scenarios[name]?.omnigraph;
      if (f) {
        const when = results.scenarios[name].measuredAt.slice(0, 10);
        scaleRows.push([`×${match[1]}`, name, String(results.settings.connections), String(f.rps), `${f.p50} / ${f.p95} / ${f.p99}`, when]);
      }
    }
  }
  const scale = markdown(["data", "scenario", "connections", "omnigraph req/s", "p50 / p95 / p99 ms", "measured"], scaleRows);
  let readme = readFileSync(README, "utf8");
  readme = replaceBetween(readme, "bench:table", main);
  readme = replaceBetween(readme, "bench:scale", scale);
  writeFileSync(README, readme);
  return [file.slice(ROOT.length), "bench/README.md"];
}

function replaceBetween(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker} -->`;
  const end = `<!-- /${marker} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return text;
  return text.slice(0, from + start.length) + "\n" + content + "\n" + text.slice(to);
}
