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

/** What a screen shows for a price band: "Under $25", "$100–$200", "$200 and up". */
export function priceBandLabel(band: string, currencyCode: string): string {
  const found = PRICE_BANDS.find(([name]) => name === band);
  if (!found) return band;
  const [, from, below] = found;
  if (from === 0) return `Under ${wholeUnits(below, currencyCode)}`;
  if (below === Number.MAX_SAFE_INTEGER) return `${wholeUnits(from, currencyCode)} and up`;
  return `${wholeUnits(from, currencyCode)}–${wholeUnits(below, currencyCode)}`;
}

/** What the facets need of one product: its values per facet (price aside) and its lowest price per channel. */
export interface Faceted {
  values: Record<Exclude<FacetName, "price">, readonly string[]>;
  /** Lowest variant price in cents, per channel. */
  minPrice: Record<SalesChannel, number>;
}

/** A product's values for one facet; the price band follows `channel`'s price list. */
export function facetValues(item: Faceted, name: FacetName, channel: SalesChannel): readonly string[] {
  return name === "price" ? [priceBand(item.minPrice[channel])] : item.values[name];
}

export interface FacetFilter {
  name: string;
  values: readonly string[];
}

export interface FacetCount {
  name: FacetName;
  values: { value: string; count: number }[];
}

/**
 * Facet counts over the products a query matched, disjunctive: each facet counts the products that pass every
 * *other* facet's filter, so a shopper can still widen a choice. Values most common first, price bands in order.
 */
export function countFacets<T extends Faceted>(
  matched: readonly T[],
  filters: readonly FacetFilter[],
  channel: SalesChannel,
): FacetCount[] {
  const active = filters.filter((filter) => filter.values.length > 0);
  const passes = (item: T, except: string) =>
    active.every(
      (filter) => filter.name === except || facetValues(item, filter.name as FacetName, channel).some((v) => filter.values.includes(v)),
    );
  return FACET_NAMES.map((name) => {
    const counts = new Map<string, number>();
    for (const item of matched) {
      if (!passes(item, name)) continue;
      for (const value of facetValues(item, name, channel)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const values = [...counts].map(([value, count]) => ({ value, count }));
    values.sort((a, b) =>
      name === "price" ? priceBandOrder(a.value) - priceBandOrder(b.value) : b.count - a.count || a.value.localeCompare(b.value),
    );
    return { name, values };
  });
}

/** Whether a product passes every filter. */
export function passesFilters(item: Faceted, filters: readonly FacetFilter[], channel: SalesChannel): boolean {
  return filters.every(
    (filter) => filter.values.length === 0 || facetValues(item, filter.name as FacetName, channel).some((v) => filter.values.includes(v)),
  );
}
