import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { cartCost, type CostLine } from "../../subgraphs/order/pricing/cost.js";
import { PromotionBook, type Promotion } from "../../subgraphs/order/pricing/promotions.js";
import { refundTargets, returnRefundCents } from "../../subgraphs/order/pricing/refunds.js";
import { rateTableTax } from "../../subgraphs/order/pricing/tax.js";

// The order promotions, codes, points and tax apply in (README "What the shopper pays"), on the pricing function that
// both Cart.cost and checkout use. The graph-level stories are in the cart-cost-*.test.ts journeys; these pin the arithmetic.

const NOW = "2026-06-01T12:00:00.000Z";
const IL = { country: "US", region: "IL" };
const line = (id: string, unitPrice: number, quantity: number, facts: Partial<CostLine["facts"]> = {}): CostLine => ({
  id,
  sku: `SKU-${id}`,
  quantity,
  unitPrice,
  facts: { sku: `SKU-${id}`, brand: null, categoryIds: [], ...facts },
  method: "SHIP_TO_HOME",
  taxPlace: IL,
});
const auto = (id: string, rule: Promotion["rule"], extra: Partial<Promotion> = {}): Promotion => ({
  id,
  title: id,
  rule,
  channels: null,
  startsAt: null,
  endsAt: null,
  code: null,
  ...extra,
});
const coded = (id: string, code: string, rule: Promotion["rule"]): Promotion => ({
  ...auto(id, rule),
  code: { code, usageLimit: null, perCustomerLimit: null },
});
const cost = (lines: CostLine[], promotions: Promotion[], more: Partial<Parameters<typeof cartCost>[0]> = {}) =>
  cartCost({
    lines,
    channel: SalesChannel.WEB,
    now: NOW,
    shippingOption: "STANDARD",
    codes: [],
    customerId: "c-1",
    book: new PromotionBook(promotions),
    tax: rateTableTax({}),
    ...more,
  });

