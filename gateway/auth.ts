import type { IncomingMessage } from "node:http";
import { SalesChannel } from "../lib/channel.js";
import { hashApiKey, MemoryApiKeyStore, RATE_LIMITS, type ApiKeyRecord, type ApiKeyStore } from "../lib/auth/api-keys.js";
import { createPersonTokenVerifier, type PersonTokenVerifier } from "../lib/auth/people.js";
import type { ResolvedAuth } from "../lib/auth/secrets.js";
import { ErrorCode, OmnigraphError, UnauthenticatedError } from "../lib/errors.js";
import { ANONYMOUS, channelFromClientName, parseChannel, type Viewer } from "../lib/viewer.js";
import { FixedWindowLimiter } from "./rate-limit.js";

/** Who is asking and through which channel, as established from the request's credentials. */
export interface Caller {
  viewer: Viewer;
  channel: SalesChannel;
  storeId: string | null;
}

export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<Caller>;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (typeof value !== "string" || value.length === 0) return null;
  // A credential too long to be real is refused, never read as no credential at all.
  if (value.length > 8192) throw new UnauthenticatedError(`The ${name} header is too long.`);
  return value;
}

/**
 * People sign in with `Authorization: Bearer <JWT>`; machines (partners, kiosks) present `x-api-key`. A credential
 * that is present but wrong is a 401 — never a silent fall-back to anonymous.
 */
export function createAuthenticator(auth: ResolvedAuth, deps: { people?: PersonTokenVerifier; apiKeys?: ApiKeyStore } = {}): Authenticator {
  const people =
    deps.people ?? createPersonTokenVerifier({ secret: auth.jwtSecret, jwksUrl: auth.jwksUrl, issuer: auth.issuer, audience: auth.audience });
  const apiKeys = deps.apiKeys ?? new MemoryApiKeyStore(auth.apiKeys);
  const limiter = new FixedWindowLimiter(60_000);

  return {
    async authenticate(req) {
      const authorization = header(req, "authorization");
      const keyValue = header(req, "x-api-key");
      let person: Viewer | null = null;
      if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match) throw new UnauthenticatedError("Authorization must be `Bearer <token>`.");
        person = await people.verify(match[1]);
      }
      let key: ApiKeyRecord | null = null;
      if (keyValue) {
        key = await apiKeys.findByHash(hashApiKey(keyValue));
        if (!key) throw new UnauthenticatedError("The API key is not valid.");
        if (!limiter.allow(key.hash, RATE_LIMITS[key.tier])) {
          throw new OmnigraphError(ErrorCode.RATE_LIMITED, "Too many requests for this API key; slow down and retry in a minute.");
        }
      }

      if (key?.kind === "partner") {
        // A partner integration acts for itself only: it cannot carry a person's session.
        if (person) throw new UnauthenticatedError("A partner key cannot be combined with a person's token.");
        return { viewer: { kind: "partner", id: key.owner }, channel: SalesChannel.PARTNER, storeId: null };
      }
      if (key?.kind === "kiosk") {
        // Shoppers sign in at kiosks; staff work on their own devices, so a store cannot be borrowed through one.
        if (person && person.kind !== "customer") throw new UnauthenticatedError("Only a customer may sign in at a kiosk.");
        // A shopper may sign in at a kiosk: they are the viewer, the kiosk gives the channel and the store.
        return { viewer: person ?? { kind: "kiosk", id: key.owner, storeId: key.storeId! }, channel: SalesChannel.KIOSK, storeId: key.storeId };
      }
      const clientName = header(req, "apollographql-client-name");
      const channel = parseChannel(header(req, "x-channel")) ?? channelFromClientName(clientName) ?? SalesChannel.WEB;
      if (channel === SalesChannel.PARTNER || channel === SalesChannel.KIOSK) {
        // Those channels are proven by a key, not claimed by a header.
        throw new UnauthenticatedError(`The ${channel} channel needs its API key.`);
      }
      const viewer = person ?? ANONYMOUS;
      return { viewer, channel, storeId: viewer.kind === "associate" ? viewer.storeId : null };
    },
  };
}
