import { parseApiKeys, type ApiKeyRecord } from "../auth/api-keys.js";
import type { Env, Reader } from "./reader.js";
import type { Mode } from "./server.js";

export interface AuthConfig {
  /** AUTH_JWT_SECRET: HS256 secret for people's tokens, at least 32 characters. */
  jwtSecret: string | undefined;
  /** AUTH_JWKS_URL: verify people's tokens (RS256/ES256) against this JWKS instead. */
  jwksUrl: string | undefined;
  /** AUTH_ISSUER / AUTH_AUDIENCE: required iss and aud claims. Default "omnigraph" both. */
  issuer: string;
  audience: string;
  /** SERVICE_TOKEN_SECRET: signs the gateway → subgraph identity; every service must share it. 32+ characters. */
  serviceSecret: string | undefined;
  /** API_KEYS: hashed partner and kiosk keys (see lib/auth/api-keys.ts); unset: the demo keys, outside production. */
  apiKeys: ApiKeyRecord[] | undefined;
}

export function readAuth(read: Reader, env: Env, mode: Mode): AuthConfig {
  const auth: AuthConfig = {
    jwtSecret: read.secret("AUTH_JWT_SECRET"),
    jwksUrl: read.optionalUrl("AUTH_JWKS_URL", ["https:", "http:"]),
    issuer: read.string("AUTH_ISSUER", "omnigraph"),
    audience: read.string("AUTH_AUDIENCE", "omnigraph"),
    serviceSecret: read.secret("SERVICE_TOKEN_SECRET"),
    apiKeys: undefined,
  };
  if (env.API_KEYS !== undefined && env.API_KEYS.trim() !== "") {
    const parsed = parseApiKeys(env.API_KEYS);
    read.problems.push(...parsed.problems);
    auth.apiKeys = parsed.records;
  }
  if (mode === "production") {
    // Production never runs on generated secrets or demo keys.
    if (!auth.jwtSecret && !auth.jwksUrl) read.problems.push("production needs AUTH_JWT_SECRET or AUTH_JWKS_URL");
    if (!auth.serviceSecret) read.problems.push("production needs SERVICE_TOKEN_SECRET");
    if (!auth.apiKeys) read.problems.push("production needs API_KEYS (it never accepts the demo keys)");
    // Signing keys fetched over plain HTTP could be swapped on the way.
    if (auth.jwksUrl?.startsWith("http:")) read.problems.push("AUTH_JWKS_URL must be https in production");
  }
  return auth;
}
