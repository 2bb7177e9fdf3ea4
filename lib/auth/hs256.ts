import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";

/** What an HS256 token must say about who issued it and for whom. */
export interface Hs256Expectations {
  /** The only accepted `iss`. */
  issuer: string;
  /** The `aud` that must be the token's audience, or one of them when `aud` is an array. */
  audience: string;
  /** Claims that must be present besides iss and aud (`exp`, `sub`). */
  requiredClaims: readonly string[];
}

/** The claims of a verified token: an object parsed from the payload, keys as the issuer wrote them. */
export type JwtClaims = Record<string, unknown>;

/**
 * Why a token was refused. `expired` is kept apart because the client's remedy differs (refresh rather than
 * sign in with other credentials); every other failure is `invalid`, and `detail` names it for logs and tests.
 */
export class Hs256TokenError extends Error {
  constructor(
    readonly reason: "expired" | "invalid",
    readonly detail: string,
  ) {
    super(detail);
    this.name = "Hs256TokenError";
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Verifies compact HS256 JWTs synchronously with node:crypto, checking what `jose.jwtVerify` checks for an HS256
 * key with `algorithms: ["HS256"]`, `issuer`, `audience` and `requiredClaims`, in the same order, so the same tokens
 * are accepted and the same ones are called expired. jose verifies through WebCrypto, whose promise and key import
 * per call cost more than the HMAC itself on a gateway that checks a token on every request.
 */
export class Hs256Verifier {
  private readonly key: KeyObject;
  /** Protected headers already seen to be acceptable: a client's tokens all share one, so it is parsed once. */
  private readonly goodHeaders = new Set<string>();

  constructor(
    secret: string,
    private readonly expected: Hs256Expectations,
  ) {
    // A KeyObject made once: createHmac would otherwise copy the secret string into a new key on every call.
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  /** The token's claims, or an Hs256TokenError saying why it is refused. `nowSeconds` is the clock, in seconds. */
  verify(token: string, nowSeconds: number): JwtClaims {
    const parts = token.split(".");
    if (parts.length !== 3) throw invalid("not a compact JWS");
    const [header, payload, signature] = parts;
    if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !BASE64URL.test(signature)) throw invalid("not base64url");
    this.checkHeader(header);
    // The canonical encoding of the expected MAC is compared, so one signature has exactly one accepted spelling.
    const expectedSignature = createHmac("sha256", this.key).update(`${header}.${payload}`).digest("base64url");
    if (signature.length !== expectedSignature.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expectedSignature))) {
      throw invalid("signature verification failed");
    }
    const claims = decodeJsonObject(payload);
    if (!claims) throw invalid("claims set is not a JSON object");
    this.checkClaims(claims, nowSeconds);
    return claims;
  }

  /** The protected header must be a JSON object whose alg is exactly HS256 and that asks for no extension. */
  private checkHeader(encoded: string): void {
    if (this.goodHeaders.has(encoded)) return;
    const header = decodeJsonObject(encoded);
    if (!header) throw invalid("protected header is not a JSON object");
    // "none", RS256 with the secret as a public key, HS384…: only the one algorithm the secret is for.
    if (header.alg !== "HS256") throw invalid("alg not allowed");
    // jose would honour only crit ["b64"], and b64:false is refused for JWTs anyway; we accept no extension at all.
    if (header.crit !== undefined || header.b64 !== undefined) throw invalid("extension header not supported");
    // Bounded: headers carrying a per-token value (a nonce, a kid per key) are simply parsed each time past this.
    if (this.goodHeaders.size < 16) this.goodHeaders.add(encoded);
  }

  /** jose's validateClaimsSet for these options: presence, iss, aud, then iat, nbf and exp types and times. */
  private checkClaims(claims: JwtClaims, now: number): void {
    for (const claim of ["iss", "aud", ...this.expected.requiredClaims]) {
      if (!Object.hasOwn(claims, claim)) throw invalid(`missing required "${claim}" claim`);
    }
    if (claims.iss !== this.expected.issuer) throw invalid('unexpected "iss" claim value');
    const aud = claims.aud;
    if (!(aud === this.expected.audience || (Array.isArray(aud) && aud.includes(this.expected.audience)))) {
      throw invalid('unexpected "aud" claim value');
    }
    if (claims.iat !== undefined && typeof claims.iat !== "number") throw invalid('"iat" claim must be a number');
    if (claims.nbf !== undefined) {
      if (typeof claims.nbf !== "number") throw invalid('"nbf" claim must be a number');
      if (claims.nbf > now) throw invalid('"nbf" claim timestamp check failed');
    }
    if (claims.exp !== undefined) {
      if (typeof claims.exp !== "number") throw invalid('"exp" claim must be a number');
      if (claims.exp <= now) throw new Hs256TokenError("expired", '"exp" claim timestamp check failed');
    }
  }
}

function invalid(detail: string): Hs256TokenError {
  return new Hs256TokenError("invalid", detail);
}

/** A base64url segment decoded as strict UTF-8 JSON, when it is a plain object; null otherwise. */
function decodeJsonObject(segment: string): JwtClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(segment, "base64url")));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return value as JwtClaims;
}
