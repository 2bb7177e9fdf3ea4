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

/**
 * KEYS: the redemption record, then per code its uses and per-customer uses, then per gift card its hash.
 * ARGV: the redemption JSON, customer id ('' for none), code count, then per code usage limit and per-customer limit
 * ('' for none) and the code, then per gift card the amount and the code.
 */
const REDEEM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'REDEEMED'} end
local customer = ARGV[2]
local codes = tonumber(ARGV[3])
for i = 1, codes do
  local limit, perCustomer, code = ARGV[1 + 3 * i], ARGV[2 + 3 * i], ARGV[3 + 3 * i]
  if limit ~= '' and tonumber(redis.call('GET', KEYS[2 * i] ) or '0') >= tonumber(limit) then return {'REFUSED', 'CODE_USED_UP', code} end
  if perCustomer ~= '' and tonumber(redis.call('HGET', KEYS[1 + 2 * i], customer) or '0') >= tonumber(perCustomer) then return {'REFUSED', 'CODE_CUSTOMER_LIMIT', code} end
end
local cardsFrom = 4 + 3 * codes
local wanted, order = {}, {}
for j = cardsFrom, #ARGV, 2 do
  local key = KEYS[2 + 2 * codes + (j - cardsFrom) / 2]
  if not wanted[key] then wanted[key] = {0, ARGV[j + 1]}; table.insert(order, key) end
  wanted[key][1] = wanted[key][1] + tonumber(ARGV[j])
end
for _, key in ipairs(order) do
  local balance = redis.call('HGET', key, 'balance')
  if not balance then return {'REFUSED', 'GIFT_CARD_UNKNOWN', wanted[key][2]} end
  if tonumber(balance) < wanted[key][1] then return {'REFUSED', 'GIFT_CARD_BALANCE', wanted[key][2]} end
end
for i = 1, codes do
  redis.call('INCR', KEYS[2 * i])
  if customer ~= '' then redis.call('HINCRBY', KEYS[1 + 2 * i], customer, 1) end
end
for _, key in ipairs(order) do redis.call('HINCRBY', key, 'balance', -wanted[key][1]) end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'released', '0')
return {'REDEEMED'}
`;

/** KEYS: as REDEEM's. ARGV: customer id, code count, then per gift card the amount. Gives back once. */
const RELEASE = `
if redis.call('HGET', KEYS[1], 'released') ~= '0' then return 0 end
local customer = ARGV[1]
local codes = tonumber(ARGV[2])
for i = 1, codes do
  redis.call('DECR', KEYS[2 * i])
  if customer ~= '' then redis.call('HINCRBY', KEYS[1 + 2 * i], customer, -1) end
end
for j = 3, #ARGV do redis.call('HINCRBY', KEYS[2 + 2 * codes + (j - 3)], 'balance', tonumber(ARGV[j])) end
redis.call('HSET', KEYS[1], 'released', '1')
return 1
`;

/** KEYS: the refunds hash, the gift card. ARGV: refund key, cents. Once per refund key; nothing for an unknown card. */
const REFUND = `
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], 'balance', tonumber(ARGV[2]))
return 1
`;

/** KEYS: the gift card. ARGV: field, value pairs. Only a new code. */
const ISSUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

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
  private readonly redis: RedisClient & RedemptionScripts;

  constructor(redis: RedisClient) {
    redis.defineCommand("orderRedeem", { lua: REDEEM });
    redis.defineCommand("orderReleaseRedemption", { lua: RELEASE });
    redis.defineCommand("orderRefundGiftCard", { numberOfKeys: 2, lua: REFUND });
    redis.defineCommand("orderIssueGiftCard", { numberOfKeys: 1, lua: ISSUE });
    this.redis = redis as RedisClient & RedemptionScripts;
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
    const [status, reason, code] = await this.redis.orderRedeem(keys.length, ...keys, ...argv);
    return status === "REDEEMED" ? { status: "REDEEMED" } : { status: "REFUSED", reason: reason as never, code: code! };
  }

  async release(key: string): Promise<void> {
    const json = await this.redis.hget(redemptionKeys.redemption(key), "json");
    if (!json) return;
    const redemption = JSON.parse(json) as Redemption;
    const keys = keysOf(key, redemption);
    await this.redis.orderReleaseRedemption(
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
    return (await this.redis.orderIssueGiftCard(redemptionKeys.giftCard(card.code), ...fields)) === 1;
  }

  async cardsByCode(codes: readonly string[]): Promise<(GiftCardRecord | null)[]> {
    const pipeline = this.redis.pipeline();
    for (const code of codes) pipeline.hgetall(redemptionKeys.giftCard(code));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
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
    await this.redis.orderRefundGiftCard(redemptionKeys.giftCardRefunds, redemptionKeys.giftCard(code), key, amount);
  }
}
