// The bench's processes: the subgraphs of a graph (ours, or the public benchmark's), one gateway at a time (ours from
// this checkout or a worktree of --ours-at, or bare @apollo/gateway), and the supergraph copy each gateway serves.
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { demoApiKeyRecords } from "../../lib/auth/api-keys.js";
import { freePort } from "../../lib/redis-server.js";
import type { GraphName } from "../scenarios.js";
import type { RunningGraph } from "./measure.js";
import { GATEWAY_CORE, LOAD_CORE, progress, type BenchRun, type GatewayName } from "./options.js";
import { ROOT, startProcess, waitForHttp, type BenchProcess } from "./proc.js";

/** A worktree of `ref` in `workDir`, sharing this checkout's node_modules: where --ours-at starts our gateway. */
export function checkout(ref: string, workDir: string): string {
  const dir = join(workDir, "ours");
  execFileSync("git", ["worktree", "add", "--detach", dir, ref], { cwd: ROOT, stdio: "ignore" });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Each graph's committed supergraph, whose subgraph URLs the bench rewrites. */
export const SUPERGRAPHS: Record<GraphName, string> = {
  omnigraph: join(ROOT, "schema/supergraph.graphql"),
  public: join(ROOT, "bench/federation/supergraph.graphql"),
};

/** Starts the subgraphs of `graph` in a process of their own, on the load generator's core. */
export async function startGraph(graph: GraphName, bench: BenchRun): Promise<RunningGraph> {
  if (graph === "omnigraph") {
    const env: Record<string, string> = {
      BENCH_JWT_SECRET: bench.jwtSecret,
      BENCH_SERVICE_SECRET: bench.serviceSecret,
      BENCH_SUBGRAPH_MEMO: bench.settings.subgraphMemo ? "1" : "",
      REDIS_URL: "",
    };
    let redis: { url: string; stop(): Promise<void> } | null = null;
    if (bench.settings.scale !== null) {
      const { startScaledRedis } = await import("./scale.js");
      redis = await startScaledRedis(bench.settings.scale, bench.workDir, LOAD_CORE, progress);
      env.REDIS_URL = redis.url;
    }
    const proc = startProcess("bench/processes/subgraphs.ts", { core: LOAD_CORE, env });
    const { urls } = await proc.next<{ urls: Record<string, string> }>("ready");
    return running(graph, urls, proc, bench.workDir, async () => {
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
    if (await Promise.race([up, died])) return running(graph, urls, proc, bench.workDir, () => proc.stop());
    await proc.stop();
    if (tries >= 5) throw new Error(`the public benchmark's subgraphs could not listen (${tries} base ports tried)`);
    progress(`  a port from ${base} was taken; trying another base`);
  }
}

function running(
  graph: GraphName,
  urls: Record<string, string>,
  proc: BenchProcess,
  workDir: string,
  stop: () => Promise<void>,
): RunningGraph {
  const portToName = new Map(Object.entries(urls).map(([name, url]) => [Number(new URL(url).port), name]));
  return {
    urls,
    supergraphPath: supergraphAt(graph, urls, workDir),
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
export async function startGateway(
  name: GatewayName,
  graph: GraphName,
  graphRunning: RunningGraph,
  logFile: string,
  bench: BenchRun,
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
          cwd: bench.oursRoot,
          stdout: logFd,
          nodeArgs: ["--import", pathToFileURL(join(ROOT, "bench/processes/profile-hook.ts")).href],
          env: {
            ...common,
            OMNIGRAPH_ENV: "production",
            // One process on its one pinned core, as bare is: production's default would fork a worker per core.
            WORKERS: "1",
            LOG_LEVEL: "info",
            LOG_FILE: logFile,
            AUTH_JWT_SECRET: bench.jwtSecret,
            SERVICE_TOKEN_SECRET: bench.serviceSecret,
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
            RESPONSE_CACHE: bench.settings.asDeployed ? "on" : "off",
            // Production runs first-party clients on their safelists (PERSISTED_QUERIES require); the bench's operations
            // are ad hoc, and the public benchmark's query is in no manifest, so both gateways run whatever is sent.
            PERSISTED_QUERIES: "allow",
            SUBGRAPH_DEDUP: bench.settings.asDeployed ? "true" : "false",
            // Today's gateway goes where the supergraph copy says; a gateway from before that (--ours-at) took
            // catalog/inventory/customer/order URLs from its config first, so they are given explicitly too.
            ...Object.fromEntries(Object.entries(graphRunning.urls).map(([subgraph, url]) => [`${subgraph.toUpperCase()}_URL`, url])),
          },
        })
      : startProcess("bench/processes/bare-gateway.ts", {
          core: GATEWAY_CORE,
          env: { ...common, SERVICE_TOKEN_SECRET: graph === "omnigraph" ? bench.serviceSecret : "" },
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
function supergraphAt(graph: GraphName, urls: Record<string, string>, workDir: string): string {
  const sdl = readFileSync(SUPERGRAPHS[graph], "utf8").replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (_all, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`,
  );
  const path = join(workDir, `supergraph-${graph}.graphql`);
  writeFileSync(path, sdl);
  return path;
}
