import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * CORS for browser storefronts calling the graph from another origin. Callers sign in with `authorization` or
 * `x-api-key` headers, never cookies, so no answer carries `access-control-allow-credentials`: a page from an allowed
 * origin can send only the credentials it holds itself, and no browser attaches ambient ones (cookies, HTTP auth) for it.
 */
export interface CorsPolicy {
  /** True when `origin` (the Origin header as sent) is on the allow-list. */
  allows(origin: string): boolean;
}

/** Headers browsers may send: sign-in, client identification, channel, request id and the cost report opt-in. */
export const CORS_ALLOW_HEADERS = [
  "authorization",
  "x-api-key",
  "content-type",
  "apollographql-client-name",
  "apollographql-client-version",
  "x-channel",
  "x-request-id",
  "x-omnigraph-cost",
].join(", ");

/** Headers a page may read: the request id to quote in a support call and the rate-limit state. */
export const CORS_EXPOSE_HEADERS = ["x-request-id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"].join(", ");

export const CORS_ALLOW_METHODS = "GET, POST, OPTIONS";

/** Seconds a browser may reuse a preflight answer: 10 minutes, so a changed allow-list is picked up soon. */
export const CORS_MAX_AGE_SECONDS = 600;

const ORIGIN_PATTERN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/;

/**
 * The allow-list entry `value` in its canonical form (`scheme://host[:port]`, lower case, no default port), or null
 * when it is not an origin. `scheme://host:*` allows every port of that host, the default port included.
 */
export function normalizeOrigin(value: string): string | null {
  const match = ORIGIN_PATTERN.exec(value.trim().toLowerCase());
  if (!match) return null;
  const [, scheme, host, port] = match;
  if (port === undefined || port === "*") return port ? `${scheme}://${host}:*` : `${scheme}://${host}`;
  const number = Number(port);
  if (number < 1 || number > 65_535) return null;
  const isDefault = (scheme === "http" && number === 80) || (scheme === "https" && number === 443);
  return isDefault ? `${scheme}://${host}` : `${scheme}://${host}:${number}`;
}

/** A policy over normalized entries (see normalizeOrigin); null when the list is empty, so callers skip CORS entirely. */
export function corsPolicy(origins: readonly string[]): CorsPolicy | null {
  if (origins.length === 0) return null;
  const exact = new Set<string>();
  // "http://localhost:*" is kept as "http://localhost": an origin matches it bare or followed by ":<digits>".
  const anyPort: string[] = [];
  for (const origin of origins) {
    if (origin.endsWith(":*")) anyPort.push(origin.slice(0, -2));
    else exact.add(origin);
  }
  return {
    allows(origin) {
      // Browsers send the origin serialized in lower case without a default port, so an exact match is enough.
      if (exact.has(origin)) return true;
      for (const base of anyPort) {
        if (!origin.startsWith(base)) continue;
        if (origin.length === base.length) return true;
        if (origin.charCodeAt(base.length) === 58 /* : */ && /^\d{1,5}$/.test(origin.slice(base.length + 1))) return true;
      }
      return false;
    },
  };
}

/**
 * Applies `policy` (null: no origin is allowed) to a request for a GraphQL path that carries an Origin header. Returns "preflight-allowed" or
 * "preflight-refused" when the request is a preflight the caller must answer (204, or 403 without CORS headers);
 * otherwise "continue", after adding the CORS headers of an actual request from an allowed origin.
 */
export function applyCors(
  policy: CorsPolicy | null,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): "continue" | "preflight-allowed" | "preflight-refused" {
  // The answer differs by Origin: a cache in between must not hand one origin's answer to another.
  res.setHeader("vary", "origin");
  const allowed = policy?.allows(origin) ?? false;
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
    if (!allowed) return "preflight-refused";
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-methods", CORS_ALLOW_METHODS);
    res.setHeader("access-control-allow-headers", CORS_ALLOW_HEADERS);
    res.setHeader("access-control-max-age", String(CORS_MAX_AGE_SECONDS));
    return "preflight-allowed";
  }
  if (allowed) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", CORS_EXPOSE_HEADERS);
  }
  return "continue";
}
