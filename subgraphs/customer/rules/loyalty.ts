/** Loyalty tiers, highest first. The business owns these thresholds; the demo world only happens to agree with them. */
export const LOYALTY_TIERS = [
  { tier: "GOLD", minPoints: 5000 },
  { tier: "SILVER", minPoints: 1000 },
  { tier: "BRONZE", minPoints: 0 },
] as const;

export type LoyaltyTierKey = (typeof LOYALTY_TIERS)[number]["tier"];

/** The tier a points balance earns. */
export function loyaltyTierOf(points: number): LoyaltyTierKey {
  return (LOYALTY_TIERS.find((t) => points >= t.minPoints) ?? LOYALTY_TIERS[LOYALTY_TIERS.length - 1]).tier;
}

/**
 * New members' loyalty numbers: "LOY" and eight digits, from a sequence starting above every number the demo world
 * (and the legacy card system it stands for) issued. Numbers are never reused; a store skips one that is filed already.
 */
export const LOYALTY_SEQUENCE_BASE = 50_000_000;

/** The loyalty number for the `sequence`-th new member (1, 2, ...). */
export function loyaltyNumberOf(sequence: number): string {
  return `LOY${String(LOYALTY_SEQUENCE_BASE + sequence).padStart(8, "0")}`;
}

/** Points an amount earns or a refund takes back: one per whole currency unit (cents / 100, rounded down). */
export function pointsFor(cents: number): number {
  return Math.max(0, Math.floor(cents / 100));
}
