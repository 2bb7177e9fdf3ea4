import autocannon from "autocannon";
import { tokenSigner } from "../lib/tokens.js";
import type { Person } from "../scenarios.js";

// The load generator, in its own process (pinned by the bench to the core the gateway does not use): autocannon in a
// closed loop over fixed connections. Every request carries a distinct, freshly signed JWT; every answer is checked
// (HTTP 200, no `errors` member, the golden answer's size) and counted as an error otherwise.

/** One operation of the job: the exact body to send, who sends it, and the size its golden answer has. */
export interface LoadRequest {
  body: string;
  as: Person;
  expectedBytes: number;
}

export interface LoadJob {
  type: "run";
  url: string;
  /** Sent in this order, round and round, by every connection. */
  requests: LoadRequest[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
  jwtSecret: string;
}

export interface LoadResult {
  type: "result";
  requests: number;
  errors: number;
  /** A few of the unexpected answers, to show why errors were counted. */
  samples: string[];
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

function run(job: LoadJob, seconds: number, record: boolean): Promise<LoadResult> {
  const sign = tokenSigner(job.jwtSecret);
  const latencies: number[] = [];
  const samples: string[] = [];
  let errors = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        pipelining: 1,
        duration: seconds,
        timeout: 30,
        requests: job.requests.map((request) => ({
          method: "POST",
          body: request.body,
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            headers: { "content-type": "application/json", authorization: `Bearer ${sign(request.as)}` },
          }),
          onResponse: (status: number, body: string) => {
            const bytes = Buffer.byteLength(body);
            if (status !== 200 || body.includes('"errors":') || bytes !== request.expectedBytes) {
              errors++;
              if (samples.length < 3) samples.push(`HTTP ${status}, ${bytes} bytes: ${body.slice(0, 300)}`);
            }
          },
        })),
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        const elapsed = (performance.now() - started) / 1000;
        const sorted = Float64Array.from(latencies).sort();
        const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : Number.NaN);
        resolve({
          type: "result",
          requests: latencies.length,
          // Connection errors and timeouts never reach onResponse.
          errors: errors + result.errors + result.timeouts,
          samples,
          seconds: elapsed,
          rps: latencies.length / elapsed,
          p50: at(0.5),
          p95: at(0.95),
          p99: at(0.99),
        });
      },
    );
    if (record) instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

process.on("message", (job: LoadJob) => {
  if (job?.type !== "run") return;
  void (async () => {
    try {
      if (job.warmupSeconds > 0) await run(job, job.warmupSeconds, false);
      process.send?.({ type: "measuring" });
      process.send?.(await run(job, job.seconds, true));
    } catch (error) {
      process.send?.({ type: "failed", message: String(error) });
    }
  })();
});
process.send?.({ type: "ready" });
