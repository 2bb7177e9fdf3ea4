import type { GiftCardRecord, Redemption, RedemptionResult } from "./index.js";

/**
 * Discount code uses and gift card balances in memory. Every method decides and writes in one synchronous step, which
 * is what makes a redemption atomic here (the Redis store does the same in one Lua script).
 */
export class MemoryRedemptions {
  private readonly uses = new Map<string, number>();
  private readonly customerUses = new Map<string, number>();
  private readonly cards = new Map<string, GiftCardRecord>();
  /** By settlement key: what was spent, and whether it was given back. */
  private readonly redemptions = new Map<string, { redemption: Redemption; released: boolean }>();
  private readonly giftCardRefunds = new Set<string>();

  redeem(key: string, redemption: Redemption): RedemptionResult {
    if (this.redemptions.has(key)) return { status: "REDEEMED" };
    for (const code of redemption.codes) {
      if (code.usageLimit !== null && (this.uses.get(code.code) ?? 0) >= code.usageLimit)
        return { status: "REFUSED", reason: "CODE_USED_UP", code: code.code };
      if (
        code.perCustomerLimit !== null &&
        (this.customerUses.get(`${code.code}|${redemption.customerId}`) ?? 0) >= code.perCustomerLimit
      ) {
        return { status: "REFUSED", reason: "CODE_CUSTOMER_LIMIT", code: code.code };
      }
    }
    const wanted = new Map<string, number>();
    for (const card of redemption.giftCards) wanted.set(card.code, (wanted.get(card.code) ?? 0) + card.amount);
    for (const [code, amount] of wanted) {
      const card = this.cards.get(code);
      if (!card) return { status: "REFUSED", reason: "GIFT_CARD_UNKNOWN", code };
      if (card.balance < amount) return { status: "REFUSED", reason: "GIFT_CARD_BALANCE", code };
    }
    this.apply(redemption, 1);
    this.redemptions.set(key, { redemption, released: false });
    return { status: "REDEEMED" };
  }

  release(key: string): void {
    const recorded = this.redemptions.get(key);
    if (!recorded || recorded.released) return;
    recorded.released = true;
    this.apply(recorded.redemption, -1);
  }

  private apply(redemption: Redemption, sign: 1 | -1): void {
    for (const code of redemption.codes) {
      this.uses.set(code.code, (this.uses.get(code.code) ?? 0) + sign);
      if (redemption.customerId !== null) {
        const key = `${code.code}|${redemption.customerId}`;
        this.customerUses.set(key, (this.customerUses.get(key) ?? 0) + sign);
      }
    }
    for (const card of redemption.giftCards) {
      const held = this.cards.get(card.code);
      if (held) this.cards.set(card.code, { ...held, balance: held.balance - sign * card.amount });
    }
  }

  codeUses(codes: readonly string[]): number[] {
    return codes.map((code) => this.uses.get(code) ?? 0);
  }

  issue(card: GiftCardRecord): boolean {
    if (this.cards.has(card.code)) return false;
    this.cards.set(card.code, { ...card });
    return true;
  }

  cardsByCode(codes: readonly string[]): (GiftCardRecord | null)[] {
    return codes.map((code) => (this.cards.has(code) ? { ...this.cards.get(code)! } : null));
  }

  refund(key: string, code: string, amount: number): void {
    const card = this.cards.get(code);
    if (!card || this.giftCardRefunds.has(key)) return;
    this.giftCardRefunds.add(key);
    this.cards.set(code, { ...card, balance: card.balance + amount });
  }
}
