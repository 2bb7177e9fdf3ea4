import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { applyCors, type CorsPolicy } from "./cors.js";
import { ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";
import { writeMultipart, type IncrementalParts } from "./multipart.js";

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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's request id when it is sane, else a new one: one id follows a request through every service. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Sent with every answer, the raw ones written on a refused connection included. */
const SECURITY_HEADERS: [string, string][] = [
  // Browsers must not guess a type: a JSON answer echoing input is never run as HTML or script.
  ["x-content-type-options", "nosniff"],
  // The graph's URLs carry request ids and sandbox state: never leak them to another site.
  ["referrer-policy", "no-referrer"],
  // Nothing here is meant to be framed; a framed sandbox could be clickjacked into running operations.
  ["x-frame-options", "DENY"],
];

function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
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

const TOO_LARGE = Symbol("body too large");
const CLIENT_GONE = Symbol("client gone");

/**
 * The whole body as text; TOO_LARGE as soon as it is known to pass `limit` bytes (at once when Content-Length says
 * so, else when the running size passes it), without reading further; CLIENT_GONE when the connection ended first
 * (the client left, or REQUEST_TIMEOUT_MS cut it off and node already answered 408).
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE | typeof CLIENT_GONE> {
  if (Number(req.headers["content-length"]) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: string | typeof TOO_LARGE | typeof CLIENT_GONE) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = () => settle(Buffer.concat(chunks, size).toString("utf8"));
    const onGone = () => settle(CLIENT_GONE);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

/**
 * 413, then the connection is closed: node would otherwise read the rest of the body to reuse the connection, and a
 * body over the limit may be gigabytes long.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader("connection", "close");
  res.once("finish", () => req.socket.destroy());
  sendError(res, 413, ErrorCode.BODY_TOO_LARGE, `Request body is larger than ${limit} bytes.`);
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(payload));
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export interface RunningServer {
  server: Server;
  port: number;
  /** http://host:port */
  origin: string;
  /**
   * Stops listening. Connections are closed at once, unless `graceMs` is given: then requests in flight get that long
   * to finish (their answers say `connection: close`), idle connections are closed as soon as they are idle, and
   * whatever is left at the end is cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** How much a client may send and how slowly (Config has these fields: MAX_HEADER_BYTES and the two timeouts). */
export interface HttpLimits {
  /** Largest request line plus headers; larger gets 431. */
  maxHeaderBytes: number;
  /** Longest wait for a request's headers, counted from its first byte (or the connection); slower gets 408. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body; slower gets 408. Working out the answer is not counted. */
  requestTimeoutMs: number;
}

/** A whole HTTP/1.1 answer written straight to a socket that node refused before any handler ran. */
function rawError(status: number, reason: string, code: ErrorCode, message: string): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    "cache-control: no-store",
    "connection: close",
    ...SECURITY_HEADERS.map(([name, value]) => `${name}: ${value}`),
  ];
  return `${headers.join("\r\n")}\r\n\r\n${body}`;
}

/** Node's own refusals (the parser's, the timeouts'), answered with a code like every other error. */
function clientErrorAnswer(code: string | undefined, limits: HttpLimits): string {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return rawError(
        431,
        "Request Header Fields Too Large",
        ErrorCode.HEADERS_TOO_LARGE,
        `Request headers are larger than ${limits.maxHeaderBytes} bytes.`,
      );
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return rawError(413, "Payload Too Large", ErrorCode.BODY_TOO_LARGE, "Request body chunk extensions are too large.");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return rawError(
        408,
        "Request Timeout",
        ErrorCode.REQUEST_TIMEOUT,
        `The request did not arrive within ${limits.requestTimeoutMs} ms (headers within ${limits.headersTimeoutMs} ms).`,
      );
    default:
      return rawError(400, "Bad Request", ErrorCode.BAD_REQUEST, "The request is not valid HTTP.");
  }
}

/**
 * Listens (port 0 picks a free one) with keep-alive tuned for a gateway in front and limits on what a client may
 * send: headers over `maxHeaderBytes` get 431, headers or a body that do not arrive in time get 408 and the
 * connection is closed. Never called on import.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
  limits: HttpLimits,
): Promise<RunningServer> {
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      // Node 20 counts this from a request's first byte to its last (the body included), not while it is answered,
      // so a trickling body is cut off and a long-running operation is not.
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for late requests on this beat, 30 s by default: often enough to cut a slow client close to its timeout.
      connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    handler,
  );
  // Longer than the gateway's pool keeps sockets idle, so the client closes first and never reuses a dead socket.
  // (Node 20 applies headersTimeout only while a request is arriving, never to an idle keep-alive connection.)
  server.keepAliveTimeout = 65_000;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As node's own handler does: answer only if the client is still there and no answer has begun on this socket.
    const pending = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code !== "ECONNRESET" && socket.writable && !pending?.headersSent) socket.write(clientErrorAnswer(error.code, limits));
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    origin: `http://${shownHost}:${address.port}`,
    close: ({ graceMs = 0 } = {}) =>
      new Promise<void>((resolve) => {
        let sweep: NodeJS.Timeout | undefined = undefined;
        let deadline: NodeJS.Timeout | undefined = undefined;
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        if (graceMs <= 0) return server.closeAllConnections();
        // Keep-alive clients are told to go elsewhere; connections are closed as their requests finish.
        server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => res.setHeader("connection", "close"));
        sweep = setInterval(() => server.closeIdleConnections(), 25);
        deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      }),
  };
}
