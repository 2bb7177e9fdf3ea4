import type { IncomingMessage } from "node:http";
import { decodeJwt } from "jose";
import type { SalesChannel } from "../../lib/channel.js";
import type { Viewer } from "../../lib/viewer.js";
import type { Authenticator } from "../auth.js";

/** Who holds a subscription: settled once, when it starts, by the same authenticator as every query. */
export interface Subscriber {
  viewer: Viewer;
  channel: SalesChannel;
  storeId: string | null;
  client: { name: string | null; version: string | null };
  /** The contract the subscriber is held to ("partner"), or null for the full graph. */
  contract: string | null;
  /** When the person's token expires (epoch ms): the subscription ends then with UNAUTHENTICATED. Null for none. */
  expiresAt: number | null;
  /** What SUBSCRIPTIONS_MAX_PER_VIEWER counts by: the person or key, or an anonymous caller's address. */
  limitKey: string;
}

function header(headers: IncomingMessage["headers"], name: string): string | null {
  const value = headers[name];
  return typeof value === "string" && value.length > 0 && value.length <= 256 ? value : null;
}

/**
 * The subscriber a request's credentials prove, exactly as for a query (UNAUTHENTICATED, CHANNEL_NOT_ALLOWED and
 * RATE_LIMITED are thrown as they are there: a subscription counts as one request). `req` carries the credentials
 * in its headers: the HTTP request for SSE, the upgrade request with the connection parameters for WebSocket.
 */
export async function subscriberOf(
  authenticator: Authenticator,
  req: IncomingMessage,
  contract: string | null,
  clientAddress: (req: IncomingMessage) => string,
): Promise<Subscriber> {
  const caller = await authenticator.authenticate(req);
  const viewer = caller.viewer;
  return {
    viewer,
    channel: caller.channel,
    storeId: caller.storeId,
    client: { name: header(req.headers, "apollographql-client-name"), version: header(req.headers, "apollographql-client-version") },
    contract: viewer.kind === "partner" ? "partner" : contract,
    expiresAt: expiryOf(req.headers.authorization),
    limitKey: "id" in viewer ? `${viewer.kind}:${viewer.id}` : `address:${clientAddress(req)}`,
  };
}

/** The expiry of a bearer token the authenticator has just accepted; its signature was checked there. */
function expiryOf(authorization: string | string[] | undefined): number | null {
  const token = typeof authorization === "string" ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  if (!token) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}
