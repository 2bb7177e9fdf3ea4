import { createHmac, timingSafeEqual } from "node:crypto";
import { SalesChannel } from "../channel.js";
import { UnauthenticatedError } from "../errors.js";
import type { RequestInfo, Viewer } from "../viewer.js";

/**
 * The gateway → subgraph identity: a short-lived HS256 JWT signed with the service secret, carrying the viewer the
 * gateway verified. Subgraphs trust nothing else — a request that reaches one without a valid token gets 401 — so the
 * gateway cannot be bypassed. Service-to-service calls sign one with a `service` viewer.
 * Built on node:crypto rather than a JWT library because it runs on every subgraph request and is this small.
 */
export const IDENTITY_HEADER = "x-omnigraph-identity";
const ISSUER = "omnigraph-gateway";
const AUDIENCE = "omnigraph-subgraph";
/** Long enough for one federated request and its retries; short enough that a leaked token is soon worthless. */
export const IDENTITY_TTL_SECONDS = 60;

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

interface IdentityClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  viewer: Viewer;
  channel: SalesChannel;
  storeId: string | null;
  client: RequestInfo["client"];
  rid: string;
}

function mac(secret: string, data: string): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

/** Signs the identity of one request for the subgraphs. */
export function signIdentity(secret: string, info: RequestInfo, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: IdentityClaims = {
    iss: ISSUER,
    aud: AUDIENCE,
    iat,
    exp: iat + IDENTITY_TTL_SECONDS,
    viewer: info.viewer,
    channel: info.channel,
    storeId: info.storeId,
    client: info.client,
    rid: info.requestId,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${HEADER}.${payload}.${mac(secret, `${HEADER}.${payload}`).toString("base64url")}`;
}

/** The request's identity, or UNAUTHENTICATED when the token is missing, forged, expired or not for subgraphs. */
export function verifyIdentity(secret: string, token: string | null | undefined, nowMs = Date.now()): RequestInfo {
  const reject = () => new UnauthenticatedError("This service only answers requests that come through the gateway.");
  if (!token) throw reject();
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) throw reject();
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw reject();
  let claims: IdentityClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as IdentityClaims;
  } catch {
    throw reject();
  }
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== ISSUER || claims.aud !== AUDIENCE || !(claims.exp >= now) || !(claims.iat <= now + 5)) throw reject();
  if (!claims.viewer || typeof claims.viewer.kind !== "string") throw reject();
  return {
    requestId: claims.rid,
    viewer: claims.viewer,
    channel: Object.values(SalesChannel).includes(claims.channel) ? claims.channel : SalesChannel.WEB,
    storeId: claims.storeId ?? null,
    client: claims.client ?? { name: null, version: null },
  };
}
