import type { LoadJob, LoadResult } from "../processes/load.js";
import { cpuMs, peakRssBytes, type BenchProcess } from "./proc.js";
import type { GatewayFigures } from "./report.js";

// One measured run of a gateway under load (its CPU, the load side's, its peak memory, the subgraph requests it
// caused) and the summary of several runs.

/** The bench's subgraphs, started in their own process. */
export interface RunningGraph {
  urls: Record<string, string>;
  /** The supergraph to serve, naming these URLs. */
  supergraphPath: string;
  process: BenchProcess;
  /** Requests each subgraph has received so far, by name. */
  counts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Requests over every subgraph. */
export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export interface RunFigures {
  load: LoadResult;
  gatewayCpuMs: number;
  loadSideCpuMs: number;
  peakRss: number;
  subgraphRequests: number;
}

export async function measureOnce(
  gatewayUrl: string,
  gw: BenchProcess,
  job: LoadJob,
  graphRunning: Pick<RunningGraph, "counts" | "process">,
  loader: BenchProcess,
  profilePath: string | null,
): Promise<RunFigures> {
  const measuring = loader.next("measuring", (job.warmupSeconds + 60) * 1000);
  const finished = loader.next<LoadResult | { type: "failed"; message: string }>("result", (job.warmupSeconds + job.seconds + 120) * 1000);
  loader.child.send({ ...job, url: gatewayUrl });
  await measuring;
  if (profilePath) gw.child.send({ type: "profile-start" });
  const start = {
    gw: cpuMs(gw.pid),
    side: cpuMs(graphRunning.process.pid) + cpuMs(loader.pid),
    counts: total(await graphRunning.counts()),
  };
  const load = (await finished) as LoadResult;
  if (profilePath) await gw.ask({ type: "profile-stop", path: profilePath }, "profiled");
  const end = { gw: cpuMs(gw.pid), side: cpuMs(graphRunning.process.pid) + cpuMs(loader.pid), counts: total(await graphRunning.counts()) };
  return {
    load,
    gatewayCpuMs: end.gw - start.gw,
    loadSideCpuMs: end.side - start.side,
    peakRss: peakRssBytes(gw.pid),
    subgraphRequests: end.counts - start.counts,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function summarize(runs: RunFigures[], planned: number): GatewayFigures {
  const rps = runs.map((r) => r.load.rps);
  const wall = runs.map((r) => r.load.seconds * 1000);
  return {
    rps: Math.round(median(rps)),
    rpsMin: Math.round(Math.min(...rps)),
    rpsMax: Math.round(Math.max(...rps)),
    p50: round(median(runs.map((r) => r.load.p50))),
    p95: round(median(runs.map((r) => r.load.p95))),
    p99: round(median(runs.map((r) => r.load.p99))),
    cpuMsPerRequest: round(median(runs.map((r) => r.gatewayCpuMs / Math.max(1, r.load.requests))), 3),
    gatewayCoreBusy: round(median(runs.map((r, i) => r.gatewayCpuMs / wall[i])), 2),
    loadCoreBusy: round(median(runs.map((r, i) => r.loadSideCpuMs / wall[i])), 2),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRss)) / 1_048_576),
    errors: runs.reduce((sum, r) => sum + r.load.errors, 0),
    requests: runs.reduce((sum, r) => sum + r.load.requests, 0),
    subgraphRequestsPerOperation: round(median(runs.map((r) => r.subgraphRequests / Math.max(1, r.load.requests))), 2),
    planFetchesPerOperation: planned,
    runs: runs.map((r) => Math.round(r.load.rps)),
  };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
