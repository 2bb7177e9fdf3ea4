import { describe, expect, it } from "vitest";
import { carrierName, trackingUrl } from "../../subgraphs/order/services/carriers.js";
import { cardAmountOf } from "../../subgraphs/order/services/settlement.js";
import { cashOf, checkTenders, giftCardsOf } from "../../subgraphs/order/services/tenders.js";
import { canMove } from "../../subgraphs/order/lifecycle.js";

// A till sale's tenders, what the card is charged beside them, the carrier table and a shipment's pack step (no servers).

describe("till tenders", () => {
  it("without tenders the card pays the whole total", () => {
    expect(checkTenders(null, 1234)).toEqual({ tenders: [{ method: "CARD", amount: 1234, giftCardCode: null }] });
    expect(checkTenders([], 1234)).toEqual({ tenders: [{ method: "CARD", amount: 1234, giftCardCode: null }] });
  });

  it("takes card, cash and gift card amounts that add up to the total, gift card codes as typed in upper case", () => {
    const paid = checkTenders(
      [
        { method: "CARD", amount: "10.00" },
        { method: "CASH", amount: "2.5" },
        { method: "GIFT_CARD", amount: "1", giftCardCode: " gc-abcd " },
      ],
      1350,
    );
    expect(paid).toEqual({
      tenders: [
        { method: "CARD", amount: 1000, giftCardCode: null },
        { method: "CASH", amount: 250, giftCardCode: null },
        { method: "GIFT_CARD", amount: 100, giftCardCode: "GC-ABCD" },
      ],
    });
  });

  it("refuses amounts that do not add up, unreadable or non-positive amounts, a gift card without code, two cards", () => {
    const code = (result: ReturnType<typeof checkTenders>) =>
      "userErrors" in result ? result.userErrors.map((e) => [e.code, e.field]) : [];
    expect(code(checkTenders([{ method: "CASH", amount: "12.33" }], 1234))).toEqual([["TENDERS_MISMATCH", ["input", "tenders"]]]);
    expect(code(checkTenders([{ method: "CASH", amount: "12,34" }], 1234))).toEqual([
      ["INVALID_TENDER", ["input", "tenders", "0", "amount"]],
    ]);
    expect(code(checkTenders([{ method: "CASH", amount: "0" }], 0))).toEqual([["INVALID_TENDER", ["input", "tenders", "0", "amount"]]]);
    expect(code(checkTenders([{ method: "GIFT_CARD", amount: "12.34", giftCardCode: " " }], 1234))).toEqual([
      ["INVALID_TENDER", ["input", "tenders", "0", "giftCardCode"]],
    ]);
    expect(
      code(
        checkTenders(
          [
            { method: "CARD", amount: "6.00" },
            { method: "CARD", amount: "6.34" },
          ],
          1234,
        ),
      ),
    ).toEqual([["INVALID_TENDER", ["input", "tenders", "1", "method"]]]);
  });

  it("spends each gift card once with its amounts added up; the card is charged the total less gift cards and cash", () => {
    const tenders = [
      { method: "GIFT_CARD" as const, amount: 300, giftCardCode: "GC-1" },
      { method: "GIFT_CARD" as const, amount: 200, giftCardCode: "GC-1" },
      { method: "CASH" as const, amount: 400, giftCardCode: null },
      { method: "CARD" as const, amount: 100, giftCardCode: null },
    ];
    const giftCards = giftCardsOf(tenders);
    expect(giftCards).toEqual([{ code: "GC-1", amount: 500 }]);
    expect(cashOf({ tenders })).toBe(400);
    const draft = {
      lines: [{ id: "L1", sku: "S", quantity: 1, unitPrice: 1000, fulfillmentId: null }],
      shippingTotal: 0,
      giftCards,
      tenders,
    };
    expect(cardAmountOf(draft)).toBe(100);
    expect(cardAmountOf({ ...draft, tenders: undefined, giftCards: undefined })).toBe(1000);
  });
});

describe("shipping from a store", () => {
  it("links the known carriers' tracking pages, whatever case they are typed in; others have none", () => {
    expect(carrierName(" fedex ")).toBe("FEDEX");
    expect(trackingUrl("ups", "1Z 9")).toBe("https://www.ups.com/track?tracknum=1Z%209");
    expect(trackingUrl("Acme Freight", "123")).toBeNull();
  });

  it("a shipment may be packed before it ships, and ships from picking as before; a pickup is never packed", () => {
    expect(canMove("SHIP_TO_HOME", "PICKING", "PACKED")).toBe(true);
    expect(canMove("SHIP_TO_HOME", "PACKED", "SHIPPED")).toBe(true);
    expect(canMove("SHIP_TO_HOME", "PICKING", "SHIPPED")).toBe(true);
    expect(canMove("SHIP_TO_HOME", "PENDING", "PACKED")).toBe(false);
    expect(canMove("PICKUP_IN_STORE", "PICKING", "PACKED")).toBe(false);
  });
});
