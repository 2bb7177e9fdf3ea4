import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  symlinkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { maskTimes, validate } from "./lib/answers.js";
import { measureOnce, round, summarize, type RunFigures, type RunningGraph } from "./lib/measure.js";
import { parseArgs } from "../cli/args.js";
import { planFetchCount } from "./lib/plan.js";
import { summarizeProfile } from "./lib/profile.js";
import { demoApiKeyRecords } from "../lib/auth/api-keys.js";
import { freePort } from "../lib/redis-server.js";
import { canPin, hasProc, ROOT, startProcess, waitForHttp, type BenchProcess } from "./lib/proc.js";
import { describeData, renderTable, updateReadme, type ScenarioFigures } from "./lib/report.js";
import { tokenSigner } from "./lib/tokens.js";
import type { LoadJob } from "./processes/load.js";
import { SCENARIOS, weightedSequence, type GraphName, type Operation, type Scenario } from "./scenarios.js";

// `npm run bench [-- --seconds 8 --warmup 2 --runs 3 --connections 50 --scenarios deep,tiny --scale 10 --update-golden]`
// Every part in its own process: the subgraphs, one gateway at a time (pinned to core 0) and the load generator
// (pinned, with the subgraphs, to core 1). See bench/README.md.

const GATEWAYS = ["omnigraph", "bare"] as const;
type GatewayName = (typeof GATEWAYS)[number];
const GATEWAY_CORE = 0;
const LOAD_CORE = 1;
/** Sequential requests per operation for the exact subgraph-request count. */

const argv = process.argv.slice(2);
/** --update-golden (no value): write bench/golden/ from this run's answers. */
const updateGolden = argv.includes("--update-golden");
/** --real-subgraphs (no value): no memo in front of our subgraphs, so their own cost is in every figure. */
const realSubgraphs = argv.includes("--real-subgraphs");
/**
 * --profile (no value): CPU-profile our gateway's measured window in its last run (a little slower for it); the
 * profile and a summary of its self time per scenario go to bench/results/profiles/ (the .cpuprofile is not committed).
 */
const profile = argv.includes("--profile");
/**
 * --as-deployed (no value): our gateway with its response cache and in-flight dedup on, as deployed; figures go to
 * results/as-deployed.json. Without it both are off: the bench's load is a few people asking the same operations, so
 * they would save nearly every fetch, and both gateways must do the same work to be compared.
 */
