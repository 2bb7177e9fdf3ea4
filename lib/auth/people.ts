import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { UnauthenticatedError } from "../errors.js";
import { Hs256TokenError, Hs256Verifier, type JwtClaims } from "./hs256.js";
import { VerifiedTokens } from "./verified-tokens.js";
import type { Viewer } from "../viewer.js";

/** The roles a person's token may carry. */
export const PERSON_ROLES = ["customer", "associate", "agent"] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface PersonTokenOptions {
  /** HS256 shared secret (AUTH_JWT_SECRET); used when no JWKS URL is set. */
  secret?: string;
  /** JWKS URL for RS256/ES256 tokens from an identity provider (AUTH_JWKS_URL). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** HS256 tokens remembered once verified, until they expire; 10 000 by default, 0 to verify every time. */
  cacheSize?: number;
  /** The clock, in milliseconds since the epoch; tests move it. Date.now by default. */
  now?: () => number;
}

/** Verifies `Authorization: Bearer` tokens of people: customers, store associates, call-center agents. */
export interface PersonTokenVerifier {
  verify(token: string): Promise<Viewer>;
}

/** How many verified HS256 tokens are kept by default: about the signed-in clients of a busy minute. */
export const VERIFIED_TOKENS_DEFAULT = 10_000;

const EXPIRED = "The token has expired. Sign in again.";
const NOT_VALID = "The token is not valid. Sign in again.";

/**
 * Every failure is UNAUTHENTICATED — never silently anonymous. Tokens from an identity provider (JWKS) are verified
 * by jose (RS256/ES256, JWKS fetching and key rotation): a well-kept library is safer there than code of our own.
 * Our own HS256 tokens are verified synchronously by Hs256Verifier, which checks what jose checks, and a token
 * verified once is remembered until its exp, so a client's later requests skip the HMAC.
 */
export function createPersonTokenVerifier(options: PersonTokenOptions): PersonTokenVerifier {
  if (options.jwksUrl) return jwksVerifier(options.jwksUrl, options);
  if (options.secret) return sharedSecretVerifier(options.secret, options);
  throw new Error("createPersonTokenVerifier needs a secret or a JWKS URL");
}

function sharedSecretVerifier(secret: string, options: PersonTokenOptions): PersonTokenVerifier {
  const verifier = new Hs256Verifier(secret, { issuer: options.issuer, audience: options.audience, requiredClaims: ["exp", "sub"] });
  const verified = new VerifiedTokens<Viewer>(options.cacheSize ?? VERIFIED_TOKENS_DEFAULT);
  const now = options.now ?? Date.now;
  return {
    async verify(token) {
      const nowSeconds = Math.floor(now() / 1000);
      const known = verified.get(token, nowSeconds);
      if (known === "expired") throw new UnauthenticatedError(EXPIRED);
      if (known) return known;
      let claims: JwtClaims;
      try {
        claims = verifier.verify(token, nowSeconds);
      } catch (error) {
        if (!(error instanceof Hs256TokenError)) throw error;
        throw new UnauthenticatedError(error.reason === "expired" ? EXPIRED : NOT_VALID);
      }
      const viewer = viewerFromClaims(claims);
      // exp is required and checked to be a number by the verifier.
      verified.set(token, viewer, claims.exp as number);
      return viewer;
    },
  };
}

function jwksVerifier(jwksUrl: string, options: PersonTokenOptions): PersonTokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ["RS256", "ES256"],
          requiredClaims: ["exp", "sub"],
          ...(options.now ? { currentDate: new Date(options.now()) } : {}),
        }));
      } catch (error) {
        throw new UnauthenticatedError((error as { code?: string }).code === "ERR_JWT_EXPIRED" ? EXPIRED : NOT_VALID);
      }
      return viewerFromClaims(payload);
    },
  };
}

function viewerFromClaims(payload: JwtClaims): Viewer {
  const sub = payload.sub;
  const role = payload.role;
  const storeId = payload.storeId;
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 100) throw new UnauthenticatedError("The token names no one.");
  switch (role) {
    case "customer":
      return { kind: "customer", id: sub };
    case "agent":
      return { kind: "agent", id: sub };
    case "associate":
      if (typeof storeId !== "string" || storeId.length === 0)
        throw new UnauthenticatedError("An associate's token must name their store.");
      return { kind: "associate", id: sub, storeId };
    default:
      throw new UnauthenticatedError(`The token's role must be one of ${PERSON_ROLES.join(", ")}.`);
  }
}

/** Signs an HS256 token for a person: `npm run token`, the demo and the tests use it. */
export function signPersonToken(
  secret: string,
  claims: { sub: string; role: PersonRole; storeId?: string },
  options: { issuer?: string; audience?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.storeId ? { storeId: claims.storeId } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? "omnigraph")
    .setAudience(options.audience ?? "omnigraph")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "8h")
    .sign(new TextEncoder().encode(secret));
}
