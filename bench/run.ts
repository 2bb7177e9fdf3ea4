import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { GATEWAY_CORE, LOAD_CORE, parseBenchOptions, progress, type BenchRun } from "./lib/options.js";
import { canPin, hasProc, ROOT, startProcess } from "./lib/proc.js";
import { checkout, startGraph } from "./lib/processes.js";
import { describeData, renderTable, updateReadme, type ScenarioFigures } from "./lib/report.js";
import { benchScenario } from "./lib/scenario-run.js";
import { SCENARIOS, type GraphName } from "./scenarios.js";

// `npm run bench [-- --seconds 8 --warmup 2 --runs 3 --connections 50 --scenarios deep,tiny --scale 10 --update-golden]`
// Every part in its own process: the subgraphs, one gateway at a time (pinned to core 0) and the load generator
// (pinned, with the subgraphs, to core 1). See bench/README.md. The arguments: bench/lib/options.ts.

const options = parseBenchOptions(process.argv.slice(2));
const { settings, scenarios, oursAt } = options;
const workDir = mkdtempSync(join(tmpdir(), "omnigraph-bench-"));
const bench: BenchRun = {
  ...options,
  jwtSecret: randomBytes(32).toString("base64url"),
  serviceSecret: randomBytes(32).toString("base64url"),
  workDir,
  oursRoot: oursAt ? checkout(oursAt, workDir) : ROOT,
};
const { oursRoot } = bench;

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
      const graphRunning = await startGraph(graph, bench);
      try {
        for (const scenario of mine) results.push(await benchScenario(scenario, SCENARIOS.indexOf(scenario), graphRunning, loader, bench));
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
