import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The project root: every bench process runs from there so `tsx` and node_modules resolve alike. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** Whether `taskset` can pin processes to cores here (Linux with util-linux); the report says when it cannot. */
export const canPin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

export interface BenchProcess {
  child: ChildProcess;
  pid: number;
  /** Settles with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Sends an IPC message and waits for the reply of the given type. */
  ask<T>(message: Record<string, unknown>, replyType: string, timeoutMs?: number): Promise<T>;
  /** Waits for one IPC message of the given type. */
  next<T>(type: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script>` with an IPC channel, pinned to `core` when taskset exists. */
export function startProcess(
  script: string,
  options: {
    core: number;
    env?: Record<string, string>;
    args?: string[];
    nodeArgs?: string[];
    /** Where the script is run from (its node_modules resolve there); the project root by default. */
    cwd?: string;
    /** A file descriptor for the process's stdout (a gateway that logs to stdout); inherited by default. */
    stdout?: number;
  },
): BenchProcess {
  const nodeArgs = ["--import", "tsx", ...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
  const [command, args] = canPin ? ["taskset", ["-c", String(options.core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(command, args as string[], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", options.stdout ?? "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<string, Array<(message: unknown) => void>>();
  child.on("message", (message: { type?: string }) => {
    const queue = waiting.get(message?.type ?? "");
    const resolve = queue?.shift();
    resolve?.(message);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const next = <T>(type: string, timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
      const done = (message: unknown) => {
        clearTimeout(timer);
        resolve(message as T);
      };
      waiting.set(type, [...(waiting.get(type) ?? []), done]);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}) before sending "${type}"`));
      });
    });
  return {
    child,
    exited,
    // With taskset the child is taskset's exec'd node: same pid.
    pid: child.pid!,
    next,
    ask: <T>(message: Record<string, unknown>, replyType: string, timeoutMs?: number) => {
      const reply = next<T>(replyType, timeoutMs);
      child.send(message);
      return reply;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Whether /proc can be read for CPU time and peak RSS (Linux). */
export const hasProc = (() => {
  try {
    readFileSync(`/proc/${process.pid}/status`, "utf8");
    return true;
  } catch {
    return false;
  }
})();

/** CPU time the process has used so far (user + system, all threads), in milliseconds. */
export function cpuMs(pid: number): number {
  if (!hasProc) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which may contain spaces, in parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The process's peak resident set size (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  if (!hasProc) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Polls a URL until it answers at all (any HTTP status), or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(error)}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
