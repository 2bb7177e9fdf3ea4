import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signPersonToken } from "../lib/auth/people.js";
import { SUBGRAPH_NAMES } from "../lib/config.js";
import { demoWorld } from "../lib/demo/world.js";
import { freePort, startRedisServer } from "../lib/redis-server.js";

// `npx tsx bench/subscriptions.ts [--subscribers N] [--idle-seconds S]`: what idle subscriptions cost the gateway.
// Redis, the four subgraphs and the gateway each run as a process of their own, as in production; this process holds
// N SSE subscriptions (1 000 by default: agents' consoles following orders) and measures the gateway's process only:
// its RSS and CPU while nothing happens, before, with the subscriptions open (idle for S seconds, 30 by default) and
// after they go. Then one event reaches every subscriber, and the time until the last has it is reported.

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const SUBSCRIBERS = flag("subscribers", 1_000);
const IDLE_SECONDS = flag("idle-seconds", 30);
const ROOT = new URL("..", import.meta.url).pathname;
const CLOCK_TICKS = 100;

const children: ChildProcess[] = [];
function start(script: string[], env: Record<string, string>, waitFor: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ...script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (waitFor.test(output)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${script.join(" ")} exited with ${code}:\n${output.slice(-2000)}`)));
  });
}

/** RSS (MB) and CPU seconds (user + system) of a process, from /proc. */
async function usage(pid: number): Promise<{ rssMb: number; cpuSeconds: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  const stat = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1].split(" ");
  return { rssMb: rssKb / 1024, cpuSeconds: (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS };
}

/** CPU used per second (percent of one core) over `seconds` of nothing happening, and the RSS at the end. */
async function idle(pid: number, seconds: number): Promise<{ rssMb: number; cpuPercent: number }> {
  const before = await usage(pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const after = await usage(pid);
  return {
    rssMb: Math.round(after.rssMb * 10) / 10,
    cpuPercent: Math.round(((after.cpuSeconds - before.cpuSeconds) / seconds) * 1000) / 10,
  };
}

/** An SSE subscription held open; resolves `heard` when a payload arrives. */
async function subscribe(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify(body),
    signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`subscribe answered ${response.status}: ${await response.text()}`);
  const heard = (async () => {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes("event: next")) return Date.now();
    }
    return NaN;
  })().catch(() => NaN);
  return { heard };
}

const dir = await mkdtemp(join(tmpdir(), "omnigraph-bench-subscriptions-"));
const redis = await startRedisServer({ dir });
try {
  const secrets = { AUTH_JWT_SECRET: randomBytes(32).toString("hex"), SERVICE_TOKEN_SECRET: randomBytes(32).toString("hex") };
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
  const common = {
    ...secrets,
    OMNIGRAPH_ENV: "test",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "bench:",
  };
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]));
  const portEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])]));
  await new Promise<void>((resolve, reject) => {
    const seed = spawn(process.execPath, ["--import", "tsx", "cli/seed.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...common },
      stdio: "ignore",
    });
    seed.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seeding exited with ${code}`))));
  });
  for (const name of SUBGRAPH_NAMES) {
    await start(["subgraphs/main.ts", name], { ...common, ...portEnv, ...urls, LOG_LEVEL: "info" }, /subgraph listening/);
  }
  const gatewayPort = await freePort();
  const gateway = await start(
    ["gateway/main.ts"],
    { ...common, ...urls, PORT: String(gatewayPort), LOG_LEVEL: "info", SUBSCRIPTIONS_MAX_PER_VIEWER: String(SUBSCRIBERS) },
    /gateway listening/,
  );
  const origin = `http://127.0.0.1:${gatewayPort}`;
  const pid = gateway.pid!;

  const world = demoWorld();
  const order = world.orders.find(
    (o) =>
      o.customerId && o.fulfillments.length === 1 && o.fulfillments[0].method === "SHIP_TO_HOME" && o.fulfillments[0].status === "PENDING",
  )!;
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  const tokens = await Promise.all(agents.map((a) => signPersonToken(secrets.AUTH_JWT_SECRET, { sub: a.id, role: "agent" })));
  const query = `subscription($id: ID!) { orderUpdated(id: $id) { change order { status } fulfillment { status } } }`;

  // One query and one subscription first, so that what is measured is the subscriptions, not first-use set-up.
  const warm = new AbortController();
  await await subscribe(
    `${origin}/graphql/stream`,
    { query, variables: { id: order.id } },
    { authorization: `Bearer ${tokens[0]}` },
    warm.signal,
  );
  warm.abort();
  // Past the warm-up's JIT and GC: idle means idle.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const before = await idle(pid, Math.min(IDLE_SECONDS, 10));

  const abort = new AbortController();
  const opened: { heard: Promise<number> }[] = [];
  const openStarted = performance.now();
  for (let i = 0; i < SUBSCRIBERS; i += 100) {
    opened.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, SUBSCRIBERS - i) }, (_, j) =>
          subscribe(
            `${origin}/graphql/stream`,
            { query, variables: { id: order.id } },
            { authorization: `Bearer ${tokens[(i + j) % tokens.length]}` },
            abort.signal,
          ),
        ),
      )),
    );
  }
  const openMs = performance.now() - openStarted;
  const held = await idle(pid, IDLE_SECONDS);

  // One event for everyone: the warehouse starts picking.
  const staffToken = await signPersonToken(secrets.AUTH_JWT_SECRET, { sub: agents[0].id, role: "agent" });
  const store = world.associates.find((a) => a.homeStoreId === order.fulfillments[0].originId);
  const mover = store
    ? await signPersonToken(secrets.AUTH_JWT_SECRET, { sub: store.id, role: "associate", storeId: store.homeStoreId! })
    : staffToken;
  const sent = Date.now();
  const moved = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${mover}` },
    body: JSON.stringify({
      query: `mutation($id: ID!) { advanceFulfillment(fulfillmentId: $id, to: PICKING) { userErrors { code } } }`,
      variables: { id: order.fulfillments[0].id },
    }),
  });
  const movedBody = (await moved.json()) as { data?: { advanceFulfillment?: { userErrors: unknown[] } } };
  const heard = await Promise.race([
    Promise.all(opened.map((o) => o.heard)),
    new Promise<number[]>((resolve) => setTimeout(() => resolve([]), 60_000)),
  ]);
  const reached = heard.filter((at) => Number.isFinite(at));
  abort.abort();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const after = await idle(pid, Math.min(IDLE_SECONDS, 10));

  const result = {
    subscribers: SUBSCRIBERS,
    idleSeconds: IDLE_SECONDS,
    openSeconds: Math.round(openMs / 100) / 10,
    gateway: {
      idleBefore: before,
      idleWithSubscriptions: held,
      idleAfter: after,
      rssPerSubscriptionKb: Math.round(((held.rssMb - before.rssMb) * 1024 * 10) / SUBSCRIBERS) / 10,
    },
    event: {
      moved: movedBody.data?.advanceFulfillment?.userErrors?.length === 0,
      reached: reached.length,
      lastAfterMs: reached.length ? Math.max(...reached) - sent : null,
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null)));
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
