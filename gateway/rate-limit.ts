import type { IncomingMessage, ServerResponse } from "node:http";
import { BlockList, isIP } from "node:net";
import { RateLimiterCompatibleAbstract, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateTier } from "../lib/auth/api-keys.js";
import type { RateLimitConfig } from "../lib/config.js";
import { ErrorCode, OmnigraphError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type { RedisClient } from "../lib/redis.js";
import type { Metrics } from "./metrics.js";

/**
 * What a request is counted against: its API key (at the key's tier), the signed-in person, or — without credentials —
 * the client's address. Rejected credentials are counted per address too, so guessing keys or tokens is slowed down.
 */
export type RateSubject =
  | { kind: "key"; hash: string; tier: RateTier }
  | { kind: "person"; id: string }
  | { kind: "anonymous"; address: string }
  | { kind: "failures"; address: string };

/** One request's standing against its limit, for the RateLimit-* headers. */
export interface RateDecision {
  limit: number;
  remaining: number;
  /** Milliseconds until the whole limit is available again. */
  resetMs: number;
}

/** Over a limit: 429 with Retry-After and the RateLimit-* headers. */
export class RateLimitedError extends OmnigraphError {
  constructor(
    message: string,
    readonly decision: RateDecision,
    /** Milliseconds until one more request is accepted. */
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}

/** The RateLimit-* headers (and Retry-After when refused), in whole seconds rounded up. */
export function writeRateLimitHeaders(res: ServerResponse, decision: RateDecision, retryAfterMs?: number): void {
  res.setHeader("ratelimit-limit", decision.limit);
  res.setHeader("ratelimit-remaining", decision.remaining);
  res.setHeader("ratelimit-reset", Math.ceil(decision.resetMs / 1000));
  if (retryAfterMs !== undefined) res.setHeader("retry-after", Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/**
 * A token bucket per key, kept as one number: the "theoretical arrival time" of GCRA. Each request pushes it one
 * interval (window / limit) into the future; a request is refused when that would put it more than `limit` intervals
 * ahead of now. So a client may burst up to its limit, then gets the steady rate — never twice the limit across a
 * window boundary, as fixed windows allow — and one key is one number with an expiry, whatever the traffic.
 *
 * On Redis it replaces the increment script of rate-limiter-flexible's RateLimiterRedis (its `customIncrTtlLuaScript`
 * option), which calls it with the points to take, the duration, the limit and the duration again, and reads back
 * [points used, milliseconds]: more points used than the limit means refused, and then the milliseconds are the wait
 * for the next token; otherwise the time until the bucket is full again. Times are integer microseconds from Redis's
 * own clock, so every gateway instance counts on one clock and doubles stay exact.
 */
const TOKEN_BUCKET_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
local interval = math.max(1, math.floor(tonumber(ARGV[4]) * 1000000 / limit))
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local ahead = tat + cost * interval - now
if ahead > limit * interval then
  return {limit + cost, math.ceil((ahead - limit * interval) / 1000)}
end
redis.call('SET', KEYS[1], string.format('%.0f', now + ahead), 'PX', math.max(1, math.ceil(ahead / 1000)))
return {math.ceil(ahead / interval), math.ceil(ahead / 1000)}
`;

/**
 * The same bucket in this process: the limiter when there is no Redis, and rate-limiter-flexible's insurance limiter
 * when Redis cannot be reached, so an outage degrades to per-instance counting instead of taking the gateway down.
 * rate-limiter-flexible's own RateLimiterMemory counts fixed windows (and starts a timer per key); this one counts
 * exactly as the Redis script does, so a deployment's limits do not change with its backend.
 */
export class MemoryTokenBucket extends RateLimiterCompatibleAbstract {
  private readonly tats = new Map<string, number>();
  private readonly points: number;
  private readonly intervalUs: number;
  private sweepAt = 10_000;

  constructor(options: { points: number; duration: number; keyPrefix: string }) {
    super();
    // The base class's accessors for these throw until overridden; own properties shadow them. rate-limiter-flexible
    // copies its blocking and smoothing settings onto an insurance limiter, and this bucket uses neither.
    Object.defineProperties(this, {
      keyPrefix: { value: options.keyPrefix },
      blockDuration: { value: 0, writable: true },
      execEvenly: { value: false, writable: true },
    });
    this.points = options.points;
    this.intervalUs = Math.max(1, Math.floor((options.duration * 1_000_000) / options.points));
  }

  /** Takes `cost` tokens: [points used, ms] exactly as the Redis script answers. Synchronous: no I/O. */
  take(key: string, cost = 1, nowUs = Date.now() * 1000): [used: number, ms: number] {
    const tat = Math.max(this.tats.get(key) ?? 0, nowUs);
    const ahead = tat + cost * this.intervalUs - nowUs;
    const burst = this.points * this.intervalUs;
    if (ahead > burst) return [this.points + cost, Math.ceil((ahead - burst) / 1000)];
    this.tats.set(key, nowUs + ahead);
    if (this.tats.size >= this.sweepAt) this.sweep(nowUs);
    return [Math.ceil(ahead / this.intervalUs), Math.ceil(ahead / 1000)];
  }

  /** rate-limiter-flexible's contract: resolves when allowed, rejects with a RateLimiterRes when not. */
  override consume(key: string | number, pointsToConsume = 1): Promise<RateLimiterRes> {
    const [used, ms] = this.take(String(key), pointsToConsume);
    const res = new RateLimiterRes(Math.max(this.points - used, 0), ms, used, false);
    return used > this.points ? Promise.reject(res) : Promise.resolve(res);
  }

  /** Buckets already full again are forgotten; amortised over many requests rather than a timer per key. */
  private sweep(nowUs: number): void {
    for (const [key, tat] of this.tats) if (tat <= nowUs) this.tats.delete(key);
    this.sweepAt = Math.max(10_000, this.tats.size * 2);
  }
}

/** Counts requests per subject; one Redis round trip per request at most, none in memory. */
export interface RateLimits {
  /** The address a request is counted under when it has no credentials (see TRUSTED_PROXIES). */
  clientAddress(req: IncomingMessage): string;
  /** Takes one request from the subject's bucket; throws RateLimitedError when it is empty. */
  take(subject: RateSubject): Promise<RateDecision>;
  /** Throws RateLimitedError when this process already knows the subject is over its limit; no I/O. */
  refuseIfKnownOver(subject: RateSubject): void;
}

type Bucket = { limit: number; windowMs: number; take(key: string): Promise<[used: number, ms: number]> };

const MESSAGES: Record<RateSubject["kind"], string> = {
  key: "Too many requests for this API key; slow down and retry after the Retry-After seconds.",
  person: "Too many requests from this account; slow down and retry after the Retry-After seconds.",
  anonymous: "Too many requests from this address; slow down, sign in or use an API key.",
  failures: "Too many rejected credentials from this address; retry after the Retry-After seconds.",
};

/**
 * Rate limits shared by every gateway instance through Redis (rate-limiter-flexible's RateLimiterRedis, with the
 * token-bucket script above and an in-memory insurance limiter), or counted in this process when there is no Redis.
 */
export function createRateLimits(
  config: RateLimitConfig,
  deps: { redis?: RedisClient | null; logger: Logger; /** Counts refusals by subject kind (GET /metrics). */ metrics?: Metrics },
): RateLimits {
  const trusted = trustedProxyList(config.trustedProxies);
  const bucket = (name: string, limit: number): Bucket => {
    const options = { points: limit, duration: config.windowSeconds, keyPrefix: `gateway:rate:${name}` };
    const memory = new MemoryTokenBucket(options);
    const windowMs = config.windowSeconds * 1000;
    if (!deps.redis) return { limit, windowMs, take: async (key) => memory.take(key) };
    const shared = new RateLimiterRedis({
      ...options,
      storeClient: deps.redis,
      customIncrTtlLuaScript: TOKEN_BUCKET_SCRIPT,
      // While Redis is away, count in memory at once rather than queue behind ioredis's reconnects.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
    let warned = 0;
    return {
      limit,
      windowMs,
      async take(key) {
        try {
          const res = await shared.consume(key);
          return [res.consumedPoints, res.msBeforeNext];
        } catch (refused) {
          if (refused instanceof RateLimiterRes) return [refused.consumedPoints, refused.msBeforeNext];
          // Both Redis and the insurance failed, which the memory bucket never does; let the request through.
          if (Date.now() - warned > 60_000) {
            warned = Date.now();
            deps.logger.warn("rate limiter unavailable", { error: refused });
          }
          return [0, 0];
        }
      },
    };
  };
  const buckets = {
    anonymous: bucket("anonymous", config.anonymous),
    person: bucket("person", config.person),
    failures: bucket("failures", config.authFailures),
    standard: bucket("key-standard", config.keyStandard),
    high: bucket("key-high", config.keyHigh),
  };
  const pick = (subject: RateSubject): [Bucket, string] => {
    switch (subject.kind) {
      case "key":
        return [buckets[subject.tier], subject.hash];
      case "person":
        return [buckets.person, subject.id];
      case "anonymous":
        return [buckets.anonymous, subject.address];
      case "failures":
        return [buckets.failures, subject.address];
    }
  };

  // Subjects refused lately, until their next token: their requests are refused here without asking Redis again.
  const refusedUntil = new Map<string, number>();
  const refuse = (subject: RateSubject, bucket: Bucket, retryAfterMs: number): never => {
    deps.metrics?.rateLimited(subject.kind);
    const resetMs = retryAfterMs + ((bucket.limit - 1) * bucket.windowMs) / bucket.limit;
    throw new RateLimitedError(MESSAGES[subject.kind], { limit: bucket.limit, remaining: 0, resetMs }, retryAfterMs);
  };

  const refuseIfKnownOver = (subject: RateSubject): void => {
    if (refusedUntil.size === 0) return;
    const [bucket, key] = pick(subject);
    const until = refusedUntil.get(`${subject.kind}:${key}`);
    if (until === undefined) return;
    const now = Date.now();
    if (until > now) refuse(subject, bucket, until - now);
    refusedUntil.delete(`${subject.kind}:${key}`);
  };

  return {
    clientAddress: (req) => clientAddress(req, trusted),
    refuseIfKnownOver,
    async take(subject) {
      refuseIfKnownOver(subject);
      const [bucket, key] = pick(subject);
      const [used, ms] = await bucket.take(key);
      if (used > bucket.limit) {
        if (refusedUntil.size > 100_000) refusedUntil.clear();
        refusedUntil.set(`${subject.kind}:${key}`, Date.now() + ms);
        refuse(subject, bucket, ms);
      }
      return { limit: bucket.limit, remaining: Math.max(bucket.limit - used, 0), resetMs: ms };
    },
  };
}

function trustedProxyList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** "::ffff:10.0.0.1" is 10.0.0.1; an IPv6 client is counted by its /64, the block one subscriber gets. */
function normalizeAddress(address: string): string {
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The socket's peer, unless that peer is a trusted proxy: then X-Forwarded-For is read from the right, skipping
 * trusted proxies, and the first address not ours is the client. Addresses left of it were written by the client
 * and are never believed.
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList | null): string {
  const peer = (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:(?=\d+\.)/, "");
  if (!trusted || !isTrusted(trusted, peer)) return normalizeAddress(peer);
  const forwarded = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i].replace(/^::ffff:(?=\d+\.)/, "");
    client = hop;
    if (isIP(hop) === 0 || !isTrusted(trusted, hop)) break;
  }
  return normalizeAddress(isIP(client) === 0 ? peer : client);
}
