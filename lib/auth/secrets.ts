import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Config } from "../config.js";
import { demoApiKeyRecords, type ApiKeyRecord } from "./api-keys.js";

/** Auth material with nothing left undefined: what the gateway and subgraphs are built with. */
export interface ResolvedAuth {
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  issuer: string;
  audience: string;
  serviceSecret: string;
  apiKeys: ApiKeyRecord[];
  /** True when the development secrets were generated or read from the local dev file. */
  generated: boolean;
}

/** Where development secrets live between runs, so `npm run token` and separately started services agree. */
export const DEV_SECRETS_FILE = ".omnigraph/dev-secrets.json";

/**
 * Configured secrets when there are any; otherwise (never in production — loadConfig refuses) secrets generated once
 * and kept in .omnigraph/dev-secrets.json, readable only by its owner, plus the demo API keys.
 */
export async function resolveAuth(config: Config, file = DEV_SECRETS_FILE): Promise<ResolvedAuth> {
  const { auth } = config;
  const needDev = (!auth.jwtSecret && !auth.jwksUrl) || !auth.serviceSecret;
  const dev = needDev ? await loadOrCreateDevSecrets(file) : undefined;
  return {
    jwtSecret: auth.jwtSecret ?? (auth.jwksUrl ? undefined : dev!.jwtSecret),
    jwksUrl: auth.jwksUrl,
    issuer: auth.issuer,
    audience: auth.audience,
    serviceSecret: auth.serviceSecret ?? dev!.serviceSecret,
    apiKeys: auth.apiKeys ?? demoApiKeyRecords(),
    generated: needDev,
  };
}

/** Fresh random auth for one test graph or benchmark run: nothing touches the disk. */
export function ephemeralAuth(): ResolvedAuth {
  return {
    jwtSecret: randomBytes(32).toString("base64url"),
    jwksUrl: undefined,
    issuer: "omnigraph",
    audience: "omnigraph",
    serviceSecret: randomBytes(32).toString("base64url"),
    apiKeys: demoApiKeyRecords(),
    generated: true,
  };
}

async function loadOrCreateDevSecrets(file: string): Promise<{ jwtSecret: string; serviceSecret: string }> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as { jwtSecret?: string; serviceSecret?: string };
    if (parsed.jwtSecret && parsed.serviceSecret) return { jwtSecret: parsed.jwtSecret, serviceSecret: parsed.serviceSecret };
  } catch {
    // missing or unreadable: make new ones below
  }
  const secrets = { jwtSecret: randomBytes(32).toString("base64url"), serviceSecret: randomBytes(32).toString("base64url") };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
}
