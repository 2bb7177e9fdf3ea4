import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import type { Logger } from "../lib/logger.js";

/**
 * `--workers N`: one primary process that only forks, watches and relays, and N workers that each run a whole
 * gateway and share the listening port (node:cluster hands each new connection to the next worker). Workers share
 * nothing in memory: rate limits, persisted queries and the response cache are on Redis when it is configured.
 */

const METRICS_REQUEST = "omnigraph:metrics-request";
const METRICS_ANSWER = "omnigraph:metrics-answer";

interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: number;
}
interface MetricsAnswer {
  type: typeof METRICS_ANSWER;
  id: number;
  text?: string;
  error?: string;
}

export interface PrimaryOptions {
  workers: number;
  /** How long workers may take to finish their requests after SIGTERM (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  logger: Logger;
}

/** A worker that dies this soon after it started counts towards the backoff; one that ran longer starts it afresh. */
const HEALTHY_AFTER_MS = 30_000;
const FIRST_RESTART_MS = 500;
const LONGEST_RESTART_MS = 30_000;

/**
 * Runs the primary: forks the workers, starts another when one dies (after 0.5 s, doubling up to 30 s while they keep
 * dying young, so a broken deployment does not spin), passes SIGTERM, SIGINT and SIGHUP on to every worker, answers
 * workers' requests for the metrics of all of them, and exits when the last worker has stopped: 0 when every worker
 * stopped cleanly.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  const slotOf = new Map<Worker, { slot: number; startedAt: number }>();
  const youngDeaths = new Array<number>(options.workers).fill(0);
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let failedStops = 0;

  const fork = (slot: number) => {
    const worker = cluster.fork();
    slotOf.set(worker, { slot, startedAt: Date.now() });
    worker.on("message", (message: MetricsRequest) => {
      if (message?.type !== METRICS_REQUEST) return;
      aggregator.clusterMetrics().then(
        (text) => reply(worker, { type: METRICS_ANSWER, id: message.id, text }),
        (error: Error) => reply(worker, { type: METRICS_ANSWER, id: message.id, error: error.message }),
      );
    });
  };

  cluster.on("exit", (worker, code, signal) => {
    const started = slotOf.get(worker);
    slotOf.delete(worker);
    if (!started) return;
    if (stopping) {
      if (code !== 0) failedStops++;
      if (slotOf.size === 0) {
        logger.info("every worker has stopped", { failed: failedStops });
        process.exit(failedStops === 0 ? 0 : 1);
      }
      return;
    }
    const { slot, startedAt } = started;
    if (Date.now() - startedAt >= HEALTHY_AFTER_MS) youngDeaths[slot] = 0;
    const delayMs = Math.min(LONGEST_RESTART_MS, FIRST_RESTART_MS * 2 ** youngDeaths[slot]);
    youngDeaths[slot]++;
    logger.error("worker died; starting another", { workerPid: worker.process.pid, code, signal, restartInMs: delayMs });
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork(slot);
    }, delayMs);
    restarts.add(timer);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: stopping workers now`);
      for (const worker of slotOf.keys()) worker.process.kill("SIGKILL");
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: stopping ${slotOf.size} workers`);
    for (const timer of restarts) clearTimeout(timer);
    if (slotOf.size === 0) process.exit(0);
    // Each worker stops as a lone gateway would: readiness fails, it stops accepting, its requests finish.
    for (const worker of slotOf.keys()) worker.process.kill("SIGTERM");
    setTimeout(() => {
      logger.error("workers did not stop in time: killing them", { graceMs: options.graceMs });
      for (const worker of slotOf.keys()) worker.process.kill("SIGKILL");
      process.exit(1);
    }, options.graceMs + 5_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => {
    logger.info("SIGHUP: workers reload the supergraph");
    for (const worker of slotOf.keys()) worker.process.kill("SIGHUP");
  });

  for (let slot = 0; slot < options.workers; slot++) fork(slot);
  logger.info("gateway primary started", { workers: options.workers });
}

function reply(worker: Worker, answer: MetricsAnswer): void {
  if (worker.isConnected()) worker.send(answer);
}

let nextRequest = 0;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

/**
 * In a worker: the metrics of every worker, summed by the primary (prom-client's AggregatorRegistry), so a scrape of
 * any worker sees the whole gateway. Counters and histograms add up; breaker state shows the most open.
 */
export function clusterMetricsText(timeoutMs = 5_000): Promise<string> {
  if (!process.listeners("message").includes(onAnswer as never)) process.on("message", onAnswer);
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`the primary did not answer for the cluster's metrics within ${timeoutMs} ms`));
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    process.send!({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
  });
}

function onAnswer(message: MetricsAnswer): void {
  if (message?.type !== METRICS_ANSWER) return;
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  clearTimeout(waiting.timer);
  if (message.text !== undefined) waiting.resolve(message.text);
  else waiting.reject(new Error(message.error ?? "no metrics"));
}
