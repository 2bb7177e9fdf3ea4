import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { parseApiKeys, RATE_LIMITS, type ApiKeyRecord } from "./auth/api-keys.js";
import { normalizeOrigin } from "./cors.js";
import type { LogLevel } from "./logger.js";

/** The four subgraphs, in the order they are started and composed. */
export const SUBGRAPH_NAMES = ["catalog", "inventory", "customer", "order"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export type Mode = "development" | "test" | "production";

export interface SubgraphEndpoint {
  /** Port the subgraph listens on when started by `npm start` or `npm run start:subgraph`. */
  port: number;
  /** URL other services use to reach it: <NAME>_URL, else http://HOST:PORT/graphql. */
  url: string;
  /**
   * <NAME>_URL when it is set. Only then does the gateway use a URL of its own for this subgraph: otherwise it goes
   * where the supergraph it serves says, so another team's supergraph is served as written.
   */
  urlOverride: string | undefined;
}

/** Everything Omnigraph can be told from its environment. Read once, by `loadConfig`; nothing else reads env. */
export interface Config {
  /** OMNIGRAPH_ENV: development (default), test or production. Production refuses unsafe defaults. */
  mode: Mode;
  /** HOST: interface every server binds to. Default 127.0.0.1, so nothing is exposed by accident. */
  host: string;
  /** PORT: the gateway's port. Default 4000. */
  port: number;
  /** <NAME>_PORT and <NAME>_URL for catalog, inventory, customer, order. Defaults 4001–4004 on HOST. */
  subgraphs: Record<SubgraphName, SubgraphEndpoint>;
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
  /**
   * SUBGRAPH_TIMEOUT_MS: how long the gateway waits for one subgraph fetch of a query, retries included; a subgraph
   * stops resolving a request older than this unless the gateway says it has longer. Default 2000.
   */
  subgraphTimeoutMs: number;
  /**
   * REQUEST_DEADLINE_MS: how long the gateway works on one query: each subgraph fetch gets what is left of it, at most
   * SUBGRAPH_TIMEOUT_MS, and a part not answered by then is null with SUBGRAPH_TIMEOUT. Default 5000.
   */
  requestDeadlineMs: number;
  /**
   * MUTATION_TIMEOUT_MS: how long the gateway waits for each subgraph fetch of a mutation. Not held to
   * REQUEST_DEADLINE_MS: a client cut off mid-checkout cannot tell whether its order was placed. Default 15000.
   */
  mutationTimeoutMs: number;
  /** Retries of failed subgraph fetches of queries (never of a mutation). */
  retries: RetryConfig;
  /** A circuit breaker per subgraph, or false (BREAKER_ENABLED=false) for none. */
  breaker: BreakerConfig | false;
  /** SUBGRAPH_DEDUP: identical subgraph fetches of queries in flight at once for the same viewer are sent once. Default true. */
  subgraphDedup: boolean;
  /** SUBGRAPH_CONNECTIONS: keep-alive connections the gateway keeps per subgraph. Default 64. */
  subgraphConnections: number;
  /** MAX_BODY_BYTES: largest request body accepted. Default 1048576 (1 MiB). */
  maxBodyBytes: number;
  /**
   * SUBGRAPH_MAX_BODY_BYTES: largest request body a subgraph accepts from the gateway or another service (a valid
   * signed identity): an entity fetch grows with the answer it completes, not with what the client sent. A request
   * without one is held to MAX_BODY_BYTES. Default 16777216 (16 MiB), or MAX_BODY_BYTES when that is larger; never
   * below MAX_BODY_BYTES.
   */
  subgraphMaxBodyBytes: number;
  /**
   * ANONYMOUS_CART_TTL_SECONDS: an anonymous cart nobody has changed for this long is gone (Redis key expiry, renewed
   * by every write; in memory, checked on read). A cart attached to a customer never expires. Default 604800 (7 days).
   */
  anonymousCartTtlSeconds: number;
  /**
   * ANONYMOUS_INTERACTION_TTL_SECONDS: what an anonymous shopper did, held against their cart until the cart is
   * attached to a customer, is dropped once nothing was added for this long. Default 604800 (7 days).
   */
  anonymousInteractionTtlSeconds: number;
  /**
   * CHECKOUT_RECOVERY_INTERVAL_MS: how often each order-subgraph instance's recovery worker looks for checkouts and till
   * sales left half-way (a process died, a step failed) to finish or unwind them. Default 5000.
   */
  checkoutRecoveryIntervalMs: number;
  /**
   * CHECKOUT_RECOVERY_AFTER_MS: how long a checkout or till sale may rest in one step before the recovery worker takes
   * it over (a failed capture is retried sooner, with backoff). A lost idempotency key holds its cart at most about
   * this plus CHECKOUT_RECOVERY_INTERVAL_MS. Default 60000.
   */
  checkoutRecoveryAfterMs: number;
  /**
   * TAX_RATES: the demo tax calculator's sales tax per state, in basis points, e.g. "IL:625,WI:500" (a state may be
   * written with its country, "US-IL"). Ship-to-home is taxed by the shipping address' state, pickup, curbside and till
   * sales by the store's. A state without a rate is not taxed. Default "" (no tax).
   */
  taxRates: Record<string, number>;
  /** LOYALTY_POINT_VALUE_CENTS: what one loyalty point takes off at checkout, in cents. Default 1 (100 points = 1.00). */
  loyaltyPointValueCents: number;
  /**
   * ORDER_CALL_TIMEOUT_MS: the longest the order subgraph waits for one call to another service inside a mutation
   * (prices, stock holds, points holds, staff records). A checkout makes up to five in a row (prices, the pickup store's
   * state, the stock hold, the points hold, the commit), so each is held to at most a sixth of MUTATION_TIMEOUT_MS,
   * and a checkout answers before the gateway gives up on it. Default 2500.
   */
  orderCallTimeoutMs: number;
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
  auth: AuthConfig;
  /** What one operation may ask for, checked before it is planned: its shape. */
  limits: OperationLimitsConfig;
  /** What one operation may ask for, checked before it is planned: the work it makes the subgraphs do. */
  cost: CostConfig;
  /** How many requests each client may make, counted on Redis when configured so every gateway instance shares them. */
  rateLimits: RateLimitConfig;
  /** Automatic persisted queries: how long a registered query is kept and how large one may be. */
  persistedQueries: PersistedQueryConfig;
  /**
   * RESPONSE_CACHE: "on" (default) keeps whole answers of public queries — on Redis when configured, else in memory —
   * evicted by stock events; "off" turns it off (no x-cache header, every query reaches the subgraphs).
   */
  responseCache: ResponseCacheConfig | false;
  /** Subscriptions over SSE (/graphql/stream) and WebSocket (/graphql): their limits, heartbeat and replay. */
  subscriptions: SubscriptionsConfig;
}

/** Subscriptions through the gateway (gateway/subscriptions/). */
export interface SubscriptionsConfig {
  /** SUBSCRIPTIONS_MAX_PER_CONNECTION: active subscriptions on one WebSocket connection (an SSE stream carries one). Default 20. */
  maxPerConnection: number;
  /**
   * SUBSCRIPTIONS_MAX_PER_VIEWER: active subscriptions of one person, API key or anonymous address on one gateway
   * instance, over every connection. Default 50.
   */
  maxPerViewer: number;
  /** SUBSCRIPTION_HEARTBEAT_MS: how often an idle stream gets a comment (SSE) or a ping (WebSocket), so proxies keep it. Default 15000. */
  heartbeatMs: number;
  /**
   * SUBSCRIPTION_REPLAY_MAX: at most this many missed events are replayed to an SSE client that reconnects with
   * Last-Event-ID; without Redis, the last this many events are kept in memory for it. Default 1000.
   */
  replayMax: number;
}

export interface ResponseCacheConfig {
  /** RESPONSE_CACHE_MAX_ENTRIES: answers kept in memory, least recently used dropped first; Redis keeps by max-age. Default 10000. */
  maxEntries: number;
}

/**
 * A subgraph fetch of a query is retried on a connection failure or an HTTP 502, 503 or 504, after a jittered backoff,
 * within its time. Retries are budgeted per subgraph, so a subgraph in trouble is not sent several times its load.
 */
export interface RetryConfig {
  /** RETRY_MAX_ATTEMPTS: retries of one fetch after its first attempt; 0 turns retries off. Default 2. */
  maxAttempts: number;
  /** RETRY_BUDGET_PERCENT: retries per subgraph, as a percentage of its fetches over the last 10 seconds. Default 10. */
  budgetPercent: number;
  /** RETRY_MIN_PER_SECOND: retries per subgraph allowed whatever the traffic, so a quiet gateway can still retry. Default 3. */
  minPerSecond: number;
}

/**
 * Per subgraph: once at least `volumeThreshold` fetches in the window have been made and more than `errorPercent` of
 * them failed (connection failures, timeouts, HTTP 5xx; GraphQL errors in an answer are answers), the breaker opens
 * and fetches fail at once with SUBGRAPH_UNAVAILABLE; after `resetMs` one fetch is let through, and its success
 * closes it.
 */
export interface BreakerConfig {
  /** BREAKER_ERROR_PERCENT: the breaker opens when more than this share of the window's fetches failed (1–99). Default 50. */
  errorPercent: number;
  /** BREAKER_VOLUME_THRESHOLD: fetches in the window before the breaker may open. Default 10. */
  volumeThreshold: number;
  /** BREAKER_WINDOW_MS: the rolling window fetches are counted in. Default 10000. */
  windowMs: number;
  /** BREAKER_RESET_MS: how long an open breaker waits before letting one fetch try the subgraph again. Default 5000. */
  resetMs: number;
}

/**
 * Each client has a token bucket of `limit` requests that refills at `limit` per window: a burst up to the limit, then
 * the steady rate. Defaults are far above what an honest client sends and far below what a script does.
 */
export interface RateLimitConfig {
  /** RATE_LIMIT_WINDOW_SECONDS: the time a drained bucket takes to refill. Default 60. */
  windowSeconds: number;
  /** RATE_LIMIT_ANONYMOUS: requests per window per client address without credentials. Default 600. */
  anonymous: number;
  /** RATE_LIMIT_PERSON: requests per window per signed-in person (customer, associate, agent). Default 1200. */
  person: number;
  /** RATE_LIMIT_KEY_STANDARD / RATE_LIMIT_KEY_HIGH: requests per window per API key of that tier. Default 600 / 6000. */
  keyStandard: number;
  keyHigh: number;
  /** RATE_LIMIT_AUTH_FAILURES: rejected credentials (bad keys, bad tokens) per window per client address. Default 60. */
  authFailures: number;
  /**
   * TRUSTED_PROXIES: addresses or CIDR ranges of the load balancers in front, comma-separated. Only when the direct
   * peer is one of them is X-Forwarded-For read, and then its right-most untrusted address is the client. Default none.
   */
  trustedProxies: string[];
}

export interface PersistedQueryConfig {
  /** PERSISTED_QUERY_TTL_SECONDS: how long a registered query is kept after registration. Default 86400 (a day). */
  ttlSeconds: number;
  /** PERSISTED_QUERY_MAX_BYTES: the largest query text that may be registered. Default 65536 (64 KiB). */
  maxBytes: number;
  /**
   * PERSISTED_QUERIES: what first-party clients (web, mobile, kiosk, associate, callcenter, and callers naming no
   * client) may send. `off`: any operation, no persisted queries; `allow`: any operation, and automatic persisted
   * queries; `require`: only their manifest's operations (schema/manifests/<client>.json), by id or identical body.
   * Default `require` in production, `allow` otherwise.
   */
  mode: PersistedQueryMode;
  /** PERSISTED_QUERIES_PARTNER: the same for partner keys, who write their own operations. Default `allow`. */
  partnerMode: PersistedQueryMode;
  /** PERSISTED_QUERIES_CLIENTS: per-client overrides, `web=require,kiosk=allow`. Default none. */
  clientModes: Record<string, PersistedQueryMode>;
  /** PERSISTED_QUERY_MANIFESTS_DIR: where the clients' manifests are read at start. Default `schema/manifests`. */
  manifestsDir: string;
}

/** How persisted queries apply to a client: see PersistedQueryConfig.mode. */
export type PersistedQueryMode = "off" | "allow" | "require";
export const PERSISTED_QUERY_MODES = ["off", "allow", "require"] as const;

/** Limits on an operation's shape; over one is a 400 whose code names it, and no subgraph is asked. */
export interface OperationLimitsConfig {
  /** LIMIT_MAX_DEPTH: deepest selection nesting (a fragment is not a level of its own). Default 15. */
  maxDepth: number;
  /** LIMIT_MAX_ALIASES: most aliased fields, counted through every fragment spread. Default 30. */
  maxAliases: number;
  /** LIMIT_MAX_TOKENS: most lexical tokens (names, punctuation, values) in a document; parsing stops past it. Default 2000. */
  maxTokens: number;
  /** LIMIT_MAX_ROOT_FIELDS: most top-level fields in one operation, counted through fragments. Default 20. */
  maxRootFields: number;
  /** LIMIT_MAX_DIRECTIVES: most directives (@skip, @include) in one operation. Default 30. */
  maxDirectives: number;
}

/**
 * The cost of an operation is the objects it fetches, weighted by @cost and multiplied by list sizes (lib/cost.ts);
 * above the caller's limit is a 400 COST_LIMIT_EXCEEDED.
 */
export interface CostConfig {
  /** COST_LIMIT: the highest estimated cost of one operation from a first-party client. Default 20000. */
  limit: number;
  /** PARTNER_COST_LIMIT: the same for partner keys and /partner/graphql. Default 5000. */
  partnerLimit: number;
  /** COST_DEFAULT_LIST_SIZE: the size assumed of a list with neither @listSize nor a paging argument. Default 10. */
  defaultListSize: number;
  /**
   * SUBGRAPH_COST_LIMIT: the highest cost a subgraph accepts of one request, measured on its own schema with the
   * entities it was actually sent; it guards a subgraph called around the gateway. Default 100000.
   */
  subgraphLimit: number;
}

export interface AuthConfig {
  /** AUTH_JWT_SECRET: HS256 secret for people's tokens, at least 32 characters. */
  jwtSecret: string | undefined;
  /** AUTH_JWKS_URL: verify people's tokens (RS256/ES256) against this JWKS instead. */
  jwksUrl: string | undefined;
  /** AUTH_ISSUER / AUTH_AUDIENCE: required iss and aud claims. Default "omnigraph" both. */
  issuer: string;
  audience: string;
  /** SERVICE_TOKEN_SECRET: signs the gateway → subgraph identity; every service must share it. 32+ characters. */
  serviceSecret: string | undefined;
  /** API_KEYS: hashed partner and kiosk keys (see lib/auth/api-keys.ts); unset: the demo keys, outside production. */
  apiKeys: ApiKeyRecord[] | undefined;
}

const DEFAULT_PORTS: Record<SubgraphName, number> = { catalog: 4001, inventory: 4002, customer: 4003, order: 4004 };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Validates the whole environment and reports every bad variable at once. */
/** The process's environment: what entry points hand to `loadConfig`, the one place that reads it. */
export function processEnvironment(): Env {
  return process.env;
}

/** @apollo/gateway reads APOLLO_TELEMETRY_DISABLED in its constructor; unless asked for, it must not report to Apollo. */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const mode = read.oneOf("OMNIGRAPH_ENV", ["development", "test", "production"] as const, "development");
  const host = read.string("HOST", "127.0.0.1");
  const port = read.port("PORT", 4000);
  const subgraphs = {} as Record<SubgraphName, SubgraphEndpoint>;
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    const subgraphPort = read.port(`${upper}_PORT`, DEFAULT_PORTS[name]);
    const urlOverride = read.optionalUrl(`${upper}_URL`, ["http:", "https:"]);
    const url = urlOverride ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${subgraphPort}/graphql`;
    subgraphs[name] = { port: subgraphPort, url, urlOverride };
  }
  // Validated even when off, so a typo is reported before someone turns the breaker on.
  const breakerOptions: BreakerConfig = {
    errorPercent: read.int("BREAKER_ERROR_PERCENT", 50, 1, 99),
    volumeThreshold: read.int("BREAKER_VOLUME_THRESHOLD", 10, 1, 1_000_000),
    windowMs: read.int("BREAKER_WINDOW_MS", 10_000, 100, 600_000),
    resetMs: read.int("BREAKER_RESET_MS", 5_000, 10, 600_000),
  };
  const breaker = read.bool("BREAKER_ENABLED", true) && breakerOptions;
  // The size is validated even when off, so a typo is reported before someone turns the cache on.
  const responseCacheOptions: ResponseCacheConfig = { maxEntries: read.int("RESPONSE_CACHE_MAX_ENTRIES", 10_000, 1, 10_000_000) };
  const responseCache = read.oneOf("RESPONSE_CACHE", ["on", "off"] as const, "on") === "on" && responseCacheOptions;
  const config: Config = {
    mode,
    host,
    port,
    subgraphs,
    supergraphPath: read.string("SUPERGRAPH_PATH", "schema/supergraph.graphql"),
    supergraphWatch: read.bool("SUPERGRAPH_WATCH", true),
    workers: read.int("WORKERS", mode === "production" ? availableParallelism() : 1, 1, 1_024),
    shutdownGraceMs: read.int("SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    logLevel: read.oneOf("LOG_LEVEL", ["debug", "info", "warn", "error", "silent"] as const, "info"),
    logFile: read.filePath("LOG_FILE"),
    redisUrl: read.optionalUrl("REDIS_URL", ["redis:", "rediss:"]),
    redisClusterNodes: read.hostPorts("REDIS_CLUSTER_NODES"),
    redisKeyPrefix: read.string("REDIS_KEY_PREFIX", "og:"),
    subgraphTimeoutMs: read.int("SUBGRAPH_TIMEOUT_MS", 2_000, 1, 300_000),
    requestDeadlineMs: read.int("REQUEST_DEADLINE_MS", 5_000, 1, 600_000),
    mutationTimeoutMs: read.int("MUTATION_TIMEOUT_MS", 15_000, 1, 600_000),
    retries: {
      maxAttempts: read.int("RETRY_MAX_ATTEMPTS", 2, 0, 5),
      budgetPercent: read.int("RETRY_BUDGET_PERCENT", 10, 0, 100),
      minPerSecond: read.int("RETRY_MIN_PER_SECOND", 3, 0, 10_000),
    },
    breaker,
    subgraphDedup: read.bool("SUBGRAPH_DEDUP", true),
    subgraphConnections: read.int("SUBGRAPH_CONNECTIONS", 64, 1, 10_000),
    maxBodyBytes: read.int("MAX_BODY_BYTES", 1_048_576, 1_024, 100 * 1_048_576),
    subgraphMaxBodyBytes: read.int("SUBGRAPH_MAX_BODY_BYTES", 16 * 1_048_576, 1_024, 1_024 * 1_048_576),
    anonymousCartTtlSeconds: read.int("ANONYMOUS_CART_TTL_SECONDS", 7 * 86_400, 1, 365 * 86_400),
    anonymousInteractionTtlSeconds: read.int("ANONYMOUS_INTERACTION_TTL_SECONDS", 7 * 86_400, 1, 365 * 86_400),
    checkoutRecoveryIntervalMs: read.int("CHECKOUT_RECOVERY_INTERVAL_MS", 5_000, 10, 3_600_000),
    checkoutRecoveryAfterMs: read.int("CHECKOUT_RECOVERY_AFTER_MS", 60_000, 100, 86_400_000),
    orderCallTimeoutMs: read.int("ORDER_CALL_TIMEOUT_MS", 2_500, 100, 600_000),
    taxRates: taxRatesOf(read.string("TAX_RATES", ""), problems),
    loyaltyPointValueCents: read.int("LOYALTY_POINT_VALUE_CENTS", 1, 1, 10_000),
    maxHeaderBytes: read.int("MAX_HEADER_BYTES", 16_384, 1_024, 1_048_576),
    headersTimeoutMs: read.int("HEADERS_TIMEOUT_MS", 5_000, 100, 600_000),
    requestTimeoutMs: read.int("REQUEST_TIMEOUT_MS", 10_000, 100, 600_000),
    corsOrigins: read.origins("CORS_ORIGINS", mode === "production" ? [] : ["http://localhost:*", "http://127.0.0.1:*"]),
    introspection: read.bool("INTROSPECTION", mode !== "production"),
    apolloTelemetry: env.APOLLO_TELEMETRY_DISABLED === "false",
    auth: {
      jwtSecret: read.secret("AUTH_JWT_SECRET"),
      jwksUrl: read.optionalUrl("AUTH_JWKS_URL", ["https:", "http:"]),
      issuer: read.string("AUTH_ISSUER", "omnigraph"),
      audience: read.string("AUTH_AUDIENCE", "omnigraph"),
      serviceSecret: read.secret("SERVICE_TOKEN_SECRET"),
      apiKeys: undefined,
    },
    limits: {
      maxDepth: read.int("LIMIT_MAX_DEPTH", 15, 1, 1_000),
      maxAliases: read.int("LIMIT_MAX_ALIASES", 30, 0, 10_000),
      maxTokens: read.int("LIMIT_MAX_TOKENS", 2_000, 10, 1_000_000),
      maxRootFields: read.int("LIMIT_MAX_ROOT_FIELDS", 20, 1, 10_000),
      maxDirectives: read.int("LIMIT_MAX_DIRECTIVES", 30, 0, 10_000),
    },
    cost: {
      limit: read.int("COST_LIMIT", 20_000, 1, 1_000_000_000),
      partnerLimit: read.int("PARTNER_COST_LIMIT", 5_000, 1, 1_000_000_000),
      defaultListSize: read.int("COST_DEFAULT_LIST_SIZE", 10, 1, 10_000),
      subgraphLimit: read.int("SUBGRAPH_COST_LIMIT", 100_000, 1, 1_000_000_000),
    },
    rateLimits: {
      windowSeconds: read.int("RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400),
      anonymous: read.int("RATE_LIMIT_ANONYMOUS", 600, 1, 100_000_000),
      person: read.int("RATE_LIMIT_PERSON", 1_200, 1, 100_000_000),
      keyStandard: read.int("RATE_LIMIT_KEY_STANDARD", RATE_LIMITS.standard, 1, 100_000_000),
      keyHigh: read.int("RATE_LIMIT_KEY_HIGH", RATE_LIMITS.high, 1, 100_000_000),
      authFailures: read.int("RATE_LIMIT_AUTH_FAILURES", 60, 1, 100_000_000),
      trustedProxies: read.addresses("TRUSTED_PROXIES"),
    },
    persistedQueries: {
      ttlSeconds: read.int("PERSISTED_QUERY_TTL_SECONDS", 86_400, 1, 30 * 86_400),
      maxBytes: read.int("PERSISTED_QUERY_MAX_BYTES", 65_536, 1_024, 1_048_576),
      mode: read.oneOf("PERSISTED_QUERIES", PERSISTED_QUERY_MODES, mode === "production" ? "require" : "allow"),
      partnerMode: read.oneOf("PERSISTED_QUERIES_PARTNER", PERSISTED_QUERY_MODES, "allow"),
      clientModes: clientModesOf(env.PERSISTED_QUERIES_CLIENTS, problems),
      manifestsDir: read.string("PERSISTED_QUERY_MANIFESTS_DIR", "schema/manifests"),
    },
    responseCache,
    subscriptions: {
      maxPerConnection: read.int("SUBSCRIPTIONS_MAX_PER_CONNECTION", 20, 1, 10_000),
      maxPerViewer: read.int("SUBSCRIPTIONS_MAX_PER_VIEWER", 50, 1, 1_000_000),
      heartbeatMs: read.int("SUBSCRIPTION_HEARTBEAT_MS", 15_000, 100, 600_000),
      replayMax: read.int("SUBSCRIPTION_REPLAY_MAX", 1_000, 0, 100_000),
    },
  };
  if (env.API_KEYS !== undefined && env.API_KEYS.trim() !== "") {
    const parsed = parseApiKeys(env.API_KEYS);
    problems.push(...parsed.problems);
    config.auth.apiKeys = parsed.records;
  }
  // Node refuses a headers timeout longer than the whole request's.
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  }
  // The gateway may forward what a client was allowed to send: a subgraph never takes less from it than clients may send.
  if (config.subgraphMaxBodyBytes < config.maxBodyBytes) {
    if (env.SUBGRAPH_MAX_BODY_BYTES?.trim()) {
      problems.push(`SUBGRAPH_MAX_BODY_BYTES (${config.subgraphMaxBodyBytes}) must not be below MAX_BODY_BYTES (${config.maxBodyBytes})`);
    } else {
      config.subgraphMaxBodyBytes = config.maxBodyBytes;
    }
  }
  if (mode === "production") {
    // Production never runs on generated secrets or demo keys.
    if (!config.auth.jwtSecret && !config.auth.jwksUrl) problems.push("production needs AUTH_JWT_SECRET or AUTH_JWKS_URL");
    if (!config.auth.serviceSecret) problems.push("production needs SERVICE_TOKEN_SECRET");
    if (!config.auth.apiKeys) problems.push("production needs API_KEYS (it never accepts the demo keys)");
    // Signing keys fetched over plain HTTP could be swapped on the way.
    if (config.auth.jwksUrl?.startsWith("http:")) problems.push("AUTH_JWKS_URL must be https in production");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** PERSISTED_QUERIES_CLIENTS: `client=mode` pairs, comma-separated. */
function clientModesOf(value: string | undefined, problems: string[]): Record<string, PersistedQueryMode> {
  const modes: Record<string, PersistedQueryMode> = {};
  for (const pair of (value ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [client, mode] = pair.split("=").map((p) => p.trim());
    if (!client || !(PERSISTED_QUERY_MODES as readonly string[]).includes(mode ?? "")) {
      problems.push(`PERSISTED_QUERIES_CLIENTS entry "${pair}" must be client=off|allow|require`);
      continue;
    }
    modes[client] = mode as PersistedQueryMode;
  }
  return modes;
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(", ")}; got "${value}"`);
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}; got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, 0, 65_535);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    this.problems.push(`${name} must be true or false; got "${value}"`);
    return fallback;
  }

  /** Comma-separated origins (see normalizeOrigin in lib/cors.ts), normalized; `fallback` when unset. */
  origins(name: string, fallback: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => normalizeOrigin(entry) === null);
    if (entries.length === 0 || bad.length > 0) {
      this.problems.push(
        `${name} must be origins like https://shop.example.com or http://localhost:* separated by commas; got "${bad.join(", ") || value}"`,
      );
      return fallback;
    }
    return entries.map((entry) => normalizeOrigin(entry)!);
  }

  /** Comma-separated host:port pairs, or undefined when unset. */
  hostPorts(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const nodes = value
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    if (nodes.length === 0 || nodes.some((n) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(n))) {
      this.problems.push(`${name} must be host:port pairs separated by commas; got "${value}"`);
      return undefined;
    }
    return nodes;
  }

  /** Comma-separated IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8); empty when unset. */
  addresses(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const entries = value
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => {
      const [address, prefix, extra] = entry.split("/");
      const family = isIP(address);
      if (family === 0 || extra !== undefined) return true;
      if (prefix === undefined) return false;
      const bits = Number(prefix);
      return !/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128);
    });
    if (bad.length > 0) {
      this.problems.push(`${name} must be IP addresses or CIDR ranges separated by commas; not "${bad.join('", "')}"`);
      return [];
    }
    return entries;
  }

  /** A secret of at least 32 characters, or undefined when unset. */
  secret(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.length < 32) {
      this.problems.push(`${name} must be at least 32 characters`);
      return undefined;
    }
    return value;
  }

  /** A path to a file (not a directory), or undefined when unset. Whether it can be written is found out on opening. */
  filePath(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.includes("\0") || /[\\/]$/.test(value) || /(^|[\\/])\.{1,2}$/.test(value)) {
      this.problems.push(`${name} must be the path of a file; got "${value}"`);
      return undefined;
    }
    return value;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol)) throw new Error("protocol");
      return value;
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(" or ")} URL; got "${value}"`);
      return undefined;
    }
  }
}

/** TAX_RATES: "IL:625,US-WI:500" → { IL: 625, "US-WI": 500 }; each malformed entry is a problem. */
function taxRatesOf(text: string, problems: string[]): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{2}(?:-[A-Z0-9]{1,3})?):(\d{1,4})$/.exec(part);
    if (match) rates[match[1]!] = Number(match[2]);
    else problems.push(`TAX_RATES: "${part}" is not STATE:basisPoints (e.g. IL:625)`);
  }
  return rates;
}
