import type { IncomingMessage } from "node:http";
import type { SalesChannel } from "../lib/channel.js";
import type { Logger } from "../lib/logger.js";
import { channelFromClientName, parseChannel } from "../lib/viewer.js";
import { SalesChannel as Channel } from "../lib/channel.js";

/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  requestId: string;
  channel: SalesChannel;
  client: { name: string | null; version: string | null };
  /** Headers passed on to every subgraph request made for this request. */
  forwardHeaders: Record<string, string>;
  logger: Logger;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 && value.length <= 4096 ? value : null;
}

/** Builds the request context: request id, channel (x-channel, else the client name, else WEB) and client. */
export function buildContext(req: IncomingMessage, requestId: string, logger: Logger): GatewayContext {
  const clientName = header(req, "apollographql-client-name");
  const clientVersion = header(req, "apollographql-client-version");
  const channel = parseChannel(header(req, "x-channel")) ?? channelFromClientName(clientName) ?? Channel.WEB;
  const forwardHeaders: Record<string, string> = { "x-request-id": requestId, "x-channel": channel };
  const authorization = header(req, "authorization");
  if (authorization) forwardHeaders.authorization = authorization;
  if (clientName) forwardHeaders["apollographql-client-name"] = clientName;
  if (clientVersion) forwardHeaders["apollographql-client-version"] = clientVersion;
  return { requestId, channel, client: { name: clientName, version: clientVersion }, forwardHeaders, logger: logger.child({ requestId }) };
}
