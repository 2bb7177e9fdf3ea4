import type { ServerResponse } from "node:http";
import type { RedisClient } from "../lib/redis.js";
import { sendJson } from "../lib/http.js";

/** What one readiness check found; `detail` is shown to whoever asks /ready (operators and load balancers). */
export interface ReadinessResult {
  ok: boolean;
  detail?: unknown;
}

/**
 * One thing GET /ready asks. A check that is not ok makes the gateway not ready (503): only for what stops it
 * serving at all. Something that degrades answers (a subgraph down, served as partial data) is ok with a detail.
 */
export interface ReadinessCheck {
  name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

/**
 * Redis answers PING within `timeoutMs`. The answer is kept for `cacheMs`, so a load balancer probing every gateway
 * often costs Redis one PING a second per gateway, and a burst of probes waits on one PING.
 */
export function redisReadiness(redis: RedisClient, options: { timeoutMs?: number; cacheMs?: number } = {}): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 500;
  const cacheMs = options.cacheMs ?? 1_000;
  let last: { at: number; result: Promise<ReadinessResult> } | null = null;
  const ping = async (): Promise<ReadinessResult> => {
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new PingTimeout()), timeoutMs);
        }),
      ]);
      return { ok: true, detail: { pingMs: Math.round((performance.now() - started) * 10) / 10 } };
    } catch (error) {
      // Never the client's message: it names Redis's address, and /ready may be reachable from outside.
      return { ok: false, detail: { error: error instanceof PingTimeout ? `no answer to PING within ${timeoutMs} ms` : "PING failed" } };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    name: "redis",
    check() {
      const now = Date.now();
      if (!last || now - last.at >= cacheMs) last = { at: now, result: ping() };
      return last.result;
    },
  };
}

class PingTimeout extends Error {}

/**
 * GET /ready: 200 when every check is ok, 503 otherwise, and 503 at once while the gateway is stopping, so load
 * balancers send it nothing new before it closes its port.
 */
export async function answerReadiness(
  res: ServerResponse,
  checks: readonly ReadinessCheck[],
  stopping: boolean,
  /** Fields shown beside the checks, that never make the gateway unready. */
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (stopping) return sendJson(res, 503, { status: "stopping", ...extra });
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, ReadinessResult]> => {
      try {
        return [c.name, await c.check()];
      } catch {
        return [c.name, { ok: false, detail: { error: "the check failed" } }];
      }
    }),
  );
  const ready = results.every(([, result]) => result.ok);
  sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", ...extra, checks: Object.fromEntries(results) });
}
