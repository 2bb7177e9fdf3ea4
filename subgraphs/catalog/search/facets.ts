import type { SalesChannel } from "../../../lib/channel.js";

/** Facets offered on search results, in the order they are shown. */
export const FACET_NAMES = ["category", "brand", "color", "size", "price"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Each facet's heading on a results screen. */
export const FACET_LABELS: Record<FacetName, string> = {
  category: "Category",
  brand: "Brand",
  color: "Color",
  size: "Size",
  price: "Price",
};

/** Price bands in cents, [value, from, below]: a product sits in the band of its lowest price on the request's channel. */
export const PRICE_BANDS: readonly (readonly [string, number, number])[] = [
  ["under-25", 0, 2500],
  ["25-50", 2500, 5000],
  ["50-100", 5000, 10_000],
  ["100-200", 10_000, 20_000],
  ["200-plus", 20_000, Number.MAX_SAFE_INTEGER],
];

/** The band a price (cents) falls in. */
export function priceBand(cents: number): string {
  return (PRICE_BANDS.find(([, from, below]) => cents >= from && cents < below) ?? PRICE_BANDS[PRICE_BANDS.length - 1])[0];
}

/** A band's place in PRICE_BANDS (bands are shown cheapest first). */
export function priceBandOrder(band: string): number {
  return PRICE_BANDS.findIndex(([name]) => name === band);
}

const formats = new Map<string, Intl.NumberFormat>();
/** Whole units of `currencyCode` as a shopper reads them: "$100". */
function wholeUnits(cents: number, currencyCode: string): string {
  let format = formats.get(currencyCode);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currencyCode,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    formats.set(currencyCode, format);
  }
  return format.format(cents / 100);
}

const bandLabels = new Map<string, string>();
/** What a screen shows for a price band: "Under $25", "$100–$200", "$200 and up" (worked out once per band and currency). */
export function priceBandLabel(band: string, currencyCode: string): string {
  const key = `${band} ${currencyCode}`;
  let label = bandLabels.get(key);
  if (label === undefined) {
    label = bandLabelOf(band, currencyCode);
    // Only the bands of PRICE_BANDS are kept: an unknown band is answered as itself, never remembered.
    if (label !== band) bandLabels.set(key, label);
  }
  return label;
}

function bandLabelOf(band: string, currencyCode: string): string {
  const found = PRICE_BANDS.find(([name]) => name === band);
  if (!found) return band;
  const [, from, below] = found;
  if (from === 0) return `Under ${wholeUnits(below, currencyCode)}`;
  if (below === Number.MAX_SAFE_INTEGER) return `${wholeUnits(from, currencyCode)} and up`;
  return `${wholeUnits(from, currencyCode)}–${wholeUnits(below, currencyCode)}`;
}

/** What the facets need of one product: its values per facet (price aside), its lowest price and band per channel. */
export interface Faceted {
  values: Record<Exclude<FacetName, "price">, readonly string[]>;
  /** Lowest variant price in cents, per channel. */
  minPrice: Record<SalesChannel, number>;
  /** The band of that price, per channel (as a one-value list, like the other facets' values). */
  priceBands: Record<SalesChannel, readonly string[]>;
}

/** The price bands of a product's lowest prices, per channel. */
export function priceBandsOf(minPrice: Record<SalesChannel, number>): Record<SalesChannel, readonly string[]> {
  const bands = {} as Record<SalesChannel, readonly string[]>;
  for (const [channel, cents] of Object.entries(minPrice) as [SalesChannel, number][]) bands[channel] = [priceBand(cents)];
  return bands;
}

export interface FacetFilter {
  name: string;
  values: readonly string[];
}

export interface FacetCount {
  name: FacetName;
  values: { value: string; count: number }[];
}
