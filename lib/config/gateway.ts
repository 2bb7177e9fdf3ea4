import type { Reader } from "./reader.js";

/** How the gateway reaches the subgraphs (time, retries, breakers, connections) and what it keeps for clients (cache, subscriptions). */
export interface GatewaySettings {
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

export function readGatewaySettings(read: Reader): GatewaySettings {
  // Validated even when off, so a typo is reported before someone turns the breaker on.
  const breakerOptions: BreakerConfig = {
    errorPercent: read.int("BREAKER_ERROR_PERCENT", 50, 1, 99),
    volumeThreshold: read.int("BREAKER_VOLUME_THRESHOLD", 10, 1, 1_000_000),
    windowMs: read.int("BREAKER_WINDOW_MS", 10_000, 100, 600_000),
    resetMs: read.int("BREAKER_RESET_MS", 5_000, 10, 600_000),
  };
  // The size is validated even when off, so a typo is reported before someone turns the cache on.
  const responseCacheOptions: ResponseCacheConfig = { maxEntries: read.int("RESPONSE_CACHE_MAX_ENTRIES", 10_000, 1, 10_000_000) };
  return {
    subgraphTimeoutMs: read.int("SUBGRAPH_TIMEOUT_MS", 2_000, 1, 300_000),
    requestDeadlineMs: read.int("REQUEST_DEADLINE_MS", 5_000, 1, 600_000),
    mutationTimeoutMs: read.int("MUTATION_TIMEOUT_MS", 15_000, 1, 600_000),
    retries: {
      maxAttempts: read.int("RETRY_MAX_ATTEMPTS", 2, 0, 5),
      budgetPercent: read.int("RETRY_BUDGET_PERCENT", 10, 0, 100),
      minPerSecond: read.int("RETRY_MIN_PER_SECOND", 3, 0, 10_000),
    },
    breaker: read.bool("BREAKER_ENABLED", true) && breakerOptions,
    subgraphDedup: read.bool("SUBGRAPH_DEDUP", true),
    subgraphConnections: read.int("SUBGRAPH_CONNECTIONS", 64, 1, 10_000),
    responseCache: read.oneOf("RESPONSE_CACHE", ["on", "off"] as const, "on") === "on" && responseCacheOptions,
    subscriptions: {
      maxPerConnection: read.int("SUBSCRIPTIONS_MAX_PER_CONNECTION", 20, 1, 10_000),
      maxPerViewer: read.int("SUBSCRIPTIONS_MAX_PER_VIEWER", 50, 1, 1_000_000),
      heartbeatMs: read.int("SUBSCRIPTION_HEARTBEAT_MS", 15_000, 100, 600_000),
      replayMax: read.int("SUBSCRIPTION_REPLAY_MAX", 1_000, 0, 100_000),
    },
  };
}
