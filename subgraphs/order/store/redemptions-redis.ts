import { defineScripts, execPipeline, lua } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";
import type { GiftCardRecord, Redemption, RedemptionResult } from "./index.js";

/**
 * Discount code uses and gift card balances on Redis, under the order subgraph's hash tag. A redemption decides and
 * spends in one Lua script (REDEEM), so twenty checkouts racing for a code's last use, or two for one gift card's
 * balance, are served one after the other by Redis itself; the record under the settlement key makes it idempotent.
 */
const TAG = "{order}";
export const redemptionKeys = {
  /** String: orders that used the code. */
  codeUses: (code: string) => `${TAG}:code-uses:${code}`,
  /** Hash customer id → orders of theirs that used the code. */
  codeCustomerUses: (code: string) => `${TAG}:code-customer-uses:${code}`,
  /** Hash: balance, initialBalance (cents), currencyCode, issuedAt, issuedBy. */
  giftCard: (code: string) => `${TAG}:gift-card:${code}`,
  /** Hash: json (the redemption as sent), released (0 or 1). */
  redemption: (key: string) => `${TAG}:redemption:${key}`,
  /** Hash refund key → cents put back on a gift card. */
  giftCardRefunds: `${TAG}:gift-card-refunds`,
};

const file = (name: string) => new URL(`./lua/${name}.lua`, import.meta.url);

/** Redemption scripts, one file each in lua/ (KEYS, ARGV and why each is atomic at its top). */
const REDEMPTION_SCRIPTS = {
  orderRedeem: { lua: lua(file("redeem")) },
  orderReleaseRedemption: { lua: lua(file("release-redemption")) },
  orderRefundGiftCard: { lua: lua(file("refund-gift-card")), keys: 2 },
  orderIssueGiftCard: { lua: lua(file("issue-gift-card")), keys: 1 },
};

/** What each script answers, as Redis replies it. */
interface RedemptionScripts {
  orderRedeem(...args: (string | number)[]): Promise<string[]>;
  orderReleaseRedemption(...args: (string | number)[]): Promise<number>;
  orderRefundGiftCard(...args: (string | number)[]): Promise<number>;
  orderIssueGiftCard(...args: (string | number)[]): Promise<number>;
}

function keysOf(key: string, redemption: Redemption): string[] {
  return [
    redemptionKeys.redemption(key),
    ...redemption.codes.flatMap((c) => [redemptionKeys.codeUses(c.code), redemptionKeys.codeCustomerUses(c.code)]),
    ...redemption.giftCards.map((g) => redemptionKeys.giftCard(g.code)),
  ];
}

export class RedisRedemptions {
  private readonly scripts: RedemptionScripts;

  constructor(private readonly redis: RedisClient) {
    // The registry answers each script's reply as unknown; the interface is what the Lua files return.
    this.scripts = defineScripts(redis, REDEMPTION_SCRIPTS) as unknown as RedemptionScripts;
  }

  async redeem(key: string, redemption: Redemption): Promise<RedemptionResult> {
    const keys = keysOf(key, redemption);
    const argv = [
      JSON.stringify(redemption),
      redemption.customerId ?? "",
      redemption.codes.length,
      ...redemption.codes.flatMap((c) => [c.usageLimit ?? "", c.perCustomerLimit ?? "", c.code]),
      ...redemption.giftCards.flatMap((g) => [g.amount, g.code]),
    ];
    const [status, reason, code] = await this.scripts.orderRedeem(keys.length, ...keys, ...argv);
    return status === "REDEEMED" ? { status: "REDEEMED" } : { status: "REFUSED", reason: reason as never, code: code! };
  }

  async release(key: string): Promise<void> {
    const json = await this.redis.hget(redemptionKeys.redemption(key), "json");
    if (!json) return;
    const redemption = JSON.parse(json) as Redemption;
    const keys = keysOf(key, redemption);
    await this.scripts.orderReleaseRedemption(
      keys.length,
      ...keys,
      redemption.customerId ?? "",
      redemption.codes.length,
      ...redemption.giftCards.map((g) => g.amount),
    );
  }

  async codeUses(codes: readonly string[]): Promise<number[]> {
    if (codes.length === 0) return [];
    const values = await this.redis.mget(...codes.map(redemptionKeys.codeUses));
    return values.map((v) => Number(v ?? 0));
  }

  async issue(card: GiftCardRecord): Promise<boolean> {
    const fields = Object.entries({ ...card, issuedBy: card.issuedBy ?? "" }).flatMap(([k, v]) => [k, String(v)]);
    return (await this.scripts.orderIssueGiftCard(redemptionKeys.giftCard(card.code), ...fields)) === 1;
  }

  async cardsByCode(codes: readonly string[]): Promise<(GiftCardRecord | null)[]> {
    const results = await execPipeline(this.redis, (pipeline) => {
      for (const code of codes) pipeline.hgetall(redemptionKeys.giftCard(code));
    });
    return results.map((value) => {
      const hash = value as Record<string, string>;
      if (!hash.code) return null;
      return {
        code: hash.code,
        balance: Number(hash.balance),
        initialBalance: Number(hash.initialBalance),
        currencyCode: hash.currencyCode!,
        issuedAt: hash.issuedAt!,
        issuedBy: hash.issuedBy || null,
      };
    });
  }

  async refund(key: string, code: string, amount: number): Promise<void> {
    await this.scripts.orderRefundGiftCard(redemptionKeys.giftCardRefunds, redemptionKeys.giftCard(code), key, amount);
  }
}
