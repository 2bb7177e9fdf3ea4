// One scenario, both gateways: its operations planned and their answers checked against each other and the golden
// files, then each gateway measured run by run (who goes first alternating), profiled on request.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { maskTimes, validate } from "./answers.js";
import { measureOnce, round, summarize, type RunFigures, type RunningGraph } from "./measure.js";
import { GATEWAYS, progress, type BenchRun, type GatewayName } from "./options.js";
import { planFetchCount } from "./plan.js";
import { ROOT, type BenchProcess } from "./proc.js";
import { SUPERGRAPHS, startGateway } from "./processes.js";
import { summarizeProfile } from "./profile.js";
import type { ScenarioFigures } from "./report.js";
import { tokenSigner } from "./tokens.js";
import type { LoadJob } from "../processes/load.js";
import { weightedSequence, type Operation, type Scenario } from "../scenarios.js";

/** Measures `scenario` (the `index`th of all) on both gateways, against the graph already running. */
export async function benchScenario(
  scenario: Scenario,
  index: number,
  graphRunning: RunningGraph,
  loader: BenchProcess,
  bench: BenchRun,
): Promise<ScenarioFigures> {
  const { settings, updateGolden, profile, jwtSecret, workDir } = bench;
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
      const started = await startGateway(name, scenario.graph, graphRunning, logFile, bench);
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
