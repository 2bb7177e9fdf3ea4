import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { applyCors, corsPolicy, normalizeOrigin } from "../../lib/cors.js";

// Which browser origins may call the graph (lib/cors.ts): CORS_ORIGINS entries and how an Origin header matches them.

const policyOf = (...entries: string[]) => corsPolicy(entries.map((entry) => normalizeOrigin(entry)!));

describe("allow-list entries", () => {
  it.each([
    ["https://Shop.Example.com", "https://shop.example.com"],
    ["https://shop.example.com:443", "https://shop.example.com"],
    ["http://localhost:80", "http://localhost"],
    ["http://localhost:8080", "http://localhost:8080"],
    ["http://localhost:*", "http://localhost:*"],
    ["http://[::1]:3000", "http://[::1]:3000"],
    [" https://kiosk.example.com:8443 ", "https://kiosk.example.com:8443"],
  ])("%s is kept as %s", (entry, normalized) => {
    expect(normalizeOrigin(entry)).toBe(normalized);
  });

  it.each([
    "*",
    "shop.example.com",
    "ftp://shop.example.com",
    "https://shop.example.com/",
    "https://shop.example.com:0",
    "https://shop.example.com:70000",
    "https://user@shop.example.com",
    "https://*.example.com",
  ])("%s is not an origin", (entry) => {
    expect(normalizeOrigin(entry)).toBeNull();
  });
});

describe("matching an Origin header", () => {
  it("matches exact origins only: scheme, host and port", () => {
    const policy = policyOf("https://shop.example.com", "http://localhost:3000")!;
    expect(policy.allows("https://shop.example.com")).toBe(true);
    expect(policy.allows("http://shop.example.com")).toBe(false);
    expect(policy.allows("https://shop.example.com:8443")).toBe(false);
    expect(policy.allows("https://evil-shop.example.com")).toBe(false);
    expect(policy.allows("http://localhost:3000")).toBe(true);
    expect(policy.allows("http://localhost:3001")).toBe(false);
  });

  it("matches any port of a `:*` host, and nothing that merely starts like it", () => {
    const policy = policyOf("http://localhost:*")!;
    for (const origin of ["http://localhost", "http://localhost:1", "http://localhost:65535"])
      expect(policy.allows(origin), origin).toBe(true);
    for (const origin of [
      "http://localhost.evil.com",
      "http://localhostx:80",
      "http://localhost:",
      "http://localhost:80a",
      "https://localhost:3000",
    ])
      expect(policy.allows(origin), origin).toBe(false);
  });

  it("is no policy at all for an empty list", () => {
    expect(corsPolicy([])).toBeNull();
  });
});

describe("answering", () => {
  function request(method: string, origin: string, preflight: boolean, policy = policyOf("https://shop.example.com")) {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse;
    const req = { method, headers: preflight ? { "access-control-request-method": "POST" } : {} } as unknown as IncomingMessage;
    return { outcome: applyCors(policy, origin, req, res), headers };
  }

  it("allows a preflight from an allowed origin with its methods, headers and max age", () => {
    const { outcome, headers } = request("OPTIONS", "https://shop.example.com", true);
    expect(outcome).toBe("preflight-allowed");
    expect(headers["access-control-allow-origin"]).toBe("https://shop.example.com");
    expect(headers["access-control-allow-methods"]).toContain("POST");
    expect(headers["access-control-max-age"]).toBe("600");
    expect(headers.vary).toBe("origin");
  });

  it("refuses a preflight from another origin with no CORS headers, and adds none to its actual requests", () => {
    const preflight = request("OPTIONS", "https://evil.example.com", true);
    expect(preflight.outcome).toBe("preflight-refused");
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const actual = request("POST", "https://evil.example.com", false);
    expect(actual.outcome).toBe("continue");
    expect(Object.keys(actual.headers)).toEqual(["vary"]);
  });

  it("exposes the request id and rate-limit headers to an allowed origin's actual request", () => {
    const { outcome, headers } = request("POST", "https://shop.example.com", false);
    expect(outcome).toBe("continue");
    expect(headers["access-control-expose-headers"]).toContain("x-request-id");
    expect(headers["access-control-expose-headers"]).toContain("RateLimit-Remaining");
  });

  it("allows nothing without a policy", () => {
    expect(request("OPTIONS", "https://shop.example.com", true, null).outcome).toBe("preflight-refused");
  });
});
