import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A port that is free, and whose cluster-bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await tryPort(port)) && (await tryPort(port + 10_000))) return port;
  }
  throw new Error("no free port pair for a cluster node");
}

export interface TestCluster {
  nodes: string[];
  stop(): Promise<void>;
}

/**
 * A real 3-master Redis Cluster of the test's own, on free loopback ports, nothing persisted: redis-server in
 * cluster mode and `redis-cli --cluster create`. Stopped and removed by stop().
 */
export async function startRedisCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "omnigraph-cluster-"));
  const ports: number[] = [];
  while (ports.length < 3) {
    const port = await freeClusterPort();
    if (!ports.includes(port)) ports.push(port);
  }
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        `nodes-${port}.conf`,
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { stdio: "ignore" },
    ),
  );
  const stop = async () => {
    for (const child of children) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; ; i++) {
        try {
          await run("redis-cli", ["-p", String(port), "ping"]);
          break;
        } catch {
          if (i > 100) throw new Error(`cluster node ${port} did not start`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"]);
    for (let i = 0; ; i++) {
      const { stdout } = await run("redis-cli", ["-p", String(ports[0]), "cluster", "info"]);
      if (stdout.includes("cluster_state:ok")) break;
      if (i > 200) throw new Error("cluster did not reach state ok");
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((p) => `127.0.0.1:${p}`), stop };
}
