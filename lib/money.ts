/**
 * Money is held as integer minor units (cents) and a currency, and shown as a decimal string: floats never touch it.
 */
export interface MoneyValue {
  /** Minor units, e.g. 1999 for 19.99. */
  cents: number;
  currencyCode: string;
}

export const DEFAULT_CURRENCY = "USD";

export function money(cents: number, currencyCode: string = DEFAULT_CURRENCY): MoneyValue {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`money() expects integer cents, got ${cents}`);
  return { cents, currencyCode };
}

/** "19.99" from 1999; "-0.50" from -50. */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** 1999 from "19.99"; throws on anything that is not a plain decimal with at most two places. */
export function parseAmount(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new TypeError(`not a money amount: "${amount}"`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "0").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}
