import { GraphQLError } from "graphql";

/**
 * Every error code a client can see. Thrown errors carry one in `extensions.code`; the gateway masks any error
 * whose code is not listed here (and logs the original), so a new failure mode must be named before it is shown.
 */
export enum ErrorCode {
  /** No valid credentials were presented, or they expired. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** The viewer is known but may not do this. */
  FORBIDDEN = "FORBIDDEN",
  /** The object does not exist, or the viewer may not know that it exists. */
  NOT_FOUND = "NOT_FOUND",
  /** An argument is malformed or out of range. */
  BAD_USER_INPUT = "BAD_USER_INPUT",
  /** The HTTP request itself is malformed (body not JSON, missing query). */
  BAD_REQUEST = "BAD_REQUEST",
  /** The operation nests selections deeper than LIMIT_MAX_DEPTH (HTTP 400); nothing was planned or fetched. */
  MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED",
  /** The operation uses more aliases than LIMIT_MAX_ALIASES, counted through its fragments (HTTP 400). */
  MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED",
  /** The document has more lexical tokens than LIMIT_MAX_TOKENS (HTTP 400); parsing stopped there. */
  MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED",
  /** The operation asks for more top-level fields than LIMIT_MAX_ROOT_FIELDS (HTTP 400). */
  MAX_ROOT_FIELDS_EXCEEDED = "MAX_ROOT_FIELDS_EXCEEDED",
  /** The operation uses more directives than LIMIT_MAX_DIRECTIVES (HTTP 400). */
  MAX_DIRECTIVES_EXCEEDED = "MAX_DIRECTIVES_EXCEEDED",
  /**
   * The operation's estimated cost (objects fetched, weighted by list sizes) is above the caller's limit: COST_LIMIT,
   * or PARTNER_COST_LIMIT for partners; at a subgraph, SUBGRAPH_COST_LIMIT (HTTP 400). Ask for smaller pages.
   */
  COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED",
  /**
   * Too many requests from this API key, person or address (HTTP 429); Retry-After says when to try again and the
   * RateLimit-* headers show the limit.
   */
  RATE_LIMITED = "RATE_LIMITED",
  /** The request claims a staff channel (STORE, CALL_CENTER) that its credentials do not allow (HTTP 403). */
  CHANNEL_NOT_ALLOWED = "CHANNEL_NOT_ALLOWED",
  /** A persisted-query registration whose query text is larger than PERSISTED_QUERY_MAX_BYTES (HTTP 400); not stored. */
  PERSISTED_QUERY_TOO_LARGE = "PERSISTED_QUERY_TOO_LARGE",
  /** A persisted-query registration whose sha256Hash is not the SHA-256 of its query text (HTTP 400); not stored. */
  PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH",
  /** A persisted query of a version other than 1, or with a malformed persistedQuery extension (HTTP 400). */
  PERSISTED_QUERY_VERSION_NOT_SUPPORTED = "PERSISTED_QUERY_VERSION_NOT_SUPPORTED",
  /** The request body is larger than MAX_BODY_BYTES (HTTP 413); it was not read to the end. */
  BODY_TOO_LARGE = "BODY_TOO_LARGE",
  /** The request line and headers are larger than MAX_HEADER_BYTES (HTTP 431). */
  HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE",
  /** The request's headers or body did not arrive within HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS (HTTP 408). */
  REQUEST_TIMEOUT = "REQUEST_TIMEOUT",
  /** A browser preflight from an origin that is not in CORS_ORIGINS (HTTP 403, no CORS headers). */
  ORIGIN_NOT_ALLOWED = "ORIGIN_NOT_ALLOWED",
  /**
   * Part of the graph could not be reached, or keeps failing and is given a rest by its circuit breaker (BREAKER_*);
   * the rest of the answer stands.
   */
  SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE",
  /** Part of the graph did not answer in time (SUBGRAPH_TIMEOUT_MS, REQUEST_DEADLINE_MS); the rest of the answer stands. */
  SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT",
  /**
   * A mutation was sent to the subgraph that makes the change, but its answer never came (MUTATION_TIMEOUT_MS passed,
   * or the connection dropped after the request went out): the change may or may not have happened. Retrying with the
   * same idempotency key is safe and answers what happened. A mutation that failed before it was sent keeps
   * SUBGRAPH_UNAVAILABLE: nothing changed.
   */
  MUTATION_OUTCOME_UNKNOWN = "MUTATION_OUTCOME_UNKNOWN",
  /** @defer in a mutation or subscription (HTTP 400): only queries are delivered in parts. */
  DEFER_NOT_SUPPORTED = "DEFER_NOT_SUPPORTED",
  /**
   * A subscription over SUBSCRIPTIONS_MAX_PER_CONNECTION on one WebSocket, or over SUBSCRIPTIONS_MAX_PER_VIEWER for
   * one viewer on one gateway: end one first.
   */
  SUBSCRIPTION_LIMIT_REACHED = "SUBSCRIPTION_LIMIT_REACHED",
  /** This gateway hears no domain events (no Redis and no event bus), so it cannot serve subscriptions. */
  SUBSCRIPTIONS_UNAVAILABLE = "SUBSCRIPTIONS_UNAVAILABLE",
  /**
   * The client's persisted-query mode refuses the operation (HTTP 400): under `require`, one not in its manifest or an
   * automatic registration; under `off`, any persisted query.
   */
  PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED",
  /** Something failed that the client cannot fix; the details are in the server log under the request id. */
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
  // Codes produced by GraphQL servers themselves, passed through unchanged.
  GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED",
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED",
  OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE",
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** True when `code` is one the gateway may show to clients. */
export function isClientSafeCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && knownCodes.has(code);
}

/** The base of every error Omnigraph throws on purpose: a message for the client and a code in extensions. */
export class OmnigraphError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = "OmnigraphError";
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class UnauthenticatedError extends OmnigraphError {
  constructor(message = "Sign in to do this.") {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends OmnigraphError {
  constructor(message = "You are not allowed to do this.") {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends OmnigraphError {
  constructor(what: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${what} "${id}" was not found.`);
  }
}

export class BadUserInputError extends OmnigraphError {
  constructor(message: string, field?: readonly string[]) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
  }
}

/** What a client may see of an error: extensions it may read, everything else dropped. */
const CLIENT_EXTENSIONS = new Set(["code", "field", "requestId"]);

/**
 * Apollo `formatError` for every server: an error with a known code keeps its message and client-safe extensions;
 * anything else becomes INTERNAL_SERVER_ERROR and the original goes to the log. No stack, URL or service name leaks.
 */
export function maskError(
  formatted: { message: string; locations?: readonly unknown[]; path?: readonly (string | number)[]; extensions?: Record<string, unknown> },
  original: unknown,
  onMasked: (original: unknown, formatted: unknown) => void,
): { message: string; locations?: readonly unknown[]; path?: readonly (string | number)[]; extensions: Record<string, unknown> } {
  const code = formatted.extensions?.code;
  const base = { locations: formatted.locations, path: formatted.path };
  if (!isClientSafeCode(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) {
    onMasked(original, formatted);
    return { ...base, message: "Internal server error.", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(formatted.extensions ?? {})) {
    if (CLIENT_EXTENSIONS.has(key)) extensions[key] = value;
  }
  return { ...base, message: formatted.message, extensions };
}
