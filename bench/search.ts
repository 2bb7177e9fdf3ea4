import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { IDENTITY_HEADER, signIdentity } from "../lib/auth/internal.js";
import { SalesChannel } from "../lib/channel.js";
import { SUBGRAPH_NAMES } from "../lib/config.js";
import { createRedis } from "../lib/redis.js";
import { freePort, startRedisServer } from "../lib/redis-server.js";
import { catalogSeed } from "../subgraphs/catalog/seed.js";
import { createRedisCatalogStore } from "../subgraphs/catalog/store/redis.js";
import { summarizeAllocations, summarizeProfile } from "./lib/profile.js";
import { canPin, cpuMs, ROOT, startProcess, waitForHttp, type BenchProcess } from "./lib/proc.js";
import { FRESH_PER_ROUND, freshQueries, SEARCH_OPERATIONS, type SearchOperation } from "./search-operations.js";

// `npx tsx bench/search.ts [--scales 1,100] [--rounds 40] [--runs 3] [--warmup 10] [--profile]`: search latency through the
// gateway as the catalog grows. For each scale, separately: a redis-server of its own seeded with the demo catalog at
// that scale (22 000 products at ×100), the catalog subgraph on it and the gateway as processes of their own (response
// cache off, so every request reaches the catalog), then one shopper (one connection) sends rounds of requests: each
// operation of search-operations.ts (searches shoppers repeat) and fresh ones no one sent before in the run (the long
// tail, which no recent answer serves), first for `--warmup` seconds, then `runs` measured runs of `rounds` rounds.
// Reported per run: p50 / p95 / p99 per operation, over all searches, repeated and fresh apart, and over typeahead,
// and the CPU time the catalog subgraph and the gateway spent per request (from /proc, Linux only); and each figure's
// median over the runs. The figures also go to bench/results/search.json (not for a --profile run). --profile CPU-profiles both processes
// over the measured rounds and prints where their time went.

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const SCALES = flag("scales", "1,100").split(",").map(Number);
const ROUNDS = Number(flag("rounds", "40"));
/** Measured windows of `rounds` rounds each, back to back on the same processes; figures are their medians. */
const RUNS = Number(flag("runs", "3"));
// Warm-up by time, as the main bench does: a gateway in service has run its hot paths thousands of times; the first
// few dozen requests after a start measure V8 compiling them. `--warmup 0` measures from the first round after the
// index is built.
const WARMUP_SECONDS = Number(flag("warmup", "10"));
const PROFILE = args.includes("--profile");
const KEY_PREFIX = "bench:";

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** Latency percentiles in ms, to 0.1. */
function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

