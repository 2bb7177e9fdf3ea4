import { availableParallelism } from "node:os";
import type { LogLevel } from "../logger.js";
import type { Env, Reader } from "./reader.js";

export type Mode = "development" | "test" | "production";

/** The process and its HTTP server: where it listens, what it keeps, what a request may weigh and how long it may take. */
export interface ServerSettings {
  /** OMNIGRAPH_ENV: development (default), test or production. Production refuses unsafe defaults. */
  mode: Mode;
  /** HOST: interface every server binds to. Default 127.0.0.1, so nothing is exposed by accident. */
  host: string;
  /** PORT: the gateway's port. Default 4000. */
  port: number;
  /** SUPERGRAPH_PATH: the composed supergraph the gateway serves. Default schema/supergraph.graphql. */
  supergraphPath: string;
  /**
   * SUPERGRAPH_WATCH: serve a new supergraph as soon as the file changes (an invalid one is refused and logged, and the
   * old one keeps serving); SIGHUP reloads it either way. Default true. A supergraph given in code is never watched.
   */
  supergraphWatch: boolean;
  /**
   * WORKERS: gateway processes sharing the port (node:cluster), so the gateway uses every core. Default one per core
   * in production, 1 otherwise; 1 runs no cluster at all.
   */
  workers: number;
  /**
   * SHUTDOWN_GRACE_MS: after SIGTERM, how long requests in flight may take to finish once readiness fails and the
   * port is closed; then the rest are cut and the process exits. Default 10000.
   */
  shutdownGraceMs: number;
  /** LOG_LEVEL: debug, info (default), warn, error or silent. */
  logLevel: LogLevel;
  /** LOG_FILE: the gateway appends its log lines to this file (created if missing) instead of writing them to stdout. */
  logFile: string | undefined;
  /** REDIS_URL: when set, stores, events and caches live in Redis; when unset, in memory with seeded demo data. */
  redisUrl: string | undefined;
  /** REDIS_CLUSTER_NODES: host:port,host:port… of a Redis Cluster; used instead of REDIS_URL when set. */
  redisClusterNodes: string[] | undefined;
  /** REDIS_KEY_PREFIX: prefix of every key Omnigraph writes. Default "og:". */
  redisKeyPrefix: string;
  /** MAX_BODY_BYTES: largest request body accepted. Default 1048576 (1 MiB). */
  maxBodyBytes: number;
  /** MAX_HEADER_BYTES: largest request line plus headers accepted; larger gets 431. Default 16384 (16 KiB). */
  maxHeaderBytes: number;
  /** HEADERS_TIMEOUT_MS: how long a client may take to send a request's headers; slower gets 408. Default 5000. */
  headersTimeoutMs: number;
  /**
   * REQUEST_TIMEOUT_MS: how long a client may take to send a whole request, headers and body; slower gets 408 and the
   * connection is closed. Working out the answer is not counted. Default 10000; at least HEADERS_TIMEOUT_MS.
   */
  requestTimeoutMs: number;
  /**
   * CORS_ORIGINS: origins browsers may call the gateway's GraphQL paths from, comma-separated, each
   * `scheme://host[:port]` or `scheme://host:*` for any port. Default `http://localhost:*` and `http://127.0.0.1:*` in
   * development and test, none in production.
   */
  corsOrigins: string[];
  /** INTROSPECTION: "true"/"false". Default true, except in production. */
  introspection: boolean;
  /** APOLLO_TELEMETRY_DISABLED: Apollo's own usage phone-home; off unless set to "false". */
  apolloTelemetry: boolean;
}

export function readServerSettings(read: Reader, env: Env): ServerSettings {
  const mode = read.oneOf("OMNIGRAPH_ENV", ["development", "test", "production"] as const, "development");
  const settings: ServerSettings = {
    mode,
    host: read.string("HOST", "127.0.0.1"),
    port: read.port("PORT", 4000),
    supergraphPath: read.string("SUPERGRAPH_PATH", "schema/supergraph.graphql"),
    supergraphWatch: read.bool("SUPERGRAPH_WATCH", true),
    workers: read.int("WORKERS", mode === "production" ? availableParallelism() : 1, 1, 1_024),
    shutdownGraceMs: read.int("SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    logLevel: read.oneOf("LOG_LEVEL", ["debug", "info", "warn", "error", "silent"] as const, "info"),
    logFile: read.filePath("LOG_FILE"),
    redisUrl: read.optionalUrl("REDIS_URL", ["redis:", "rediss:"]),
    redisClusterNodes: read.hostPorts("REDIS_CLUSTER_NODES"),
    redisKeyPrefix: read.string("REDIS_KEY_PREFIX", "og:"),
    maxBodyBytes: read.int("MAX_BODY_BYTES", 1_048_576, 1_024, 100 * 1_048_576),
    maxHeaderBytes: read.int("MAX_HEADER_BYTES", 16_384, 1_024, 1_048_576),
    headersTimeoutMs: read.int("HEADERS_TIMEOUT_MS", 5_000, 100, 600_000),
    requestTimeoutMs: read.int("REQUEST_TIMEOUT_MS", 10_000, 100, 600_000),
    corsOrigins: read.origins("CORS_ORIGINS", mode === "production" ? [] : ["http://localhost:*", "http://127.0.0.1:*"]),
    introspection: read.bool("INTROSPECTION", mode !== "production"),
    apolloTelemetry: env.APOLLO_TELEMETRY_DISABLED === "false",
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (settings.headersTimeoutMs > settings.requestTimeoutMs) {
    read.problems.push(
      `HEADERS_TIMEOUT_MS (${settings.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${settings.requestTimeoutMs})`,
    );
  }
  return settings;
}
