import type { IncomingMessage } from "node:http";
import { SalesChannel } from "../lib/channel.js";
import { hashApiKey, MemoryApiKeyStore, type ApiKeyRecord, type ApiKeyStore } from "../lib/auth/api-keys.js";
import { createPersonTokenVerifier, type PersonTokenVerifier } from "../lib/auth/people.js";
import type { ResolvedAuth } from "../lib/auth/secrets.js";
import { ErrorCode, OmnigraphError, UnauthenticatedError } from "../lib/errors.js";
import { ANONYMOUS, channelFromClientName, defaultChannelOf, mayClaimChannel, parseChannel, type Viewer } from "../lib/viewer.js";
import type { RateDecision, RateLimits, RateSubject } from "./rate-limit.js";

/** Who is asking and through which channel, as established from the request's credentials. */
export interface Caller {
  viewer: Viewer;
  channel: SalesChannel;
  storeId: string | null;
  /** Where the request stands against its rate limit; absent when the authenticator counts nothing. */
  rateLimit?: RateDecision;
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

const PARTNER_PATH = "/partner/graphql";

function isPartnerEndpoint(req: IncomingMessage): boolean {
  return new URL(req.url ?? "/", "http://gateway").pathname === PARTNER_PATH;
}

class ChannelNotAllowedError extends OmnigraphError {
  constructor(channel: SalesChannel) {
    const who = channel === SalesChannel.STORE ? "a store associate's" : "a call-center agent's";
    super(ErrorCode.CHANNEL_NOT_ALLOWED, `The ${channel} channel needs ${who} sign-in; send no x-channel or a public one.`);
  }
}

/**
 * People sign in with `Authorization: Bearer <JWT>`; machines (partners, kiosks) present `x-api-key`. A credential
 * that is present but wrong is a 401 — never a silent fall-back to anonymous — and counts against the address's
 * rejected-credentials limit. Every accepted request is counted against its key, its person or its address.
 */
export function createAuthenticator(
  auth: ResolvedAuth,
  deps: { people?: PersonTokenVerifier; apiKeys?: ApiKeyStore; rateLimits?: RateLimits } = {},
): Authenticator {
  const people =
    deps.people ??
    createPersonTokenVerifier({ secret: auth.jwtSecret, jwksUrl: auth.jwksUrl, issuer: auth.issuer, audience: auth.audience });
  const apiKeys = deps.apiKeys ?? new MemoryApiKeyStore(auth.apiKeys);
  const limits = deps.rateLimits;

  /** The viewer and key the credentials prove; throws UNAUTHENTICATED for any credential that does not hold. */
  async function credentials(
    authorization: string | null,
    keyValue: string | null,
  ): Promise<{ person: Viewer | null; key: ApiKeyRecord | null }> {
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
    }
    return { person, key };
  }

  function identify(req: IncomingMessage, person: Viewer | null, key: ApiKeyRecord | null): Caller {
    // The partner endpoint is for partners only: its answers are theirs (partner prices), so it is never anonymous.
    if (key?.kind !== "partner" && isPartnerEndpoint(req)) {
      throw new UnauthenticatedError("/partner/graphql needs a partner key in the x-api-key header.");
    }
    const claimed = parseChannel(header(req, "x-channel"));
    if (key) {
      // A key's channel is given by the key; claiming a staff channel next to it is refused like any other claim.
      if (claimed && !mayClaimChannel(ANONYMOUS, claimed)) throw new ChannelNotAllowedError(claimed);
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
      return {
        viewer: person ?? { kind: "kiosk", id: key.owner, storeId: key.storeId! },
        channel: SalesChannel.KIOSK,
        storeId: key.storeId,
      };
    }
    const viewer = person ?? ANONYMOUS;
    const channel = claimed ?? channelFromClientName(header(req, "apollographql-client-name")) ?? defaultChannelOf(viewer);
    if (channel === SalesChannel.PARTNER || channel === SalesChannel.KIOSK) {
      // Those channels are proven by a key, not claimed by a header.
      throw new UnauthenticatedError(`The ${channel} channel needs its API key.`);
    }
    if (!mayClaimChannel(viewer, channel)) throw new ChannelNotAllowedError(channel);
    return { viewer, channel, storeId: viewer.kind === "associate" ? viewer.storeId : null };
  }

  return {
    async authenticate(req) {
      const authorization = header(req, "authorization");
      const keyValue = header(req, "x-api-key");
      if (!limits) {
        const { person, key } = await credentials(authorization, keyValue);
        return identify(req, person, key);
      }
      const address = limits.clientAddress(req);
      let proven: { person: Viewer | null; key: ApiKeyRecord | null } = { person: null, key: null };
      if (authorization || keyValue) {
        // An address that keeps presenting bad credentials is refused before they are even checked.
        limits.refuseIfKnownOver({ kind: "failures", address });
        try {
          proven = await credentials(authorization, keyValue);
        } catch (error) {
          if ((error as OmnigraphError).extensions?.code === ErrorCode.UNAUTHENTICATED) await limits.take({ kind: "failures", address });
          throw error;
        }
      }
      const { person, key } = proven;
      const subject: RateSubject = key
        ? { kind: "key", hash: key.hash, tier: key.tier }
        : person && "id" in person
          ? { kind: "person", id: `${person.kind}:${person.id}` }
          : { kind: "anonymous", address };
      // Counted before the channel is checked, so refused claims are paid for like any other request.
      const rateLimit = await limits.take(subject);
      return { ...identify(req, person, key), rateLimit };
    },
  };
}
