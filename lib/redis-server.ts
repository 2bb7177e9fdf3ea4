import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface OwnRedisServer {
  url: string;
  /** Stops the server; what it held is gone (nothing is persisted). */
  stop(): Promise<void>;
}

/**
 * A redis-server of the caller's own on a free loopback port, keeping nothing on disk, for the test suite and the
 * bench (never for serving): the caller stops it, so it never touches a Redis it did not start. `prefix` runs it
 * under another command, e.g. `["taskset", "-c", "1"]` to pin it to a core.
 */
export async function startRedisServer(options: { dir: string; prefix?: string[] }): Promise<OwnRedisServer> {
  const port = await freePort();
  const args = ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", options.dir];
  const [command, ...rest] = [...(options.prefix ?? []), ...args];
  const child = spawn(command, rest, { stdio: "ignore" });
  let spawnError: Error | null = null;
  child.once("error", (error) => (spawnError = error));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || spawnError) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitForPing(port, child, () => spawnError);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

async function waitForPing(port: number, child: ChildProcess, spawnError: () => Error | null): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const failed = spawnError();
    if (failed) throw new Error(`redis-server could not be started (is it installed and on the PATH?): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (is it installed and on the PATH?)`);
    const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined); // refused while the server starts: the loop tries again
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
  throw new Error("redis-server did not answer within 10 s");
}
