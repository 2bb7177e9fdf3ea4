import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.js";
import { commaList } from "../../lib/config/reader.js";

// The settings test/unit/config.test.ts leaves out: the subgraphs' own (tax, loyalty), the gateway's way to them
// (retries, breaker, response cache, subscriptions), Redis Cluster nodes and per-client persisted-query modes.

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe("comma-separated settings", () => {
  it("are trimmed entries with empty ones dropped", () => {
    expect(commaList(" a, b,,c ,")).toEqual(["a", "b", "c"]);
    expect(commaList("")).toEqual([]);
  });
});

describe("the subgraphs' own settings", () => {
  it("reads TAX_RATES as basis points per state, with or without its country", () => {
    expect(loadConfig({}).taxRates).toEqual({});
    expect(loadConfig({ TAX_RATES: "IL:625, US-WI:500" }).taxRates).toEqual({ IL: 625, "US-WI": 500 });
    const problems = problemsOf({ TAX_RATES: "IL:625,il:5,WI:6.25,XX" });
    expect(problems).toEqual([
      'TAX_RATES: "il:5" is not STATE:basisPoints (e.g. IL:625)',
      'TAX_RATES: "WI:6.25" is not STATE:basisPoints (e.g. IL:625)',
      'TAX_RATES: "XX" is not STATE:basisPoints (e.g. IL:625)',
    ]);
  });

  it("defaults carts, recovery and calls as documented", () => {
    const config = loadConfig({});
    expect(config.anonymousCartTtlSeconds).toBe(7 * 86_400);
    expect(config.checkoutRecoveryIntervalMs).toBe(5_000);
    expect(config.orderCallTimeoutMs).toBe(2_500);
    expect(config.loyaltyPointValueCents).toBe(1);
    expect(problemsOf({ LOYALTY_POINT_VALUE_CENTS: "0" })[0]).toMatch(/LOYALTY_POINT_VALUE_CENTS must be an integer from 1/);
  });
});

describe("the gateway's way to the subgraphs", () => {
  it("defaults retries and the breaker, and turns the breaker off with BREAKER_ENABLED=false", () => {
    const config = loadConfig({});
    expect(config.retries).toEqual({ maxAttempts: 2, budgetPercent: 10, minPerSecond: 3 });
    expect(config.breaker).toEqual({ errorPercent: 50, volumeThreshold: 10, windowMs: 10_000, resetMs: 5_000 });
    expect(loadConfig({ BREAKER_ENABLED: "false" }).breaker).toBe(false);
  });

  it("checks the breaker's settings even while it is off, so a typo shows before it is turned on", () => {
    expect(problemsOf({ BREAKER_ENABLED: "false", BREAKER_ERROR_PERCENT: "100" })[0]).toMatch(/BREAKER_ERROR_PERCENT/);
    expect(problemsOf({ RESPONSE_CACHE: "off", RESPONSE_CACHE_MAX_ENTRIES: "0" })[0]).toMatch(/RESPONSE_CACHE_MAX_ENTRIES/);
  });

  it("keeps whole answers unless RESPONSE_CACHE is off", () => {
    expect(loadConfig({}).responseCache).toEqual({ maxEntries: 10_000 });
    expect(loadConfig({ RESPONSE_CACHE_MAX_ENTRIES: "50" }).responseCache).toEqual({ maxEntries: 50 });
    expect(loadConfig({ RESPONSE_CACHE: "off" }).responseCache).toBe(false);
    expect(problemsOf({ RESPONSE_CACHE: "sometimes" })[0]).toMatch(/RESPONSE_CACHE must be one of on, off/);
  });

  it("reads subscriptions' limits, heartbeat and replay", () => {
    expect(loadConfig({}).subscriptions).toEqual({ maxPerConnection: 20, maxPerViewer: 50, heartbeatMs: 15_000, replayMax: 1_000 });
    expect(loadConfig({ SUBSCRIPTION_REPLAY_MAX: "0" }).subscriptions.replayMax).toBe(0);
    expect(problemsOf({ SUBSCRIPTION_HEARTBEAT_MS: "10" })[0]).toMatch(/SUBSCRIPTION_HEARTBEAT_MS/);
  });
});

describe("Redis and persisted queries", () => {
  it("reads REDIS_CLUSTER_NODES as host:port pairs", () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: "r1:7000, r2.example:7001" }).redisClusterNodes).toEqual(["r1:7000", "r2.example:7001"]);
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
    expect(problemsOf({ REDIS_CLUSTER_NODES: "r1:7000,r2" })[0]).toMatch(/REDIS_CLUSTER_NODES must be host:port pairs/);
  });

  it("reads PERSISTED_QUERIES_CLIENTS as client=mode pairs and names each bad entry", () => {
    expect(loadConfig({ PERSISTED_QUERIES_CLIENTS: "web=require, kiosk=allow" }).persistedQueries.clientModes).toEqual({
      web: "require",
      kiosk: "allow",
    });
    expect(problemsOf({ PERSISTED_QUERIES_CLIENTS: "web=always,=off,kiosk" })).toEqual([
      'PERSISTED_QUERIES_CLIENTS entry "web=always" must be client=off|allow|require',
      'PERSISTED_QUERIES_CLIENTS entry "=off" must be client=off|allow|require',
      'PERSISTED_QUERIES_CLIENTS entry "kiosk" must be client=off|allow|require',
    ]);
  });

  it("reports every bad variable of every part at once", () => {
    const problems = problemsOf({ PORT: "x", TAX_RATES: "bad", RETRY_MAX_ATTEMPTS: "9", LIMIT_MAX_DEPTH: "0", AUTH_JWT_SECRET: "short" });
    expect(problems.map((problem) => /^\w+/.exec(problem)![0]).sort()).toEqual([
      "AUTH_JWT_SECRET",
      "LIMIT_MAX_DEPTH",
      "PORT",
      "RETRY_MAX_ATTEMPTS",
      "TAX_RATES",
    ]);
  });
});
