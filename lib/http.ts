import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";

/** A plain route: GET /health and the like. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  /** Paths GraphQL is served at; ["/graphql"] by default. The context function learns which one was asked. */
  paths?: string[];
  /** Largest body accepted, in bytes; larger gets 413. */
  maxBodyBytes: number;
  /** Builds the per-request context; throwing an OmnigraphError answers with its code. */
  context: (req: IncomingMessage, requestId: string, path: string) => Promise<TContext>;
  /** Other routes, by exact path. */
  routes?: Record<string, Route>;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's request id when it is sane, else a new one: one id follows a request through every service. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
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
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = options.routes?.[url.pathname];
    const work =
      graphqlPaths.has(url.pathname)
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
  let body: unknown = undefined;
  if (req.method === "POST") {
    const text = await readBody(req, options.maxBodyBytes);
    if (text === null) return sendError(res, 413, ErrorCode.BAD_REQUEST, `Request body is larger than ${options.maxBodyBytes} bytes.`);
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("application/json") && !type.startsWith("application/graphql-response+json")) {
      return sendError(res, 415, ErrorCode.BAD_REQUEST, "Send the request as Content-Type: application/json.");
    }
    try {
      body = JSON.parse(text);
    } catch {
      return sendError(res, 400, ErrorCode.BAD_REQUEST, "The request body is not valid JSON.");
    }
  } else if (req.method !== "GET") {
    res.setHeader("allow", "GET, POST");
    return sendError(res, 405, ErrorCode.BAD_REQUEST, "Use POST (or GET for queries).");
  }

  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  let contextValue: TContext;
  try {
    contextValue = await options.context(req, requestId, url.pathname);
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (code === ErrorCode.UNAUTHENTICATED) return sendError(res, 401, code, (error as Error).message);
    if (code === ErrorCode.FORBIDDEN) return sendError(res, 403, code, (error as Error).message);
    if (code === ErrorCode.RATE_LIMITED) return sendError(res, 429, code, (error as Error).message);
    throw error;
  }
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
    context: async () => contextValue,
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The whole body as text, or null when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
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
  close(): Promise<void>;
}

/** Listens (port 0 picks a free one) with keep-alive tuned for a gateway in front; never called on import. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<RunningServer> {
  const server = createServer(handler);
  // Longer than the gateway's pool keeps sockets idle, so the client closes first and never reuses a dead socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
