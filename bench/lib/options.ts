// The bench's command line: what to run and how long (bench/run.ts), and what one run shares with its parts
// (secrets, the work folder, which checkout our gateway comes from).
import { parseArgs } from "../../cli/args.js";
import type { BenchReport } from "./report.js";
import { SCENARIOS, type Scenario } from "../scenarios.js";

export const GATEWAYS = ["omnigraph", "bare"] as const;
export type GatewayName = (typeof GATEWAYS)[number];
export const GATEWAY_CORE = 0;
export const LOAD_CORE = 1;

export interface BenchOptions {
  settings: BenchReport["settings"];
  scenarios: Scenario[];
  /** --update-golden (no value): write bench/golden/ from this run's answers. */
  updateGolden: boolean;
  /**
   * --profile (no value): CPU-profile our gateway's measured window in its last run (a little slower for it); the
   * profile and a summary of its self time per scenario go to bench/results/profiles/ (the .cpuprofile is not committed).
   */
  profile: boolean;
  /**
   * --ours-at REF: measure our gateway as it was at a git commit (a worktree of it, sharing node_modules) instead of
   * this checkout's, to see what a change bought with today's harness.
   */
  oursAt: string | null;
}

/** What every part of one bench run shares. */
export interface BenchRun extends BenchOptions {
  jwtSecret: string;
  serviceSecret: string;
  /** A temporary folder for supergraph copies, logs and profiles; removed at the end. */
  workDir: string;
  /** Where our gateway is started from: this checkout, or a worktree of --ours-at. */
  oursRoot: string;
}

/** Parses the bench's arguments; prints what is wrong and exits 2 on a bad one. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const updateGolden = argv.includes("--update-golden");
  /** --real-subgraphs (no value): no memo in front of our subgraphs, so their own cost is in every figure. */
  const realSubgraphs = argv.includes("--real-subgraphs");
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
  const oursAt = flags["ours-at"] ? String(flags["ours-at"]) : null;
  settings.oursAt = oursAt;
  return { settings, scenarios, updateGolden, profile, oursAt };
}

/** Progress lines go to stderr, so stdout holds only the report. */
export const progress = (line: string) => process.stderr.write(line + "\n");