const asDeployed = argv.includes("--as-deployed");
const { flags } = parseArgs(
  argv.filter((arg) => !["--update-golden", "--profile", "--real-subgraphs", "--as-deployed"].includes(arg)),
  ["seconds", "warmup", "runs", "connections", "scenarios", "scale", "ours-at"],
);
const number = (name: string, fallback: number, min: number, max: number) => {
  const value = flags[name] === undefined ? fallback : Number(flags[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
};
const settings = {
  seconds: number("seconds", 8, 1, 600),
  warmupSeconds: number("warmup", 2, 0, 60),
  runs: Math.round(number("runs", 3, 1, 20)),
  connections: Math.round(number("connections", 50, 1, 1000)),
  /** Null: the in-memory demo world; N: the demo world ×N on a Redis of the bench's own (1 included). */
  scale: flags.scale === undefined ? null : Math.round(number("scale", 1, 1, 200)),
  /** Memo in front of the subgraphs (bench/processes/subgraphs.ts), unless --real-subgraphs or --scale. */
  subgraphMemo: false,
  /** The commit our gateway was taken from (--ours-at), or null for this checkout. */
  oursAt: null as string | null,
  /** Our gateway's response cache and in-flight dedup on (--as-deployed); off otherwise. */
  asDeployed,
};
const wanted = flags.scenarios ? new Set(String(flags.scenarios).split(",")) : null;
settings.subgraphMemo = settings.scale === null && !realSubgraphs;
const scenarios = SCENARIOS.filter((s) => (wanted ? wanted.has(s.name) : true)).filter(
  (s) => settings.scale === null || s.graph === "omnigraph",
);
if (scenarios.length === 0) {
  console.error(`no such scenario; choose from ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(line + "\n");
/**
 * --ours-at REF: measure our gateway as it was at a git commit (a worktree of it, sharing node_modules) instead of
 * this checkout's, to see what a change bought with today's harness.
 */
const oursAt = flags["ours-at"] ? String(flags["ours-at"]) : null;
const jwtSecret = randomBytes(32).toString("base64url");
const serviceSecret = randomBytes(32).toString("base64url");
const workDir = mkdtempSync(join(tmpdir(), "omnigraph-bench-"));
const oursRoot = oursAt ? checkout(oursAt) : ROOT;
settings.oursAt = oursAt;

function checkout(ref: string): string {
  const dir = join(workDir, "ours");
  execFileSync("git", ["worktree", "add", "--detach", dir, ref], { cwd: ROOT, stdio: "ignore" });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}
const SUPERGRAPHS: Record<GraphName, string> = {
  omnigraph: join(ROOT, "schema/supergraph.graphql"),
  public: join(ROOT, "bench/federation/supergraph.graphql"),
};

async function startGraph(graph: GraphName): Promise<RunningGraph> {
  if (graph === "omnigraph") {
    const env: Record<string, string> = {
      BENCH_JWT_SECRET: jwtSecret,
      BENCH_SERVICE_SECRET: serviceSecret,
      BENCH_SUBGRAPH_MEMO: settings.subgraphMemo ? "1" : "",
      REDIS_URL: "",
    };
    let redis: { url: string; stop(): Promise<void> } | null = null;
    if (settings.scale !== null) {
      const { startScaledRedis } = await import("./lib/scale.js");
      redis = await startScaledRedis(settings.scale, workDir, LOAD_CORE, progress);
      env.REDIS_URL = redis.url;
    }
    const proc = startProcess("bench/processes/subgraphs.ts", { core: LOAD_CORE, env });
    const { urls } = await proc.next<{ urls: Record<string, string> }>("ready");
    return running(graph, urls, proc, async () => {
      await proc.stop();
      await redis?.stop();
    });
  }
  // The public benchmark's subgraphs, unmodified, on four ports from a random base, with the request counter
  // preloaded. Their script takes a base port, not port 0, so another program may hold one of the four: the process
  // then dies at listen, and the next base is tried.
  const names = ["accounts", "products", "inventory", "reviews"];
  for (let tries = 1; ; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const urls = Object.fromEntries(names.map((name, i) => [name, `http://127.0.0.1:${base + i}/graphql`]));
    const proc = startProcess("bench/federation/subgraphs.mjs", {
      core: LOAD_CORE,
      env: { SUBGRAPH_BASE_PORT: String(base) },
      nodeArgs: ["--import", "./bench/processes/count-requests.ts"],
    });
    const died = proc.exited.then(() => false);
    const up = Promise.all(Object.values(urls).map((url) => waitForHttp(url))).then(
      () => true,
      () => false,
    );
    if (await Promise.race([up, died])) return running(graph, urls, proc, () => proc.stop());
    await proc.stop();
    if (tries >= 5) throw new Error(`the public benchmark's subgraphs could not listen (${tries} base ports tried)`);
    progress(`  a port from ${base} was taken; trying another base`);
  }
}

function running(graph: GraphName, urls: Record<string, string>, proc: BenchProcess, stop: () => Promise<void>): RunningGraph {
  const portToName = new Map(Object.entries(urls).map(([name, url]) => [Number(new URL(url).port), name]));
  return {
    urls,
    supergraphPath: supergraphAt(graph, urls),
    process: proc,
    stop,
    async counts() {
      const { counts } = await proc.ask<{ counts: Record<number, number> }>({ type: "counts" }, "counts");
      return Object.fromEntries([...portToName].map(([port, name]) => [name, counts[port] ?? 0]));
    },
  };
}

/**
 * One gateway in its own process on core 0. Ours is the production entry, gateway/main.ts, configured only through
 * its environment as production would be; bare is bench/processes/bare-gateway.ts. Both serve a copy of the supergraph
 * whose subgraph URLs say where the bench started the subgraphs.
 */
async function startGateway(
  name: GatewayName,
  graph: GraphName,
  graphRunning: RunningGraph,
  logFile: string,
): Promise<{ process: BenchProcess; url: string }> {
  const port = await freePort();
  // An older gateway (--ours-at) may log to stdout: that goes to the log file too, as production would redirect it.
  const logFd = openSync(logFile, "a");
  const common = {
    SUPERGRAPH_PATH: graphRunning.supergraphPath,
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: "",
    REDIS_CLUSTER_NODES: "",
  };
  const proc =
    name === "omnigraph"
      ? startProcess("gateway/main.ts", {
          core: GATEWAY_CORE,
          cwd: oursRoot,
          stdout: logFd,
          nodeArgs: ["--import", pathToFileURL(join(ROOT, "bench/processes/profile-hook.ts")).href],
          env: {
            ...common,
            OMNIGRAPH_ENV: "production",
            // One process on its one pinned core, as bare is: production's default would fork a worker per core.
            WORKERS: "1",
            LOG_LEVEL: "info",
            LOG_FILE: logFile,
            AUTH_JWT_SECRET: jwtSecret,
            SERVICE_TOKEN_SECRET: serviceSecret,
            API_KEYS: demoApiKeyRecords()
              .map((key) => [key.kind, key.owner, key.tier, key.hash, key.storeId ?? ""].join(":"))
              .join(";"),
            // Every bench request signs in as one of two demo customers (or none, from one address), thousands a
            // second: limits far above that keep the limiter on the request path, measured, without refusing.
            RATE_LIMIT_PERSON: "100000000",
            RATE_LIMIT_ANONYMOUS: "100000000",
            // Cost is estimated for every operation either way; "deep" (50 orders × lines × variants × 5 stores,
            // ≈ 176 000) and the public benchmark's query (≈ 23 000 with no @listSize on its lists) are stress shapes
            // above the first-party default of 20 000, so the limit is raised rather than the operations refused.
            COST_LIMIT: "1000000",
            // Bare @apollo/gateway has neither a response cache nor dedup: ours is compared without them unless
            // --as-deployed.
            RESPONSE_CACHE: settings.asDeployed ? "on" : "off",
            // Production runs first-party clients on their safelists (PERSISTED_QUERIES require); the bench's operations
            // are ad hoc, and the public benchmark's query is in no manifest, so both gateways run whatever is sent.
            PERSISTED_QUERIES: "allow",
            SUBGRAPH_DEDUP: settings.asDeployed ? "true" : "false",
            // Today's gateway goes where the supergraph copy says; a gateway from before that (--ours-at) took
            // catalog/inventory/customer/order URLs from its config first, so they are given explicitly too.
            ...Object.fromEntries(Object.entries(graphRunning.urls).map(([subgraph, url]) => [`${subgraph.toUpperCase()}_URL`, url])),
          },
        })
      : startProcess("bench/processes/bare-gateway.ts", {
          core: GATEWAY_CORE,
          env: { ...common, SERVICE_TOKEN_SECRET: graph === "omnigraph" ? serviceSecret : "" },
        });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}/graphql`;
  let up = false;
  const died = proc.exited.then((code) => {
    if (!up) throw new Error(`${name} gateway exited (${code}) before serving`);
  });
  await Promise.race([waitForHttp(url), died]);
  up = true;
  return { process: proc, url };
}

/** The supergraph with each subgraph's URL replaced by where the bench started it. */
function supergraphAt(graph: GraphName, urls: Record<string, string>): string {
  const sdl = readFileSync(SUPERGRAPHS[graph], "utf8").replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (_all, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`,
  );
  const path = join(workDir, `supergraph-${graph}.graphql`);
  writeFileSync(path, sdl);
  return path;
}

