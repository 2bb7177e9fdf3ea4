import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { SUBGRAPH_NAMES } from "../../lib/config.js";
import type { TestGraph } from "./graph.js";

/** gateway/main.ts in a process of its own, as production runs it: its log lines, its exit. */
export interface GatewayProcess {
  child: ChildProcess;
  origin: string;
  url: string;
  /** Every line logged so far (stdout, or LOG_FILE when given), parsed. */
  logs(): Record<string, unknown>[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a logged line that satisfies `match`. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

/** A port free right now, for a cluster whose workers must all listen on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whole JSON lines; a line still being written when read is left for the next read. */
const parse = (text: string) =>
  text.split("\n").flatMap((line) => {
    try {
      return line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

/**
 * Starts `npm run start:gateway` (node with tsx, gateway/main.ts) against the test graph's subgraphs, with the test
 * graph's secrets, and waits until it listens.
 */
export async function startGatewayProcess(
  graph: TestGraph,
  options: { args?: string[]; env?: Record<string, string>; port?: number; logFile?: string } = {},
): Promise<GatewayProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    OMNIGRAPH_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(options.port ?? 0),
    LOG_LEVEL: "info",
    AUTH_JWT_SECRET: graph.auth.jwtSecret!,
    SERVICE_TOKEN_SECRET: graph.auth.serviceSecret,
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, graph.subgraphs[name].url])),
    ...(options.logFile ? { LOG_FILE: options.logFile } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "gateway/main.ts", ...(options.args ?? [])], {
    cwd: new URL("../..", import.meta.url).pathname,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const logs = () => {
    if (!options.logFile) return parse(stdout);
    try {
      return parse(readFileSync(options.logFile, "utf8"));
    } catch {
      return [];
    }
  };
  const waitForLog = async (match: (line: Record<string, unknown>) => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    let done = false;
    void exited.then(() => (done = true));
    for (;;) {
      const found = logs().find(match);
      if (found) return found;
      if (done || Date.now() > deadline) {
        throw new Error(
          `gateway process: no such log line${done ? " before it exited" : ""}\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const listening = await waitForLog((line) => line.msg === "gateway listening");
  const url = String(listening.url);
  return { child, origin: url.replace(/\/graphql$/, ""), url, logs, exited, waitForLog };
}
