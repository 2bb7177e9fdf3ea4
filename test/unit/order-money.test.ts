import { describe, expect, it } from "vitest";
import {
  deliveryOptions,
  EXPRESS_SHIPPING,
  FREE_SHIPPING_FROM,
  shippingPrice,
  STANDARD_SHIPPING,
} from "../../subgraphs/order/pricing/delivery.js";
import { splitCents } from "../../subgraphs/order/pricing/split.js";
import { cardAmountOf } from "../../subgraphs/order/services/settlement.js";

describe("splitting money", () => {
  it("splits in proportion and the parts always add up to the whole", () => {
    expect(splitCents(1000, [1, 1])).toEqual([500, 500]);
    expect(splitCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitCents(1, [3, 1])).toEqual([1, 0]);
    for (const [total, weights] of [
      [999, [7, 13, 1]],
      [12_345, [2500, 1250, 625, 1]],
      [7, [1, 1, 1, 1, 1, 1, 1, 1]],
    ] as const) {
      const parts = splitCents(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });

  it("gives the leftover cents to the largest remainders, ties to the earlier part", () => {
    expect(splitCents(10, [1, 2])).toEqual([3, 7]);
    expect(splitCents(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it("gives nothing to anyone when every weight is zero", () => {
    expect(splitCents(500, [0, 0])).toEqual([0, 0]);
  });
});

describe("delivery options and shipping", () => {
  const now = "2026-03-02T10:00:00.000Z";

  it("ships standard free from the threshold, express always at its price", () => {
    const below = deliveryOptions("SHIP_TO_HOME", FREE_SHIPPING_FROM - 1, now);
    expect(below.map((o) => [o.name, o.price])).toEqual([
      ["STANDARD", STANDARD_SHIPPING],
      ["EXPRESS", EXPRESS_SHIPPING],
    ]);
    expect(deliveryOptions("SHIP_TO_HOME", FREE_SHIPPING_FROM, now)[0]!.price).toBe(0);
    expect(below.every((o) => o.estimatedDeliveryAt !== null && o.readyBy === null)).toBe(true);
  });

  it("offers pickup and curbside free, ready two hours on", () => {
    const [pickup] = deliveryOptions("PICKUP_IN_STORE", 100, now);
    const [curbside] = deliveryOptions("CURBSIDE", 100, now);
    expect(pickup).toMatchObject({ name: "PICKUP", price: 0, readyBy: "2026-03-02T12:00:00.000Z" });
    expect(curbside).toMatchObject({ name: "CURBSIDE", price: 0, readyBy: "2026-03-02T12:00:00.000Z" });
  });

  it("charges shipping once per order, and none without shipped lines", () => {
    expect(shippingPrice(["SHIP_TO_HOME", "SHIP_TO_HOME"], 1000, "STANDARD")).toBe(STANDARD_SHIPPING);
    expect(shippingPrice(["SHIP_TO_HOME", "PICKUP_IN_STORE"], 1000, "EXPRESS")).toBe(EXPRESS_SHIPPING);
    expect(shippingPrice(["PICKUP_IN_STORE", "CURBSIDE"], 1000, "EXPRESS")).toBe(0);
  });
});

describe("what the card is authorized for", () => {
  const draft = {
    lines: [{ id: "a", sku: "A", quantity: 2, unitPrice: 2000, fulfillmentId: null }],
    shippingTotal: 799,
    discountTotal: 400,
    taxTotal: 300,
  };

  it("is the order total less what gift cards pay, nothing when they pay it all", () => {
    expect(cardAmountOf(draft)).toBe(4000 + 799 - 400 + 300);
    expect(cardAmountOf({ ...draft, giftCards: [{ code: "GC-1", amount: 1000 }] })).toBe(4699 - 1000);
    expect(cardAmountOf({ ...draft, giftCards: [{ code: "GC-1", amount: 4699 }] })).toBe(0);
  });
});
