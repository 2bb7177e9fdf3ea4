import { describe, expect, it } from "vitest";
import { DEFAULT_CURRENCY, formatAmount, money, parseAmount } from "../../lib/money.js";

// Money in integer cents, shown as a decimal string (lib/money.ts): floats never touch it.

describe("money", () => {
  it("holds integer cents and a currency, USD by default", () => {
    expect(money(1999)).toEqual({ cents: 1999, currencyCode: DEFAULT_CURRENCY });
    expect(DEFAULT_CURRENCY).toBe("USD");
    expect(money(-50, "EUR")).toEqual({ cents: -50, currencyCode: "EUR" });
  });

  it("refuses anything but a safe integer of cents", () => {
    for (const bad of [19.99, Number.NaN, Infinity, 2 ** 53]) expect(() => money(bad), String(bad)).toThrow(TypeError);
  });
});

describe("amounts", () => {
  it.each([
    [1999, "19.99"],
    [0, "0.00"],
    [5, "0.05"],
    [100, "1.00"],
    [-50, "-0.50"],
    [-12345, "-123.45"],
    [123456789, "1234567.89"],
  ])("%i cents is %s, and back", (cents, text) => {
    expect(formatAmount(cents)).toBe(text);
    expect(parseAmount(text)).toBe(cents);
  });

  it("reads one or no decimal places as whole tenths or units", () => {
    expect(parseAmount("19.9")).toBe(1990);
    expect(parseAmount("19")).toBe(1900);
    expect(parseAmount("-0.5")).toBe(-50);
  });

  it.each(["", "1.999", "1,99", "$1.99", "1.", ".5", "1e3", " 1.00", "+1.00", "abc"])("refuses %j", (text) => {
    expect(() => parseAmount(text)).toThrow(TypeError);
  });

  it("never goes through floating point: 0.1 + 0.2 in cents is exactly 0.30", () => {
    expect(formatAmount(parseAmount("0.10") + parseAmount("0.20"))).toBe("0.30");
  });
});
