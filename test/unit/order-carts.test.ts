import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { addLines, defaultFulfillment, validQuantity } from "../../subgraphs/order/checkout/cart-lines.js";
import { saleErrors } from "../../subgraphs/order/error-codes.js";
import { refusal } from "../../subgraphs/order/services/carts.js";
import { maskCode } from "../../subgraphs/order/services/gift-cards.js";
import type { CartLineRecord, CartRecord } from "../../subgraphs/order/store/index.js";
import {
  cartRefusal,
  canStartAgain,
  isFinished,
  newCheckout,
  newPickupCode,
  nextSettlement,
  PICKUP_CODE_ALPHABET,
} from "../../subgraphs/order/store/rules.js";

const home = { line1: "1 Main St", city: "Springfield", postalCode: "62701", country: "US" };

function line(id: string, sku: string, quantity: number, how: Partial<CartLineRecord> = {}): CartLineRecord {
  return { id, sku, quantity, method: "SHIP_TO_HOME", locationId: null, shippingAddress: null, unitPrice: null, ...how };
}

function cart(lines: CartLineRecord[], more: Partial<CartRecord> = {}): CartRecord {
  const at = "2026-03-02T10:00:00.000Z";
  return {
    id: "cart-1",
    customerId: null,
    createdChannel: SalesChannel.WEB,
    lastActiveChannel: SalesChannel.WEB,
    currencyCode: "USD",
    lines,
    attribution: null,
    version: 4,
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

describe("cart lines", () => {
  it("adds units to a line of the same SKU leaving the same way, and a new line otherwise", () => {
    const shipped = line("a", "SKU-1", 2, { shippingAddress: { ...home, line2: null, region: null } });
    const pickup = line("b", "SKU-1", 1, { method: "PICKUP_IN_STORE", locationId: "store-1" });
    const next = addLines(
      [shipped, pickup],
      [line("c", "SKU-1", 3, { method: "PICKUP_IN_STORE", locationId: "store-1" }), line("d", "SKU-2", 1)],
    );
    expect(next.map((l) => [l.id, l.quantity])).toEqual([
      ["a", 2],
      ["b", 4],
      ["d", 1],
    ]);
  });

  it("fulfils a new line the way every line already goes, else ships it", () => {
    const atStore = { method: "PICKUP_IN_STORE", locationId: "store-1" } as const;
    expect(defaultFulfillment(cart([line("a", "A", 1, atStore), line("b", "B", 1, atStore)]))).toMatchObject(atStore);
    expect(defaultFulfillment(cart([line("a", "A", 1, atStore), line("b", "B", 1)]))).toEqual({
      method: "SHIP_TO_HOME",
      locationId: null,
      shippingAddress: null,
    });
    expect(defaultFulfillment(cart([]))).toMatchObject({ method: "SHIP_TO_HOME" });
  });

  it("holds 1 to 99 whole units a line", () => {
    expect([0, 1, 99, 100, 1.5, -1].map(validQuantity)).toEqual([false, true, true, false, false, false]);
  });
});

describe("who may change a cart", () => {
  it("refuses a closed, merged or checking-out cart, and a stale expected version", () => {
    expect(refusal(cart([], { orderId: "order-1" }), null)?.code).toBe("CART_CLOSED");
    expect(refusal(cart([], { mergedIntoId: "cart-2" }), null)?.code).toBe("CART_CLOSED");
    expect(refusal(cart([], { checkoutKey: "k" }), null)?.code).toBe("CHECKOUT_IN_PROGRESS");
    expect(refusal(cart([]), 3)).toMatchObject({ code: "CART_CHANGED", field: ["expectedVersion"] });
    expect(refusal(cart([]), 4)).toBeNull();
    expect(refusal(cart([]), null)).toBeNull();
  });

  it("in the stores, writes at the version read only (one rule for memory and Redis)", () => {
    expect(cartRefusal(cart([], { orderId: "o" }), 4)?.status).toBe("CLOSED");
    expect(cartRefusal(cart([], { checkoutKey: "k" }), 4)?.status).toBe("CHECKING_OUT");
    expect(cartRefusal(cart([]), 3)?.status).toBe("CHANGED");
    expect(cartRefusal(cart([]), 4)).toBeNull();
  });
});

describe("settlement records", () => {
  it("start CLAIMED, finish DONE or UNWOUND, and only an unwound key starts again", () => {
    const claimed = newCheckout("key-1", "cart-1", "2026-03-02T10:05:00.000Z");
    expect(claimed).toMatchObject({ ref: "checkout:key-1", state: "CLAIMED", attempt: 1, userErrors: [] });
    expect(isFinished(claimed)).toBe(false);
    const done = nextSettlement(claimed, { state: "DONE", dueAt: "2026-03-02T10:06:00.000Z" });
    expect(isFinished(done)).toBe(true);
    expect(done.dueAt).toBeNull();
    expect(canStartAgain(done)).toBe(false);
    const unwound = nextSettlement(claimed, { state: "UNWOUND", dueAt: null });
    expect(canStartAgain(unwound)).toBe(true);
    expect(canStartAgain(null)).toBe(false);
    expect(claimed.state).toBe("CLAIMED");
  });
});

describe("codes people read", () => {
  it("pickup codes: six characters with no 0/O or 1/I to confuse", () => {
    for (let i = 0; i < 50; i++) {
      const code = newPickupCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect([...code].every((c) => PICKUP_CODE_ALPHABET.includes(c))).toBe(true);
    }
    expect(PICKUP_CODE_ALPHABET).not.toMatch(/[01IO]/);
  });

  it("gift card codes on screen show their last four characters only", () => {
    expect(maskCode("GC-ABCDEFGH")).toBe("•••••••EFGH");
    expect(maskCode("ABC")).toBe("ABC");
  });
});

describe("a till sale's errors", () => {
  it("keeps the codes a sale can record and reads any other as CHECKOUT_FAILED", () => {
    expect(
      saleErrors([
        { code: "OUT_OF_STOCK", message: "gone", field: ["input", "lines", "0"] },
        { code: "CART_EMPTY", message: "empty", field: null },
      ]),
    ).toEqual([
      { code: "OUT_OF_STOCK", message: "gone", field: ["input", "lines", "0"] },
      { code: "CHECKOUT_FAILED", message: "empty", field: null },
    ]);
  });
});
