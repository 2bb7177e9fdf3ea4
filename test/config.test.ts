import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../lib/config.js";

describe("configuration", () => {
  it("starts from documented defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.subgraphs.catalog.url).toBe("http://127.0.0.1:4001/graphql");
    expect(config.subgraphs.order.port).toBe(4004);
    expect(config.redisUrl).toBeUndefined();
    expect(config.apolloTelemetry).toBe(false);
    expect(config.introspection).toBe(true);
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

  it("turns introspection off in production unless asked for", () => {
    expect(loadConfig({ OMNIGRAPH_ENV: "production" }).introspection).toBe(false);
    expect(loadConfig({ OMNIGRAPH_ENV: "production", INTROSPECTION: "true" }).introspection).toBe(true);
  });
});
