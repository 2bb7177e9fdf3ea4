import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { applyCors, type CorsPolicy } from "./cors.js";
import { ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";
import { writeMultipart, type IncrementalParts } from "./multipart.js";
import { requestIdOf, sendError, setSecurityHeaders } from "./http/answers.js";
import { CLIENT_GONE, readBody, refuseBody, TOO_LARGE } from "./http/body.js";

export { requestIdOf, sendError, sendJson } from "./http/answers.js";
export { listen, type HttpLimits, type RunningServer } from "./http/listen.js";

/** A plain route: GET /health and the like. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  /** Paths GraphQL is served at; ["/graphql"] by default. The context function learns which one was asked. */
  paths?: string[];
  /** Largest body accepted, in bytes; larger gets 413 and the connection is closed without reading the rest. */
  maxBodyBytes: number;
  /** Origins browsers may call the GraphQL paths from (lib/cors.ts); none when omitted. */
  cors?: CorsPolicy | null;
  /**
   * Builds the per-request context; throwing an OmnigraphError answers with its code. Headers it sets on `res`
   * (rate limits) go out with the answer, a refusal included.
   */
  context: (req: IncomingMessage, requestId: string, path: string, res: ServerResponse) => Promise<TContext>;
  /** Other routes, by exact path. */
  routes?: Record<string, Route>;
  logger: Logger;
  /**
   * Parts of the answer still to come after Apollo's (an operation with @defer): the answer is then sent as
   * `contentType` (multipart), Apollo's answer first. Null for a whole answer.
   */
  incremental?: (context: TContext) => { parts: IncrementalParts; contentType: string } | null;
}

/**
 * A minimal node:http handler around an ApolloServer: no framework in the hot path. Bodies are read with a size
 * limit and parsed here, so a malformed request gets a coded 400 rather than a stack trace.
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: GraphQLHttpOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const graphqlPaths = new Set(options.paths ?? ["/graphql"]);
  return (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    setSecurityHeaders(res);
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = options.routes?.[url.pathname];
    const isGraphQL = graphqlPaths.has(url.pathname);
    // Only browsers send Origin: a server-to-server caller pays nothing for CORS.
    const origin = isGraphQL ? req.headers.origin : undefined;
    if (origin !== undefined) {
      const outcome = applyCors(options.cors ?? null, origin, req, res);
      if (outcome === "preflight-allowed") {
        res.statusCode = 204;
        res.end();
        return;
      }
      if (outcome === "preflight-refused") {
        return sendError(res, 403, ErrorCode.ORIGIN_NOT_ALLOWED, "This origin may not call the graph from a browser.");
      }
    }
    const work = isGraphQL
      ? serveGraphQL(server, options, req, res, url, requestId)
      : route
        ? Promise.resolve(route(req, res))
        : Promise.resolve(sendError(res, 404, ErrorCode.NOT_FOUND, `No route for ${req.method} ${url.pathname}.`));
    work.catch((error: unknown) => {
      options.logger.error("request failed", { requestId, error });
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, `Internal error (request ${requestId}).`);
      else res.destroy();
    });
  };
}

async function serveGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: GraphQLHttpOptions<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  // GraphQL answers depend on who asks: no cache may keep one, unless Apollo says otherwise below.
  res.setHeader("cache-control", "no-store");
  let body: unknown = undefined;
  if (req.method === "POST") {
    const text = await readBody(req, options.maxBodyBytes);
    if (text === CLIENT_GONE) return;
    if (text === TOO_LARGE) return refuseBody(req, res, options.maxBodyBytes);
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("application/json") && !type.startsWith("application/graphql-response+json")) {
      return sendError(res, 415, ErrorCode.BAD_REQUEST, "Send the request as Content-Type: application/json.");
    }
    try {
      body = JSON.parse(text);
    } catch {
      return sendError(res, 400, ErrorCode.BAD_REQUEST, "The request body is not valid JSON.");
    }
  } else if (req.method === "OPTIONS") {
    // Not a CORS preflight (those are answered before): what plain HTTP asks OPTIONS for.
    res.setHeader("allow", "GET, POST, OPTIONS");
    res.statusCode = 204;
    res.end();
    return;
  } else if (req.method !== "GET") {
    res.setHeader("allow", "GET, POST, OPTIONS");
    return sendError(res, 405, ErrorCode.BAD_REQUEST, "Use POST (or GET for queries).");
  }

  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  let contextValue: TContext;
  try {
    contextValue = await options.context(req, requestId, url.pathname, res);
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (code === ErrorCode.UNAUTHENTICATED) return sendError(res, 401, code, (error as Error).message);
    if (code === ErrorCode.FORBIDDEN || code === ErrorCode.CHANNEL_NOT_ALLOWED) return sendError(res, 403, code, (error as Error).message);
    if (code === ErrorCode.RATE_LIMITED) return sendError(res, 429, code, (error as Error).message);
    throw error;
  }
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
    context: async () => contextValue,
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  const incremental = options.incremental?.(contextValue) ?? null;
  if (incremental && response.body.kind === "complete" && res.statusCode === 200) {
    return writeMultipart(res, incremental.contentType, JSON.parse(response.body.string) as Record<string, unknown>, incremental.parts);
  }
  // Apollo answered otherwise (an error after execution): the parts would have nowhere to go.
  incremental?.parts.cancel();
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
