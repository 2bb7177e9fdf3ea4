import { createHash } from "node:crypto";

/** What a machine key is for: a partner integration (read-only partner contract) or an in-store kiosk. */
export type ApiKeyKind = "partner" | "kiosk";
/** How many requests a key may make: each tier has its own limit. */
export type RateTier = "standard" | "high";

/** Default requests per rate-limit window (a minute) of each tier; RATE_LIMIT_KEY_STANDARD / _HIGH override them. */
export const RATE_LIMITS: Record<RateTier, number> = { standard: 600, high: 6_000 };

export interface ApiKeyRecord {
  /** sha256 of the key, hex: the key itself is never stored. */
  hash: string;
  kind: ApiKeyKind;
  /** Who the key belongs to: a partner's name or a kiosk's device id. */
  owner: string;
  tier: RateTier;
  /** A kiosk's store. */
  storeId: string | null;
}

export interface ApiKeyStore {
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly byHash: Map<string, ApiKeyRecord>;

  constructor(records: readonly ApiKeyRecord[]) {
    this.byHash = new Map(records.map((record) => [record.hash, record]));
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    return this.byHash.get(hash) ?? null;
  }
}

/** The keys the embedded default seeds and prints at start; never accepted in production. */
export const DEMO_API_KEYS = {
  partner: { key: "og_demo_partner_7Hq2VxLm9sKc", owner: "demo-partner", storeId: null },
  kiosk: { key: "og_demo_kiosk_store01_Rt4Nw8Pz", owner: "kiosk-store-01-entrance", storeId: "store-01" },
} as const;

export function demoApiKeyRecords(): ApiKeyRecord[] {
  return [
    { hash: hashApiKey(DEMO_API_KEYS.partner.key), kind: "partner", owner: DEMO_API_KEYS.partner.owner, tier: "standard", storeId: null },
    {
      hash: hashApiKey(DEMO_API_KEYS.kiosk.key),
      kind: "kiosk",
      owner: DEMO_API_KEYS.kiosk.owner,
      tier: "high",
      storeId: DEMO_API_KEYS.kiosk.storeId,
    },
  ];
}

/**
 * API_KEYS: `kind:owner:tier:sha256[:storeId]` entries separated by `;`, e.g.
 * `partner:acme:standard:9f86d0…;kiosk:kiosk-07:high:2c26b4…:store-07`. Returns the records and any problems found.
 */
export function parseApiKeys(value: string): { records: ApiKeyRecord[]; problems: string[] } {
  const records: ApiKeyRecord[] = [];
  const problems: string[] = [];
  for (const [index, entry] of value
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const [kind, owner, tier, hash, storeId] = entry.split(":");
    if (
      (kind !== "partner" && kind !== "kiosk") ||
      !owner ||
      (tier !== "standard" && tier !== "high") ||
      !/^[0-9a-f]{64}$/.test(hash ?? "")
    ) {
      problems.push(`API_KEYS entry ${index + 1} must be kind:owner:tier:sha256hex[:storeId] with kind partner|kiosk, tier standard|high`);
      continue;
    }
    if (kind === "kiosk" && !storeId) {
      problems.push(`API_KEYS entry ${index + 1}: a kiosk key must name its store`);
      continue;
    }
    records.push({ hash, kind, owner, tier, storeId: storeId ?? null });
  }
  return { records, problems };
}
