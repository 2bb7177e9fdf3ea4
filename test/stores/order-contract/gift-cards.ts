import { describe, expect, it } from "vitest";
import { at, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Discount code uses and gift card balances: all or nothing, once per key, never below zero. */
export function giftCardsContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

  describe(`${name} order store: discount code uses and gift card balances`, () => {
    const card = (code: string, balance: number) => ({
      code,
      balance,
      initialBalance: balance,
      currencyCode: "USD",
      issuedAt: at(1),
      issuedBy: null,
    });
    const limited = (code: string, usageLimit: number | null, perCustomerLimit: number | null = null) => ({
      code,
      usageLimit,
      perCustomerLimit,
    });

    it("issues a gift card once per code and reads it back; unknown codes read as null", async () => {
      const store = await fresh();
      expect(await store.issueGiftCard(card("GC-1", 5000))).toBe(true);
      expect(await store.issueGiftCard(card("GC-1", 100))).toBe(false);
      expect(await store.giftCardsByCode(["GC-1", "GC-NONE"])).toEqual([card("GC-1", 5000), null]);
    });

    it("redeems all or nothing, once per key; a release gives back once; a released key never spends again", async () => {
      const store = await fresh();
      await store.issueGiftCard(card("GC-2", 1000));
      const redemption = { customerId: "cust-a", codes: [limited("TEN", 10)], giftCards: [{ code: "GC-2", amount: 600 }] };
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(400);
      expect(await store.discountCodeUses(["TEN"])).toEqual([1]);
      // More than is left on the card: nothing is spent, the code's use included.
      expect(await store.redeem("k2", { ...redemption, giftCards: [{ code: "GC-2", amount: 500 }] })).toEqual({
        status: "REFUSED",
        reason: "GIFT_CARD_BALANCE",
        code: "GC-2",
      });
      expect(await store.discountCodeUses(["TEN"])).toEqual([1]);
      expect(await store.redeem("k3", { ...redemption, giftCards: [{ code: "GC-NONE", amount: 1 }] })).toMatchObject({
        status: "REFUSED",
        reason: "GIFT_CARD_UNKNOWN",
      });
      await store.releaseRedemption("k1");
      await store.releaseRedemption("k1");
      await store.releaseRedemption("never-redeemed");
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(1000);
      expect(await store.discountCodeUses(["TEN"])).toEqual([0]);
      expect(await store.redeem("k1", redemption)).toEqual({ status: "REDEEMED" });
      expect((await store.giftCardsByCode(["GC-2"]))[0]!.balance).toBe(1000);
    });

    it("counts a code's uses per customer; refunds put money back on a card once per key", async () => {
      const store = await fresh();
      await store.issueGiftCard(card("GC-3", 300));
      const once = { customerId: "cust-a", codes: [limited("ONCE-EACH", null, 1)], giftCards: [] };
      expect(await store.redeem("a1", once)).toEqual({ status: "REDEEMED" });
      expect(await store.redeem("a2", once)).toEqual({ status: "REFUSED", reason: "CODE_CUSTOMER_LIMIT", code: "ONCE-EACH" });
      expect(await store.redeem("b1", { ...once, customerId: "cust-b" })).toEqual({ status: "REDEEMED" });
      await store.refundGiftCard("r1", "GC-3", 200);
      await store.refundGiftCard("r1", "GC-3", 200);
      expect((await store.giftCardsByCode(["GC-3"]))[0]!.balance).toBe(500);
    });

    it("20 redemptions of a 5-use code and one gift card across instances at once: exactly 5 uses, the card never below zero", async () => {
      const stores = await harness.instancesOf(await fresh(), 4);
      await stores[0]!.issueGiftCard(card("GC-4", 1000));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores[i % stores.length]!.redeem(`crowd-${i}`, { customerId: null, codes: [limited("FIVE", 5)], giftCards: [] }),
        ),
      );
      expect(results.filter((r) => r.status === "REDEEMED")).toHaveLength(5);
      expect(await stores[1]!.discountCodeUses(["FIVE"])).toEqual([5]);
      const spends = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          stores[i % stores.length]!.redeem(`card-${i}`, { customerId: null, codes: [], giftCards: [{ code: "GC-4", amount: 300 }] }),
        ),
      );
      expect(spends.filter((r) => r.status === "REDEEMED")).toHaveLength(3);
      expect((await stores[2]!.giftCardsByCode(["GC-4"]))[0]!.balance).toBe(100);
    });
  });
}
