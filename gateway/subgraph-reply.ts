import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { GatewayContext } from "./context.js";
import { noteSubgraphAnswer } from "./plugins/response-cache.js";

export /** What a subgraph answered below HTTP 500: the text is parsed by each request that reads it (see `read`). */
interface Reply {
  status: number;
  type: string;
  text: string;
  /** How long the subgraph says its answer may be cached: read by the response cache (plugins/response-cache.ts). */
  cacheControl: string | undefined;
}

/** A subgraph's answer that is not GraphQL: HTTP 500 or above, or a body that is not a GraphQL response. */
export class SubgraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`subgraph answered HTTP ${status}: ${body}`);
  }
}

/**
 * The answer for one request from the subgraph named `subgraph`: parsed from the shared text, so requests that shared
 * a fetch never share objects (@apollo/gateway merges later fetches into the objects of earlier answers and rewrites
 * them in place).
 */
export function read(reply: Reply, options: GraphQLDataSourceProcessOptions<GatewayContext>, subgraph: string): GatewayGraphQLResponse {
  noteSubgraphAnswer(options, reply.cacheControl, subgraph);
  if (reply.type.startsWith("application/json") || reply.type.startsWith("application/graphql-response+json")) {
    const parsed = JSON.parse(reply.text) as GatewayGraphQLResponse;
    // Subgraphs answer GraphQL errors (4xx) with a JSON body of coded errors: pass those on as errors.
    if (parsed && (parsed.data !== undefined || Array.isArray(parsed.errors))) return parsed;
  }
  throw new SubgraphHttpError(reply.status, reply.text.slice(0, 500));
}