async function benchScenario(
  scenario: Scenario,
  index: number,
  graphRunning: RunningGraph,
  loader: BenchProcess,
): Promise<ScenarioFigures> {
  const supergraphSdl = readFileSync(SUPERGRAPHS[scenario.graph], "utf8");
  let planned: Map<Operation, number>;
  try {
    planned = new Map(scenario.operations.map((op) => [op, planFetchCount(supergraphSdl, op.query, op.operationName)]));
  } catch (error) {
    return { scenario, problems: [`cannot be planned: ${String(error)}`], figures: {} };
  }
  const sequence = weightedSequence(scenario.operations);
  const plannedPerOperation = sequence.reduce((sum, op) => sum + planned.get(op)!, 0) / sequence.length;
  const figures: Partial<Record<GatewayName, RunFigures[]>> = {};
  const problems: string[] = [];
  const answers: Partial<Record<GatewayName, Map<Operation, unknown>>> = {};
  const answerBytes: Partial<Record<GatewayName, Map<Operation, number>>> = {};
  const logFile = join(workDir, `gateway-${scenario.name}.log`);
  const profilePath = join(workDir, `${scenario.name}.cpuprofile`);
  for (let run = 0; run < settings.runs; run++) {
    // Whoever runs second might inherit a warmer machine: alternate who goes first, run by run and scenario by scenario.
    const order = (run + index) % 2 === 0 ? GATEWAYS : ([...GATEWAYS].reverse() as GatewayName[]);
    for (const name of order) {
      const started = await startGateway(name, scenario.graph, graphRunning, logFile);
      const gw = started.process;
      const url = started.url;
      try {
        if (run === 0) {
          const validation = await validate(url, scenario, graphRunning, planned, {
            countFetches: !(name === "omnigraph" && settings.asDeployed),
            compareGolden: settings.scale === null && !updateGolden,
            sign: tokenSigner(jwtSecret),
          });
          problems.push(...validation.problems.map((p) => `${name}: ${p}`));
          answers[name] = validation.answers;
          if (validation.problems.length > 0) return { scenario, problems, figures: {} };
          answerBytes[name] = validation.bytes;
        }
        const bytes = answerBytes[name]!;
        progress(`  ${scenario.name}: ${name} run ${run + 1}/${settings.runs}`);
        const job: LoadJob = {
          type: "run",
          url,
          requests: sequence.map((op) => ({
            body: JSON.stringify({ query: op.query, operationName: op.operationName }),
            as: op.as,
            expectedBytes: bytes.get(op)!,
          })),
          connections: settings.connections,
          warmupSeconds: settings.warmupSeconds,
          seconds: settings.seconds,
          jwtSecret,
        };
        // Profiled: ours, in the last run (the warmest), measured window only.
        const profiling = profile && name === "omnigraph" && run === settings.runs - 1 ? profilePath : null;
        const result = await measureOnce(url, gw, job, graphRunning, loader, profiling);
        if (result.load.errors > 0) problems.push(`${name}: ${result.load.errors} errors under load, e.g. ${result.load.samples[0]}`);
        (figures[name] ??= []).push(result);
      } finally {
        await gw.stop();
      }
    }
  }
  if (profile && existsSync(profilePath)) {
    mkdirSync(join(ROOT, "bench/results/profiles"), { recursive: true });
    const summary = `${scenario.name}, omnigraph, ${new Date().toISOString()}\n${summarizeProfile(profilePath)}\n`;
    writeFileSync(join(ROOT, `bench/results/profiles/${scenario.name}.txt`), summary);
    copyFileSync(profilePath, join(ROOT, `bench/results/profiles/${scenario.name}.cpuprofile`));
    progress(summary);
  }
  // Both gateways must do the same work: the same answers (times aside).
  for (const op of scenario.operations) {
    if (!isDeepStrictEqual(maskTimes(answers.omnigraph?.get(op)), maskTimes(answers.bare?.get(op)))) {
      problems.push(`${op.name}: omnigraph and bare answered differently`);
    }
  }
  if (updateGolden && scenario.graph === "omnigraph" && settings.scale === null) {
    for (const op of scenario.operations) {
      writeFileSync(join(ROOT, `bench/golden/${op.name}.json`), JSON.stringify({ data: maskTimes(answers.bare?.get(op)) }, null, 1) + "\n");
    }
  }
  const summary: ScenarioFigures["figures"] = {};
  for (const name of GATEWAYS) if (figures[name]) summary[name] = summarize(figures[name]!, round(plannedPerOperation, 2));
  return { scenario, problems, figures: summary };
}

