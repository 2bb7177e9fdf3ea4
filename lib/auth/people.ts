import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { UnauthenticatedError } from "../errors.js";
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
}

/** Verifies `Authorization: Bearer` tokens of people: customers, store associates, call-center agents. */
export interface PersonTokenVerifier {
  verify(token: string): Promise<Viewer>;
}

/**
 * jose does the verification (signature, exp, iss, aud, algorithm pinning, JWKS fetching and key rotation): a
 * well-kept library is safer here than code of our own. Every failure is UNAUTHENTICATED — never silently anonymous.
 */
export function createPersonTokenVerifier(options: PersonTokenOptions): PersonTokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl));
    algorithms = ["RS256", "ES256"];
  } else if (options.secret) {
    key = new TextEncoder().encode(options.secret);
    algorithms = ["HS256"];
  } else {
    throw new Error("createPersonTokenVerifier needs a secret or a JWKS URL");
  }
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as Uint8Array, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms,
          requiredClaims: ["exp", "sub"],
        }));
      } catch (error) {
        const reason = (error as { code?: string }).code === "ERR_JWT_EXPIRED" ? "The token has expired." : "The token is not valid.";
        throw new UnauthenticatedError(`${reason} Sign in again.`);
      }
      return viewerFromClaims(payload);
    },
  };
}

function viewerFromClaims(payload: JWTPayload): Viewer {
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
      if (typeof storeId !== "string" || storeId.length === 0) throw new UnauthenticatedError("An associate's token must name their store.");
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
