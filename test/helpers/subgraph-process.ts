import { spawn, type ChildProcess } from "node:child_process";
import type { SubgraphName } from "../../lib/config.js";

/**
 * One subgraph in a process of its own, started as `npm run start:subgraph -- <name>` starts it (subgraphs/main.ts
 * under tsx), so a test can kill it with SIGKILL mid-request and start it again on the same port and Redis.
 */
export interface SubgraphProcess {
  readonly name: SubgraphName;
  readonly url: string;
  /** Starts the process and waits until it answers /health. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, requests in flight are cut, nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM and wait, for the end of a test. */
  stop(): Promise<void>;
  /** The last lines the process wrote, for a failure's message. */
  output(): string;
}

export function subgraphProcess(name: SubgraphName, port: number, env: Record<string, string>): SubgraphProcess {
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  const end = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return {
    name,
    url: `${origin}/graphql`,
    async start() {
      child = spawn(process.execPath, ["--import", "tsx", "subgraphs/main.ts", name], {
        cwd: new URL("../..", import.meta.url).pathname,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          HOST: "127.0.0.1",
          [`${name.toUpperCase()}_PORT`]: String(port),
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", keep);
      child.stderr!.on("data", keep);
      const running = child;
      exited = new Promise((resolve) => running.once("exit", () => resolve()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (running.exitCode !== null) throw new Error(`${name} exited while starting:\n${output}`);
        try {
          const health = await fetch(`${origin}/health`);
          if (health.ok) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`${name} did not answer /health within 60 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
    output: () => output,
  };
}
