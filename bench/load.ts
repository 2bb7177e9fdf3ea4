import { performance } from "node:perf_hooks";
import { Pool } from "undici";

export interface LoadOptions {
  /** http://127.0.0.1:port/path — only loopback targets are accepted. */
  url: string;
  /** The exact JSON request body every worker sends, again and again. */
  body: string;
  /** Extra request headers, e.g. a signed-in person's Authorization. */
  headers?: Record<string, string>;
  /** Concurrent workers, each with at most one request in flight (closed loop). */
  connections: number;
  /** How long to keep sending, in seconds. */
  seconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Probe {
  status: number;
  bytes: number;
  /** The parsed response, to show why a scenario is invalid and to compare gateways. */
  json: { data?: unknown; errors?: unknown[] } | null;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function target(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  // A load generator pointed elsewhere would be a small denial of service; refuse rather than trust callers.
  if (!LOOPBACK.has(parsed.hostname)) throw new Error(`load generator only targets loopback, not ${parsed.hostname}`);
  return { origin: parsed.origin, path: parsed.pathname + parsed.search };
}

const HEADERS = { "content-type": "application/json", accept: "application/json" };

// Object keys can only appear unescaped outside string values, so this substring can only be a response's
// `errors` member: a cheap per-response check that avoids parsing ~100 KB bodies on cores the servers share.
const ERRORS_KEY = '"errors":';

/** One request, fully parsed: run once per scenario and gateway before any load, to prove the scenario is valid. */
export async function probe(url: string, body: string, headers: Record<string, string> = {}): Promise<Probe> {
  const { origin, path } = target(url);
  const pool = new Pool(origin, { connections: 1 });
  try {
    const response = await pool.request({ path, method: "POST", headers: { ...HEADERS, ...headers }, body });
    const text = await response.body.text();
    let json: Probe["json"] = null;
    try {
      json = JSON.parse(text) as Probe["json"];
    } catch {
      json = null;
    }
    return { status: response.statusCode, bytes: Buffer.byteLength(text), json };
  } finally {
    await pool.close();
  }
}

/** Closed-loop load: `connections` workers each send, wait for the whole answer, and send again until time is up. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { origin, path } = target(options.url);
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const headers = { ...HEADERS, ...options.headers };
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const response = await pool.request({ path, method: "POST", headers, body: options.body });
        const text = await response.body.text();
        if (response.statusCode !== 200 || text.includes(ERRORS_KEY)) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - sent);
    }
  };

  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    await pool.close();
  }
  // Workers finish their last request after the deadline; divide by the time actually spent, not the nominal one.
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}
