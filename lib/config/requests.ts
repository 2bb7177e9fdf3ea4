import { RATE_LIMITS } from "../auth/api-keys.js";
import { commaList, type Env, type Reader } from "./reader.js";
import type { Mode } from "./server.js";

/** What one client may send: the shape and cost of an operation, how often, and which operations (persisted queries). */
export interface RequestSettings {
  /** What one operation may ask for, checked before it is planned: its shape. */
  limits: OperationLimitsConfig;
  /** What one operation may ask for, checked before it is planned: the work it makes the subgraphs do. */
  cost: CostConfig;
  /** How many requests each client may make, counted on Redis when configured so every gateway instance shares them. */
  rateLimits: RateLimitConfig;
  /** Automatic persisted queries: how long a registered query is kept and how large one may be. */
  persistedQueries: PersistedQueryConfig;
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

export function readRequestSettings(read: Reader, env: Env, mode: Mode): RequestSettings {
  return {
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
      clientModes: clientModesOf(env.PERSISTED_QUERIES_CLIENTS, read.problems),
      manifestsDir: read.string("PERSISTED_QUERY_MANIFESTS_DIR", "schema/manifests"),
    },
  };
}

/** PERSISTED_QUERIES_CLIENTS: `client=mode` pairs, comma-separated. */
function clientModesOf(value: string | undefined, problems: string[]): Record<string, PersistedQueryMode> {
  const modes: Record<string, PersistedQueryMode> = {};
  for (const pair of commaList(value ?? "")) {
    const [client, mode] = pair.split("=").map((p) => p.trim());
    if (!client || !(PERSISTED_QUERY_MODES as readonly string[]).includes(mode ?? "")) {
      problems.push(`PERSISTED_QUERIES_CLIENTS entry "${pair}" must be client=off|allow|require`);
      continue;
    }
    modes[client] = mode as PersistedQueryMode;
  }
  return modes;
}