describe("cart pricing", () => {
  it("each line takes only its single best automatic promotion; ties go to the lowest id", () => {
    const result = cost(
      [line("a", 10_000, 1, { categoryIds: ["cat-home"] }), line("b", 2_000, 1)],
      [
        auto("p2", { kind: "PERCENT_OFF", percent: 10, target: { categoryIds: ["cat-home"] } }),
        auto("p1", { kind: "AMOUNT_OFF", cents: 1_000, target: {} }),
        auto("p3", { kind: "PERCENT_OFF", percent: 50, target: { skus: ["SKU-none"] } }),
      ],
    );
    // a: 10% (1000) ties $10 off (1000) → p1 by id; b: only p1 applies, $10 off.
    expect(result.lines.map((l) => l.discounts.map((d) => [d.promotionId, d.amount]))).toEqual([[["p1", 1_000]], [["p1", 1_000]]]);
  });

  it("codes stack on automatic promotions in the order entered, each on what is left, never below zero", () => {
    const result = cost(
      [line("a", 10_000, 1)],
      [
        auto("auto", { kind: "PERCENT_OFF", percent: 10, target: {} }),
        coded("c1", "HALF", { kind: "PERCENT_OFF", percent: 50, target: {} }),
        coded("c2", "BIG", { kind: "AMOUNT_OFF", cents: 99_999, target: {} }),
      ],
      {
        codes: ["half", "BIG"],
      },
    );
    expect(result.discounts.map((d) => [d.promotionId, d.amount])).toEqual([
      ["auto", 1_000],
      ["c1", 4_500],
      ["c2", 4_500],
    ]);
    expect(result.total).toBe(0 + result.shipping);
  });

  it("buy 2 get 1: the cheapest eligible units are free, one per full group of three", () => {
    const result = cost(
      [line("a", 3_000, 2, { brand: "Trailmark" }), line("b", 1_000, 3, { brand: "Trailmark" }), line("c", 500, 1)],
      [auto("b2g1", { kind: "BUY_X_GET_Y", buy: 2, get: 1, target: { brands: ["Trailmark"] } })],
    );
    // Five eligible units → one group → the cheapest eligible unit (1000) is free; the off-brand line is not counted.
    expect(result.lines.map((l) => l.discount)).toEqual([0, 1_000, 0]);
  });

  it("free shipping applies to standard shipping once the merchandise after discounts reaches its threshold", () => {
    const free = auto("ship", { kind: "FREE_SHIPPING", minSubtotal: 4_000 });
    expect(cost([line("a", 4_000, 1)], [free])).toMatchObject({ shipping: 799, shippingDiscount: 799 });
    expect(
      cost([line("a", 4_000, 1)], [free, coded("c", "TEN", { kind: "PERCENT_OFF", percent: 10, target: {} })], { codes: ["TEN"] }),
    ).toMatchObject({ shipping: 799, shippingDiscount: 0 });
    expect(cost([line("a", 4_000, 1)], [free], { shippingOption: "EXPRESS" })).toMatchObject({ shipping: 1_999, shippingDiscount: 0 });
  });

  it("a promotion runs only on its channels and inside its window; a code outside its window is a problem, not a discount", () => {
    const kiosk = auto("k", { kind: "PERCENT_OFF", percent: 10, target: {} }, { channels: [SalesChannel.KIOSK] });
    const later = auto("l", { kind: "PERCENT_OFF", percent: 20, target: {} }, { startsAt: "2026-07-01T00:00:00.000Z" });
    const ended = { ...coded("e", "OLD", { kind: "PERCENT_OFF", percent: 30, target: {} }), endsAt: "2026-05-01T00:00:00.000Z" };
    const result = cost([line("a", 10_000, 1)], [kiosk, later, ended], { codes: ["OLD"] });
    expect(result.discountTotal).toBe(0);
    expect(result.problems.map((p) => p.code)).toEqual(["DISCOUNT_CODE_EXPIRED"]);
    expect(cost([line("a", 10_000, 1)], [kiosk], { channel: SalesChannel.KIOSK }).discountTotal).toBe(1_000);
  });

  it("loyalty points come off after promotions, whole points only, and tax is on what is left, line by line", () => {
    const result = cost([line("a", 3_333, 1), line("b", 6_667, 1)], [], {
      loyaltyPoints: 100_000,
      pointValueCents: 3,
      tax: rateTableTax({ IL: 625 }),
    });
    // 10000 cents of merchandise buys floor(10000 / 3) = 3333 points = 9999 cents.
    expect(result.pointsUsed).toBe(3_333);
    expect(result.pointsDiscount).toBe(9_999);
    expect(result.lines.reduce((sum, l) => sum + l.discount, 0)).toBe(9_999);
    expect(result.tax).toBe(
      result.lines.reduce((sum, l) => sum + l.tax, 0) + Math.round(((result.shipping - result.shippingDiscount) * 625) / 10_000),
    );
    expect(result.total).toBe(result.subtotal + result.shipping - result.discountTotal + result.tax);
  });

  it("a return refunds each unit net of its discount with its share of the tax, to the gift cards first, then the card", () => {
    const order = {
      lines: [{ id: "L1", sku: "A", quantity: 3, unitPrice: 1_000, fulfillmentId: null, discount: 300, tax: 170 }],
      giftCards: [
        { code: "GC-A", amount: 1_200 },
        { code: "GC-B", amount: 500 },
      ],
    };
    // Two of three units: 2000 − 200 + 113 (170 × 2/3, rounded).
    expect(returnRefundCents(order, [{ orderLineId: "L1", quantity: 2 }])).toBe(1_913);
    expect(refundTargets(order, 1_913, 0)).toEqual({
      giftCards: [
        { code: "GC-A", amount: 1_200 },
        { code: "GC-B", amount: 500 },
      ],
      card: 213,
      cash: 0,
    });
    // After 1000 went back already, GC-A has 200 left to take back, GC-B 500.
    expect(refundTargets(order, 1_000, 1_000)).toEqual({
      giftCards: [
        { code: "GC-A", amount: 200 },
        { code: "GC-B", amount: 500 },
      ],
      card: 300,
      cash: 0,
    });
  });

  it("a till sale paid partly in cash refunds the card at most what it was charged, the rest in cash", () => {
    const order = {
      giftCards: [],
      tenders: [
        { method: "CARD" as const, amount: 1_500, giftCardCode: null },
        { method: "CASH" as const, amount: 2_500, giftCardCode: null },
      ],
    };
    expect(refundTargets(order, 4_000, 0)).toEqual({ giftCards: [], card: 1_500, cash: 2_500 });
    // After 1000 went back to the card, it takes at most 500 more.
    expect(refundTargets(order, 2_000, 1_000)).toEqual({ giftCards: [], card: 500, cash: 1_500 });
    // Without tenders (a checkout), everything past the gift cards goes to the card.
    expect(refundTargets({ giftCards: [] }, 2_000, 0)).toEqual({ giftCards: [], card: 2_000, cash: 0 });
  });
});