async function send(url: string, operation: SearchOperation): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  const took = performance.now() - started;
  if (response.status !== 200 || body.errors)
    throw new Error(`${operation.name}: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return took;
}

async function measure(scale: number) {
  const dir = await mkdtemp(join(tmpdir(), "omnigraph-bench-search-"));
  const redis = await startRedisServer({ dir });
  const processes: BenchProcess[] = [];
  try {
    const seedStarted = Date.now();
    const client = createRedis({ url: redis.url, keyPrefix: KEY_PREFIX });
    const seed = catalogSeed({ scale });
    await createRedisCatalogStore(client, { seed });
    await client.quit();
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const secrets = { AUTH_JWT_SECRET: randomBytes(32).toString("hex"), SERVICE_TOKEN_SECRET: randomBytes(32).toString("hex") };
    const catalogPort = await freePort();
    const gatewayPort = await freePort();
    // Only the catalog runs: the operations read nothing else, and the gateway calls a subgraph only when asked.
    const urls = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${name === "catalog" ? catalogPort : 9}/graphql`]),
    );
    const common = { ...secrets, ...urls, OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "warn" };
    processes.push(
      startProcess("subgraphs/main.ts", {
        core: 1,
        nodeArgs: PROFILE ? ["--import", "./bench/processes/profile-hook.ts"] : [],
        args: ["catalog"],
        // Long enough for the warm-up below, which builds the index inside one request.
        env: {
          ...common,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: KEY_PREFIX,
          CATALOG_PORT: String(catalogPort),
          REQUEST_TIMEOUT_MS: "300000",
        },
      }),
    );
    await waitForHttp(`http://127.0.0.1:${catalogPort}/health`);
    // The first search builds the catalog's index from Redis (seconds at ×100): asked of the catalog itself, with the
    // gateway's signed identity, so that no gateway timeout cuts it off; timed apart from the measured requests.
    const firstStarted = performance.now();
    const warm = await fetch(`http://127.0.0.1:${catalogPort}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [IDENTITY_HEADER]: signIdentity(secrets.SERVICE_TOKEN_SECRET, {
          requestId: "bench-search-warm-up",
          viewer: { kind: "anonymous" },
          channel: SalesChannel.WEB,
          storeId: null,
          client: { name: null, version: null },
        }),
      },
      body: JSON.stringify({ query: `{ searchProducts(query: "tee", first: 1) { totalCount } }` }),
    });
    if (warm.status !== 200) throw new Error(`warming the catalog's index answered ${warm.status}: ${await warm.text()}`);
    const firstSearch = performance.now() - firstStarted;
    processes.push(
      startProcess("gateway/main.ts", {
        core: 0,
        nodeArgs: PROFILE ? ["--import", "./bench/processes/profile-hook.ts"] : [],
        env: {
          ...common,
          PORT: String(gatewayPort),
          WORKERS: "1",
          RESPONSE_CACHE: "off",
          PERSISTED_QUERIES: "allow",
          RATE_LIMIT_ANONYMOUS: "100000000",
          COST_LIMIT: "1000000",
        },
      }),
    );
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/health`);
    const url = `http://127.0.0.1:${gatewayPort}/graphql`;

    const fresh = freshQueries(seed.products.map((product) => product.title));
    /** One round: every operation of SEARCH_OPERATIONS, then the fresh ones, each sent once. */
    const round = () => [
      ...SEARCH_OPERATIONS,
      ...Array.from({ length: FRESH_PER_ROUND.search }, fresh.search),
      ...Array.from({ length: FRESH_PER_ROUND.typeahead }, fresh.typeahead),
    ];
    const warmUntil = performance.now() + WARMUP_SECONDS * 1000;
    let warmupRounds = 0;
    for (; warmupRounds === 0 || performance.now() < warmUntil; warmupRounds++) for (const operation of round()) await send(url, operation);
    const [catalog, gateway] = processes;
    if (PROFILE) for (const running of processes) running.child.send({ type: "profile-start" });
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await measureRounds(url, round, catalog.pid, gateway.pid));
    if (PROFILE) {
      for (const [name, running] of [
        ["catalog", catalog],
        ["gateway", gateway],
      ] as const) {
        const path = join(dir, `${name}.cpuprofile`);
        await running.ask({ type: "profile-stop", path }, "profiled");
        console.error(`×${scale} ${name}, measured rounds:\n${summarizeProfile(path, 25)}`);
        const requests = runs.reduce((sum, run) => sum + run.requests, 0);
        console.error(`×${scale} ${name}, allocations:\n${summarizeAllocations(path.replace(/\.cpuprofile$/, ".heapprofile"), requests)}`);
      }
    }
    return {
      scale,
      products: seed.products.length,
      seedSeconds,
      firstSearchMs: Math.round(firstSearch),
      warmupRounds,
      freshRepeats: fresh.repeats,
      median: medianOf(runs),
      runs,
    };
  } finally {
    for (const running of processes) running.child.kill("SIGTERM");
    await Promise.all(processes.map((running) => running.exited));
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `ROUNDS` rounds back to back: latency percentiles by kind and operation, and each process's CPU per request. */
async function measureRounds(url: string, round: () => SearchOperation[], catalogPid: number, gatewayPid: number) {
  const samples = new Map<string, number[]>();
  const kinds = new Map<string, SearchOperation["kind"]>();
  const cpuBefore = [cpuMs(catalogPid), cpuMs(gatewayPid)];
  let requests = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const operation of round()) {
      const took = await send(url, operation);
      if (!samples.has(operation.name)) samples.set(operation.name, []);
      samples.get(operation.name)!.push(took);
      kinds.set(operation.name, operation.kind);
      requests++;
    }
  }
  // CPU per request moves far less than latency when other work shares the machine.
  const perRequest = (pid: number, before: number) => Math.round(((cpuMs(pid) - before) / requests) * 100) / 100;
  const of = (kind: SearchOperation["kind"], which: (name: string) => boolean = () => true) =>
    [...samples].filter(([name]) => kinds.get(name) === kind && which(name)).flatMap(([, list]) => list);
  const isFresh = (name: string) => name.startsWith("fresh ");
  return {
    search: percentiles(of("search")),
    repeatedSearches: percentiles(of("search", (name) => !isFresh(name))),
    freshSearches: percentiles(of("search", isFresh)),
    typeahead: percentiles(of("typeahead")),
    cpuMsPerRequest: { catalog: perRequest(catalogPid, cpuBefore[0]), gateway: perRequest(gatewayPid, cpuBefore[1]) },
    requests,
    operations: Object.fromEntries([...samples].map(([name, list]) => [name, percentiles(list)])),
  };
}

type Run = Awaited<ReturnType<typeof measureRounds>>;

/** Each figure's median over the runs (figure by figure: other work on the machine slows some runs, not every one). */
function medianOf(runs: readonly Run[]) {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const of = (pick: (run: Run) => Percentiles) => ({
    p50: median(runs.map((run) => pick(run).p50)),
    p95: median(runs.map((run) => pick(run).p95)),
    p99: median(runs.map((run) => pick(run).p99)),
  });
  return {
    search: of((run) => run.search),
    repeatedSearches: of((run) => run.repeatedSearches),
    freshSearches: of((run) => run.freshSearches),
    typeahead: of((run) => run.typeahead),
    cpuMsPerRequest: {
      catalog: median(runs.map((run) => run.cpuMsPerRequest.catalog)),
      gateway: median(runs.map((run) => run.cpuMsPerRequest.gateway)),
    },
  };
}

const results = [];
for (const scale of SCALES) {
  const result = await measure(scale);
  results.push(result);
  const { median, runs } = result;
  console.error(
    `×${scale} (${result.products} products), median of ${runs.length} runs: search p50 ${median.search.p50} / ` +
      `p95 ${median.search.p95} / p99 ${median.search.p99} ms (repeated p95 ${median.repeatedSearches.p95}, fresh p95 ` +
      `${median.freshSearches.p95}); typeahead p50 ${median.typeahead.p50} / p95 ${median.typeahead.p95} ms; CPU per request: ` +
      `catalog ${median.cpuMsPerRequest.catalog} ms, gateway ${median.cpuMsPerRequest.gateway} ms; search p95 by run: ` +
      runs.map((run) => run.search.p95).join(", "),
  );
}
const report = {
  measuredAt: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    pinned: canPin ? "gateway on core 0, catalog on core 1; Redis and the shopper not pinned" : "not pinned: taskset is not available",
  },
  settings: { scales: SCALES, rounds: ROUNDS, runs: RUNS, warmupSeconds: WARMUP_SECONDS, connections: 1, profiled: PROFILE },
  results,
};
// A profiled run is slower for it: its figures are printed, not kept.
if (!PROFILE) writeFileSync(join(ROOT, "bench/results/search.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
