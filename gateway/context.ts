import type { IncomingMessage, ServerResponse } from "node:http";
import { IDENTITY_HEADER, signIdentity } from "../lib/auth/internal.js";
import type { SalesChannel } from "../lib/channel.js";
import type { Logger } from "../lib/logger.js";
import type { RequestInfo, Viewer } from "../lib/viewer.js";
import type { Authenticator } from "./auth.js";
import { RateLimitedError, writeRateLimitHeaders } from "./rate-limit.js";

/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  channel: SalesChannel;
  client: { name: string | null; version: string | null };
  /** The contract the request is held to ("partner"), or null for the full graph. */
  contract: string | null;
  /** Headers sent with every subgraph request made for this request: the signed identity and the request id. */
  forwardHeaders: Record<string, string>;
  /**
   * When the gateway stops waiting for the subgraphs on a query (epoch ms): fixed as the request arrives, so every
   * subgraph fetch gets only what is left. Infinity when no deadline was configured.
   */
  deadline: number;
  /**
   * Everything the signed identity tells a subgraph except the request id and the signing time: viewer, channel,
   * store and client. Two fetches with the same key, query and variables get the same answer, so they may be shared.
   */
  readonly viewerKey: string;
  /** Logs under this request's id and viewer; made on first use, so a request that logs nothing pays nothing. */
  readonly logger: Logger;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 && value.length <= 256 ? value : null;
}

/**
 * Authenticates the request and signs its identity for the subgraphs, once per request. The client's own
 * Authorization header is not passed on: subgraphs trust only the gateway's signature. When `res` is given, the
 * response carries the request's RateLimit-* headers (and Retry-After when it is refused).
 */
export async function buildContext(
  req: IncomingMessage,
  requestId: string,
  deps: {
    authenticator: Authenticator;
    serviceSecret: string;
    logger: Logger;
    contract: string | null;
    /** REQUEST_DEADLINE_MS; without it only the per-subgraph timeout applies. */
    deadlineMs?: number;
  },
  res?: ServerResponse,
): Promise<GatewayContext> {
  // Counted from arrival: the time spent authenticating (a Redis round trip for rate limits) is the client's too.
  const deadline = deps.deadlineMs === undefined ? Infinity : Date.now() + deps.deadlineMs;
  let caller;
  try {
    caller = await deps.authenticator.authenticate(req);
  } catch (error) {
    if (res && error instanceof RateLimitedError) writeRateLimitHeaders(res, error.decision, error.retryAfterMs);
    throw error;
  }
  if (res && caller.rateLimit) writeRateLimitHeaders(res, caller.rateLimit);
  const info: RequestInfo = {
    requestId,
    viewer: caller.viewer,
    channel: caller.channel,
    storeId: caller.storeId,
    client: { name: header(req, "apollographql-client-name"), version: header(req, "apollographql-client-version") },
  };
  const forwardHeaders: Record<string, string> = {
    "x-request-id": requestId,
    [IDENTITY_HEADER]: signIdentity(deps.serviceSecret, info),
  };
  if (info.client.name) forwardHeaders["apollographql-client-name"] = info.client.name;
  if (info.client.version) forwardHeaders["apollographql-client-version"] = info.client.version;
  return new RequestContext(
    requestId,
    info.viewer,
    info.channel,
    info.client,
    // A partner key is held to the partner contract on every endpoint.
    info.viewer.kind === "partner" ? "partner" : deps.contract,
    forwardHeaders,
    deadline,
    deps.logger,
    info.storeId,
  );
}

/**
 * The context as a class so that its logger can be made on first use: Apollo Server copies the context's own
 * properties for every operation (Object.assign, which would call a getter of the object itself), while a getter
 * on the prototype is left alone and found on the copy.
 */
class RequestContext implements GatewayContext {
  /** The child logger, once something has logged under this request. */
  private requestLogger: Logger | undefined = undefined;
  private sharedKey: string | undefined = undefined;

  constructor(
    readonly requestId: string,
    readonly viewer: Viewer,
    readonly channel: SalesChannel,
    readonly client: { name: string | null; version: string | null },
    readonly contract: string | null,
    readonly forwardHeaders: Record<string, string>,
    readonly deadline: number,
    private readonly gatewayLogger: Logger,
    private readonly storeId: string | null,
  ) {}

  get viewerKey(): string {
    // JSON, not a joined string: a client name holding the separator must not make two identities one.
    return (this.sharedKey ??= JSON.stringify([this.viewer, this.channel, this.storeId, this.client.name, this.client.version]));
  }

  get logger(): Logger {
    return (this.requestLogger ??= this.gatewayLogger.child({ requestId: this.requestId, viewer: this.viewer.kind }));
  }
}
