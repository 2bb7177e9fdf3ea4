import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { ErrorCode, OmnigraphError } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

export interface PersistedQueryOptions {
  /** Largest query text, in UTF-8 bytes, that may be registered; Apollo would otherwise keep one of any size. */
  maxBytes: number;
}

/**
 * Caps what automatic persisted queries may register. Apollo stores a registration after the operation is resolved
 * (and the plugins' didResolveOperation hooks have passed), so a registration refused here is never stored. The
 * entries' lifetime is Apollo's `persistedQueries.ttl` (gateway/server.ts).
 */
export function persistedQueryCap(options: PersistedQueryOptions): ApolloServerPlugin<GatewayContext> {
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ metrics, source }) {
      if (!metrics.persistedQueryRegister) return;
      const bytes = Buffer.byteLength(source, "utf8");
      if (bytes > options.maxBytes) {
        throw new OmnigraphError(
          ErrorCode.PERSISTED_QUERY_TOO_LARGE,
          `The query is ${bytes} bytes; a persisted query is at most ${options.maxBytes}. Send it without extensions.persistedQuery.`,
          { http: { status: 400 } },
        );
      }
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/**
 * Apollo answers a wrong hash and an unsupported version with a 400 whose error has no code, which the gateway
 * would mask as an internal error and log; these are the client's mistakes, so they get codes of their own. Apollo's
 * wording is matched exactly: test/persisted-queries.test.ts fails if an upgrade changes it.
 */
const APOLLO_PERSISTED_QUERY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  "provided sha does not match query": {
    code: ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
    message: "extensions.persistedQuery.sha256Hash is not the SHA-256 (lowercase hex) of the query.",
  },
  "Unsupported persisted query version": {
    code: ErrorCode.PERSISTED_QUERY_VERSION_NOT_SUPPORTED,
    message: "Only persisted queries of version 1 are supported: extensions.persistedQuery { version: 1, sha256Hash }.",
  },
};

/** For formatError, before masking: Apollo's uncoded persisted-query errors with our codes; anything else as it was. */
export function codePersistedQueryError<T extends { message: string; extensions?: Record<string, unknown> }>(formatted: T): T {
  if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR && formatted.extensions?.code !== undefined) return formatted;
  const known = APOLLO_PERSISTED_QUERY_ERRORS[formatted.message];
  return known ? { ...formatted, message: known.message, extensions: { ...formatted.extensions, code: known.code } } : formatted;
}
