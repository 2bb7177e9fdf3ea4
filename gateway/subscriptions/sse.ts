import type { IncomingMessage, ServerResponse } from "node:http";
import { createHandler, type Request as SseRequest } from "graphql-sse";
import { applyCors, type CorsPolicy } from "../../lib/cors.js";
import { ErrorCode } from "../../lib/errors.js";
import { sendError } from "../../lib/http.js";
import type { Logger } from "../../lib/logger.js";
import { parseStreamId } from "./feed.js";
import { STREAM_ID, type SubscriptionHub, type SubscriptionPayload } from "./hub.js";
import type { Subscriber } from "./identity.js";

export interface SseOptions {
  hub: SubscriptionHub;
  /** The subscriber the request's headers prove; throws coded errors (UNAUTHENTICATED, …) like a query's context. */
  authenticate: (req: IncomingMessage) => Promise<Subscriber>;
  maxBodyBytes: number;
  /** SUBSCRIPTION_HEARTBEAT_MS: a comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  cors: CorsPolicy | null;
  logger: Logger;
}

/** What travels with one request through graphql-sse's hooks. */
interface StreamRequestContext {
  subscriber: Subscriber;
  lastEventId: string | null;
  /** Stream ids of the payloads graphql-sse is about to write, in order: each becomes its event's `id:` line. */
  ids: (string | undefined)[];
}

/** What an SSE client may leave unread before it is let go. */
const MAX_UNREAD_BYTES = 4 * 1_048_576;

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.CHANNEL_NOT_ALLOWED]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * GraphQL over Server-Sent Events, distinct connections mode (graphql-sse): one subscription per request, GET or
 * POST with `Accept: text/event-stream`, credentials in the same headers as queries. Every payload goes out with the
 * bus's stream id as its SSE `id:`, so a client that comes back with `Last-Event-ID` (as EventSource does by itself)
 * is first sent what it missed; graphql-sse has no such ids, so they are added here as its messages are written.
 */
export function sseRoute(options: SseOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handler = createHandler<IncomingMessage, StreamRequestContext>({
    async onSubscribe(req, params) {
      const { subscriber, lastEventId } = req.context;
      const opened = await options.hub.open({
        subscriber,
        query: params.query,
        variables: params.variables,
        operationName: params.operationName,
        lastEventId,
      });
      if ("errors" in opened) return { data: null, errors: opened.errors as never };
      return opened.stream as never;
    },
    onNext(_ctx, req, result) {
      req.context.ids.push((result as SubscriptionPayload)[STREAM_ID]);
    },
  });

  return async (req, res) => {
    res.setHeader("cache-control", "no-store");
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const outcome = applyCors(options.cors, origin, req, res);
      if (outcome === "preflight-allowed") {
        res.statusCode = 204;
        return void res.end();
      }
      if (outcome === "preflight-refused")
        return sendError(res, 403, ErrorCode.ORIGIN_NOT_ALLOWED, "This origin may not call the graph from a browser.");
    }
    if (req.method !== "GET" && req.method !== "POST") {
      res.setHeader("allow", "GET, POST");
      return sendError(res, 405, ErrorCode.BAD_REQUEST, "Subscribe with GET or POST and Accept: text/event-stream.");
    }
    if (!(req.headers.accept ?? "").includes("text/event-stream")) {
      return sendError(res, 406, ErrorCode.BAD_REQUEST, "This endpoint streams subscriptions: ask with Accept: text/event-stream.");
    }
    let subscriber: Subscriber;
    try {
      subscriber = await options.authenticate(req);
    } catch (error) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      const status = typeof code === "string" ? STATUS[code] : undefined;
      if (status === undefined) throw error;
      return sendError(res, status, code as ErrorCode, (error as Error).message);
    }
    const context: StreamRequestContext = {
      subscriber,
      lastEventId: parseStreamId(req.headers["last-event-id"] as string | undefined),
      ids: [],
    };
    const request: SseRequest<IncomingMessage, StreamRequestContext> = {
      method: req.method,
      url: req.url ?? "/",
      headers: {
        // graphql-sse serves distinct connections only to exactly this Accept; anything else was refused above.
        get: (name) => (name === "accept" ? "text/event-stream" : headerValue(req, name)),
      },
      body: () => readBody(req, options.maxBodyBytes),
      raw: req,
      context,
    };
    // A client that leaves while its subscription is being checked must not leave it running.
    let gone = false;
    res.once("close", () => (gone = true));
    let answer;
    try {
      answer = await handler(request);
    } catch (error) {
      if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
      throw error;
    }
    const [body, init] = answer;
    res.writeHead(init.status ?? 200, init.statusText, init.headers);
    if (body === null || typeof body === "string") return void res.end(body ?? undefined);
    if (gone) return void body.return(undefined);
    // No buffering between us and the client: each event goes out as it is written.
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    const heartbeat = setInterval(() => res.write(":\n\n"), options.heartbeatMs);
    heartbeat.unref();
    res.once("close", () => {
      clearInterval(heartbeat);
      void body.return(undefined);
    });
    try {
      for await (const message of body) {
        if (message.startsWith("event: next")) {
          const id = context.ids.shift();
          res.write(id === undefined ? message : `id: ${id}\n${message}`);
        } else res.write(message);
        // A client that stopped reading would have its payloads pile up here: it is let go, and comes back with
        // Last-Event-ID when it can read again.
        if (res.writableLength > MAX_UNREAD_BYTES) {
          options.logger.warn("subscriber too slow; stream closed", { unreadBytes: res.writableLength });
          res.destroy();
          break;
        }
      }
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The body as text, at most `limit` bytes (413 BODY_TOO_LARGE past it). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers["content-length"]) > limit)
    return Promise.reject(new BodyError(413, ErrorCode.BODY_TOO_LARGE, `Request body is larger than ${limit} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyError(413, ErrorCode.BODY_TOO_LARGE, `Request body is larger than ${limit} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
    req.on("error", reject);
  });
}
