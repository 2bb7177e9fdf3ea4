import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startRedisServer, type OwnRedisServer } from "../../lib/redis-server.js";

/**
 * Vitest global setup: a redis-server of the suite's own on a free loopback port, with nothing persisted, stopped at
 * the end — or REDIS_URL when the caller gives one. Tests never flush it: each uses a key prefix of its own.
 */
let server: OwnRedisServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.REDIS_URL) {
    project.provide("redisUrl", process.env.REDIS_URL);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), "omnigraph-redis-"));
  server = await startRedisServer({ dir });
  project.provide("redisUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
