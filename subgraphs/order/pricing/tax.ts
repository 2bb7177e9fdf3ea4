/**
 * Tax is behind this interface so a real tax service can replace the demo table without touching cart or checkout
 * code. The caller says where the goods are taxed (`region`): the shipping address' state for ship-to-home, the
 * store's state for pickup, curbside and till sales.
 */
export interface TaxableLine {
  /** Cart or order line id. */
  key: string;
  /** Cents after discounts: what the shopper pays for the line. */
  amount: number;
}

export interface TaxLine {
  /** What the tax is, e.g. "IL sales tax". */
  title: string;
  /** Rate in basis points (625 = 6.25%). */
  rateBps: number;
  /** Cents. */
  amount: number;
}

export interface TaxResult {
  lines: TaxLine[];
  /** Cents: the sum of the tax lines. */
  total: number;
  /** Tax per taxable line key, summing to `total` with shipping's share: what a return of that line refunds. */
  byLine: Map<string, number>;
}

export interface TaxCalculator {
  /** Tax on `lines` and `shipping` (cents) delivered or handed over in `region` (country and state). */
  tax(input: { country: string; region: string | null; lines: readonly TaxableLine[]; shipping: number }): TaxResult;
}

/**
 * The demo calculator: one rate per state (TAX_RATES, e.g. "IL:625,WI:500" in basis points), applied to the lines
 * after discounts and to shipping. Each line's tax is rounded half up; the shipping tax is rounded the same way, so
 * the order's tax is the sum of what each line would refund. A state without a rate is untaxed.
 */
export function rateTableTax(ratesBps: Readonly<Record<string, number>>): TaxCalculator {
  return {
    tax({ country, region, lines, shipping }) {
      const rate = region ? (ratesBps[`${country}-${region}`] ?? ratesBps[region] ?? 0) : 0;
      const byLine = new Map<string, number>();
      if (rate === 0) return { lines: [], total: 0, byLine };
      let total = 0;
      for (const line of lines) {
        const cents = Math.round((line.amount * rate) / 10_000);
        byLine.set(line.key, cents);
        total += cents;
      }
      total += Math.round((shipping * rate) / 10_000);
      return { lines: [{ title: `${region} sales tax`, rateBps: rate, amount: total }], total, byLine };
    },
  };
}