async function main(): Promise<number> {
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pinned: canPin
      ? `gateway on core ${GATEWAY_CORE}; subgraphs and load generator on core ${LOAD_CORE}`
      : "not pinned: taskset is not available",
  };
  if (!hasProc) progress("no /proc here: CPU time and peak RSS are not measured");
  progress(
    `bench: ${scenarios.map((s) => s.name).join(", ")}; ${settings.runs} runs × ${settings.seconds} s (+${settings.warmupSeconds} s warm-up) per gateway, ${settings.connections} connections, ${describeData(settings)}`,
  );
  progress(machine.pinned);
  const loader = startProcess("bench/processes/load.ts", { core: LOAD_CORE });
  await loader.next("ready");
  const results: ScenarioFigures[] = [];
  try {
    for (const graph of ["omnigraph", "public"] as GraphName[]) {
      const mine = scenarios.filter((s) => s.graph === graph);
      if (mine.length === 0) continue;
      progress(`starting the ${graph === "omnigraph" ? "four Omnigraph" : "public benchmark's"} subgraphs...`);
      const graphRunning = await startGraph(graph);
      try {
        for (const scenario of mine) results.push(await benchScenario(scenario, SCENARIOS.indexOf(scenario), graphRunning, loader));
      } finally {
        await graphRunning.stop();
      }
    }
  } finally {
    await loader.stop();
  }
  const report = { measuredAt: new Date().toISOString(), machine, settings, results };
  console.log("");
  console.log(renderTable(report));
  for (const r of results) for (const problem of r.problems) console.log(`PROBLEM ${r.scenario.name}: ${problem}`);
  const written = updateReadme(report);
  console.log(`\nfigures written to ${written.join(" and ")}`);
  if (oursAt) execFileSync("git", ["worktree", "remove", "--force", oursRoot], { cwd: ROOT, stdio: "ignore" });
  rmSync(workDir, { recursive: true, force: true });
  return results.some((r) => r.problems.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
