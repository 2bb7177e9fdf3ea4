import { performance } from "node:perf_hooks";
import { SubgraphBreaker } from "../gateway/resilience/breaker.js";
import { AttemptSignal, expire } from "../gateway/resilience/attempt-signal.js";
import { RetryBudget } from "../gateway/resilience/retry-budget.js";

// `npx tsx bench/breaker-overhead.ts`: what the gateway's resilience adds to one subgraph fetch, in µs, measured
// around an action that resolves at once (a real fetch costs tens to hundreds of µs more). Not a test: figures vary
// with the machine; the README quotes a run.

const CALLS = 300_000;
const ROUNDS = 5;
const answer = { status: 200, type: "application/json", text: "{}" };
const action = (_a: unknown, _b: unknown, _c: unknown, _d: unknown) => Promise.resolve(answer);

async function perCallUs(name: string, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20_000; i++) await call();
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    rounds.push(((performance.now() - started) * 1000) / CALLS);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)];
  console.log(`${name.padEnd(48)} ${median.toFixed(3)} µs/call`);
  return median;
}

function abortLater(controller: AbortController) {
  controller.abort();
}
function onAbort() {}

const breaker = new SubgraphBreaker({ errorPercent: 50, volumeThreshold: 10, windowMs: 10_000, resetMs: 5_000 }, action, () => {});
const budget = new RetryBudget(10, 3);

const bare = await perCallUs("the action alone", () => action(1, 2, 3, 4));
const fired = await perCallUs("through opossum (SubgraphBreaker.fire)", () => breaker.fire(1, 2, 3, 4));
const aborted = await perCallUs("an AbortSignal timer, listened to as undici does", async () => {
  const controller = new AbortController();
  const timer = setTimeout(abortLater, 2_000, controller);
  controller.signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await action(controller.signal, 2, 3, 4);
  } finally {
    controller.signal.removeEventListener("abort", onAbort);
    clearTimeout(timer);
  }
});
const timed = await perCallUs("the gateway's AttemptSignal timer, listened to", async () => {
  const signal = new AttemptSignal();
  const timer = setTimeout(expire, 2_000, signal);
  signal.once("abort", onAbort);
  try {
    return await action(signal, 2, 3, 4);
  } finally {
    signal.removeListener();
    clearTimeout(timer);
  }
});
const budgeted = await perCallUs("the action and a retry-budget deposit", () => {
  budget.deposit(Date.now());
  return action(1, 2, 3, 4);
});
console.log(
  `\nper fetch: opossum adds ${(fired - bare).toFixed(2)} µs, the attempt timer ${(timed - bare).toFixed(2)} µs ` +
    `(an AbortSignal's ${(aborted - bare).toFixed(2)} µs), the retry budget ${(budgeted - bare).toFixed(2)} µs`,
);
breaker.shutdown();
