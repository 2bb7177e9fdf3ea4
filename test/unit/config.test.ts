import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { ConfigError, loadConfig } from "../../lib/config.js";

describe("configuration", () => {
  it("starts from documented defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.subgraphs.catalog.url).toBe("http://127.0.0.1:4001/graphql");
    expect(config.subgraphs.order.port).toBe(4004);
    expect(config.redisUrl).toBeUndefined();
    expect(config.apolloTelemetry).toBe(false);
    expect(config.introspection).toBe(true);
    expect(config.logFile).toBeUndefined();
  });

  it("keeps each subgraph's default URL for starting it, but overrides the supergraph's only for an explicit <NAME>_URL", () => {
    const defaults = loadConfig({});
    expect(defaults.subgraphs.inventory).toEqual({ port: 4002, url: "http://127.0.0.1:4002/graphql", urlOverride: undefined });
    const explicit = loadConfig({ INVENTORY_URL: "https://inventory.internal.example/graphql", INVENTORY_PORT: "5002" });
    expect(explicit.subgraphs.inventory).toEqual({
      port: 5002,
      url: "https://inventory.internal.example/graphql",
      urlOverride: "https://inventory.internal.example/graphql",
    });
    expect(explicit.subgraphs.catalog.urlOverride).toBeUndefined();
  });

  it("allows local browser origins in development and test, none in production unless listed", () => {
    expect(loadConfig({}).corsOrigins).toEqual(["http://localhost:*", "http://127.0.0.1:*"]);
    expect(loadConfig({ OMNIGRAPH_ENV: "test" }).corsOrigins).toEqual(["http://localhost:*", "http://127.0.0.1:*"]);
    expect(loadConfig(PRODUCTION).corsOrigins).toEqual([]);
    expect(
      loadConfig({ ...PRODUCTION, CORS_ORIGINS: "https://Shop.Example.com:443, https://kiosk.example.com:8443,http://[::1]:*" })
        .corsOrigins,
    ).toEqual(["https://shop.example.com", "https://kiosk.example.com:8443", "http://[::1]:*"]);
    for (const bad of [
      "*",
      "shop.example.com",
      "https://shop.example.com/path",
      "ftp://shop.example.com",
      "https://*.example.com",
      "http://localhost:99999",
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });

  it("limits header size and read time, with a headers timeout no longer than the whole request's", () => {
    const defaults = loadConfig({});
    expect([defaults.maxHeaderBytes, defaults.headersTimeoutMs, defaults.requestTimeoutMs]).toEqual([16_384, 5_000, 10_000]);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: "20000" })).toThrow(/HEADERS_TIMEOUT_MS .* must not exceed REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ MAX_HEADER_BYTES: "10" })).toThrow(/MAX_HEADER_BYTES/);
  });

  it("holds clients to rate limits a minute long, trusting X-Forwarded-For only from listed proxies", () => {
    const defaults = loadConfig({});
    expect(defaults.rateLimits).toEqual({
      windowSeconds: 60,
      anonymous: 600,
      person: 1_200,
      keyStandard: 600,
      keyHigh: 6_000,
      authFailures: 60,
      trustedProxies: [],
    });
    expect(defaults.persistedQueries).toEqual({
      ttlSeconds: 86_400,
      maxBytes: 65_536,
      mode: "allow",
      partnerMode: "allow",
      clientModes: {},
      manifestsDir: "schema/manifests",
    });
    expect(loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.7,fd00::/8" }).rateLimits.trustedProxies).toEqual([
      "10.0.0.0/8",
      "192.168.1.7",
      "fd00::/8",
    ]);
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "fd00::/129", "10.0.0.0/x"]) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
    for (const [name, bad] of [
      ["RATE_LIMIT_ANONYMOUS", "0"],
      ["RATE_LIMIT_WINDOW_SECONDS", "1.5"],
      ["PERSISTED_QUERY_MAX_BYTES", "10"],
      ["PERSISTED_QUERY_TTL_SECONDS", "-1"],
    ]) {
      expect(() => loadConfig({ [name]: bad }), name).toThrow(new RegExp(name));
    }
  });

  it("gives subgraphs a 16 MiB body limit for signed callers, never below MAX_BODY_BYTES, and anonymous carts and interactions a week", () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      subgraphMaxBodyBytes: 16_777_216,
      anonymousCartTtlSeconds: 604_800,
      anonymousInteractionTtlSeconds: 604_800,
    });
    expect(loadConfig({ MAX_BODY_BYTES: String(32 * 1_048_576) }).subgraphMaxBodyBytes).toBe(32 * 1_048_576);
    expect(
      loadConfig({
        MAX_BODY_BYTES: "2048",
        SUBGRAPH_MAX_BODY_BYTES: "4096",
        ANONYMOUS_CART_TTL_SECONDS: "60",
        ANONYMOUS_INTERACTION_TTL_SECONDS: "30",
      }),
    ).toMatchObject({
      subgraphMaxBodyBytes: 4096,
      anonymousCartTtlSeconds: 60,
      anonymousInteractionTtlSeconds: 30,
    });
    expect(() => loadConfig({ MAX_BODY_BYTES: "8192", SUBGRAPH_MAX_BODY_BYTES: "4096" })).toThrow(
      /SUBGRAPH_MAX_BODY_BYTES \(4096\) must not be below MAX_BODY_BYTES/,
    );
    for (const [name, bad] of [
      ["SUBGRAPH_MAX_BODY_BYTES", "100"],
      ["ANONYMOUS_CART_TTL_SECONDS", "0"],
      ["ANONYMOUS_INTERACTION_TTL_SECONDS", "1.5"],
    ]) {
      expect(() => loadConfig({ [name]: bad }), name).toThrow(new RegExp(name));
    }
  });

  it("sends the gateway's log to LOG_FILE when it names a file", () => {
    expect(loadConfig({ LOG_FILE: "/var/log/omnigraph/gateway.log" }).logFile).toBe("/var/log/omnigraph/gateway.log");
    for (const bad of ["/var/log/omnigraph/", ".", "logs/..", "gateway\0.log"]) {
      expect(() => loadConfig({ LOG_FILE: bad }), bad).toThrow(/LOG_FILE must be the path of a file/);
    }
  });

  it("reloads the supergraph file, runs one worker outside production and one per core in it, and gives shutdown 10 s", () => {
    const config = loadConfig({});
    expect([config.supergraphWatch, config.workers, config.shutdownGraceMs]).toEqual([true, 1, 10_000]);
    expect(loadConfig(PRODUCTION).workers).toBe(availableParallelism());
    const set = loadConfig({ SUPERGRAPH_WATCH: "false", WORKERS: "4", SHUTDOWN_GRACE_MS: "30000" });
    expect([set.supergraphWatch, set.workers, set.shutdownGraceMs]).toEqual([false, 4, 30_000]);
    expect(() => loadConfig({ SUPERGRAPH_WATCH: "sometimes", WORKERS: "0", SHUTDOWN_GRACE_MS: "-5" })).toThrow(
      /SUPERGRAPH_WATCH must be true or false[\s\S]*WORKERS must be an integer from 1[\s\S]*SHUTDOWN_GRACE_MS must be an integer from 0/,
    );
  });

  it("reports every bad variable at once", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", LOG_LEVEL: "chatty", REDIS_URL: "http://nope", CATALOG_URL: "::", SUBGRAPH_TIMEOUT_MS: "-1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of ["PORT", "LOG_LEVEL", "REDIS_URL", "CATALOG_URL", "SUBGRAPH_TIMEOUT_MS"]) expect(problems).toContain(name);
  });

  const PRODUCTION = {
    OMNIGRAPH_ENV: "production",
    AUTH_JWT_SECRET: "a".repeat(32),
    SERVICE_TOKEN_SECRET: "b".repeat(32),
    API_KEYS: `partner:acme:standard:${"c".repeat(64)}`,
  };

  it("turns introspection off in production unless asked for", () => {
    expect(loadConfig(PRODUCTION).introspection).toBe(false);
    expect(loadConfig({ ...PRODUCTION, INTROSPECTION: "true" }).introspection).toBe(true);
  });

  it("refuses to run production on generated secrets or demo keys", () => {
    let error: unknown;
    try {
      loadConfig({ OMNIGRAPH_ENV: "production", AUTH_JWT_SECRET: "too-short" });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("AUTH_JWT_SECRET must be at least 32 characters");
    expect(problems).toContain("SERVICE_TOKEN_SECRET");
    expect(problems).toContain("API_KEYS");
    expect(() => loadConfig({ ...PRODUCTION, AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: "http://idp.example/jwks" })).toThrow(/https/);
  });

  it("reads hashed API keys with their owner, tier and store", () => {
    const config = loadConfig({ API_KEYS: `kiosk:kiosk-07:high:${"d".repeat(64)}:store-07; partner:acme:standard:${"e".repeat(64)}` });
    expect(config.auth.apiKeys).toEqual([
      { kind: "kiosk", owner: "kiosk-07", tier: "high", hash: "d".repeat(64), storeId: "store-07" },
      { kind: "partner", owner: "acme", tier: "standard", hash: "e".repeat(64), storeId: null },
    ]);
    expect(() => loadConfig({ API_KEYS: "kiosk:k:high:abc" })).toThrow(/API_KEYS/);
  });
});

describe("the channel a client name implies", () => {
  it("reads the words of apollographql-client-name", async () => {
    const { channelFromClientName } = await import("../../lib/viewer.js");
    expect(channelFromClientName("omnigraph-ios")).toBe("MOBILE_APP");
    expect(channelFromClientName("android-app")).toBe("MOBILE_APP");
    expect(channelFromClientName("storefront-web-app")).toBe("WEB");
    expect(channelFromClientName("pos-tablet")).toBe("STORE");
    expect(channelFromClientName("call-center-console")).toBe("CALL_CENTER");
    expect(channelFromClientName("lobby-kiosk")).toBe("KIOSK");
    expect(channelFromClientName("happy-path")).toBeNull();
  });
});
