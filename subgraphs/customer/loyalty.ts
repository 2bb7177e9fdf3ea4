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
