import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../lib/logger.js";

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omnigraph-log-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const linesOf = async (file: string) =>
  (await readFile(file, "utf8").catch(() => ""))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Runs a short script in its own Node process, with the repository's TypeScript loader. */
const script = (code: string) =>
  run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: new URL("../..", import.meta.url).pathname });

describe("the gateway's log", () => {
  it("is one JSON object a line, with the child's bindings and errors spelled out", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: "info", write: (line) => lines.push(JSON.parse(line)) });
    logger.debug("not at info");
    logger.child({ service: "gateway" }).child({ requestId: "r-1" }).warn("slow request", { durationMs: 1200 });
    logger.error("masked error", { error: new TypeError("boom") });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "warn", service: "gateway", requestId: "r-1", msg: "slow request", durationMs: 1200 });
    expect(typeof lines[0].time).toBe("string");
    expect(lines[1].error).toMatchObject({ name: "TypeError", message: "boom" });
  });

  it("never writes credentials or contact details, as fields, in headers or in a customer", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", write: (line) => lines.push(line) });
    logger.child({ requestId: "r-2" }).warn("suspicious request", {
      headers: {
        authorization: "Bearer secret-token",
        "x-api-key": "og_live_secret",
        cookie: "session=secret-cookie",
        accept: "application/json",
      },
      email: "ada@example.com",
      customer: { id: "cust-001", phone: "+1 555 0100" },
    });
    expect(lines).toHaveLength(1);
    for (const secret of ["secret-token", "og_live_secret", "secret-cookie", "ada@example.com", "555 0100"])
      expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0])).toMatchObject({
      requestId: "r-2",
      msg: "suspicious request",
      headers: { authorization: "[redacted]", "x-api-key": "[redacted]", accept: "application/json" },
      customer: { id: "cust-001", phone: "[redacted]" },
    });
  });

  it("tells processes apart by their pid, for a gateway running on every core", () => {
    const lines: Record<string, unknown>[] = [];
    createLogger({ level: "info", write: (line) => lines.push(JSON.parse(line)) }).info("gateway listening");
    expect(lines[0]).toMatchObject({ pid: process.pid, level: "info", msg: "gateway listening" });
  });

  it("goes to LOG_FILE in batches rather than one write per line", async () => {
    const file = join(dir, "batched.log");
    const logger = createLogger({ level: "info", file });
    for (let i = 0; i < 5; i++) logger.info("request", { i });
    // Still in the buffer: nothing has been written yet.
    expect(await linesOf(file)).toEqual([]);
    logger.flush();
    expect((await linesOf(file)).map((l) => l.i)).toEqual([0, 1, 2, 3, 4]);
    logger.info("request", { i: 5 });
    // Within the flush interval, without anyone asking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await linesOf(file)).map((l) => l.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("loses no line when the process exits right after logging, by process.exit or a crash", async () => {
    const exited = join(dir, "exit.log");
    await script(
      `import { createLogger } from "./lib/logger.ts";
       const logger = createLogger({ level: "info", file: ${JSON.stringify(exited)} });
       for (let i = 0; i < 2000; i++) logger.info("request", { i });
       logger.info("SIGTERM: stopping");
       process.exit(0);`,
    );
    const lines = await linesOf(exited);
    expect(lines).toHaveLength(2001);
    expect(lines.at(-1)?.msg).toBe("SIGTERM: stopping");

    const crashed = join(dir, "crash.log");
    const crash = script(
      `import { createLogger } from "./lib/logger.ts";
       const logger = createLogger({ level: "info", file: ${JSON.stringify(crashed)} });
       logger.error("about to fail", { step: 1 });
       setTimeout(() => { throw new Error("unexpected"); }, 0);`,
    );
    await expect(crash).rejects.toThrow();
    expect(await linesOf(crashed)).toMatchObject([{ level: "error", msg: "about to fail", step: 1 }]);
  });

  it("refuses at start a LOG_FILE it cannot open", () => {
    expect(() => createLogger({ level: "info", file: join(dir, "no-such-folder", "gateway.log") })).toThrow(/ENOENT/);
  });
});
