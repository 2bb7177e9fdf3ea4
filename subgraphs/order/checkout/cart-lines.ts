import { randomUUID } from "node:crypto";
import type { SalesChannel } from "../../../lib/channel.js";
import type { CartError } from "../error-codes.js";
import type { CatalogPrices } from "../services/catalog.js";
import type { AddressRecord, CartLineRecord, CartRecord } from "../store/index.js";

// What a cart change does to the lines, computed from the version the caller read; the store then writes it only if
// that version is still current.

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;

export function validQuantity(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= MIN_QUANTITY && quantity <= MAX_QUANTITY;
}

export function invalidQuantity(quantity: number, field: string[]): CartError {
  return { code: "INVALID_QUANTITY", message: `A line holds ${MIN_QUANTITY} to ${MAX_QUANTITY} units, not ${quantity}.`, field };
}

export function newLineId(cartId: string): string {
  return `${cartId}-${randomUUID().slice(0, 12)}`;
}

function sameAddress(a: AddressRecord | null, b: AddressRecord | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.line1 === b.line1 &&
    (a.line2 ?? null) === (b.line2 ?? null) &&
    a.city === b.city &&
    (a.region ?? null) === (b.region ?? null) &&
    a.postalCode === b.postalCode &&
    a.country === b.country
  );
}

/** Two lines that would leave the same way: same method, same store, same address. */
export function sameFulfillment(a: CartLineRecord, b: CartLineRecord): boolean {
  return a.method === b.method && a.locationId === b.locationId && sameAddress(a.shippingAddress, b.shippingAddress);
}

/**
 * How a new line is fulfilled: the way every line of the cart already goes, so "pick up everything at my store" still
 * holds after adding one more; otherwise ship-to-home, address still to be given.
 */
export function defaultFulfillment(cart: CartRecord): Pick<CartLineRecord, "method" | "locationId" | "shippingAddress"> {
  const [first, ...rest] = cart.lines;
  if (first && rest.every((line) => sameFulfillment(line, first))) {
    return { method: first.method, locationId: first.locationId, shippingAddress: first.shippingAddress };
  }
  return { method: "SHIP_TO_HOME", locationId: null, shippingAddress: null };
}

/**
 * `incoming` added to `lines`: a line of the same SKU that leaves the same way takes the units, anything else is
 * appended. Quantities are not capped here: the caller refuses a line that would exceed MAX_QUANTITY.
 */
export function addLines(lines: readonly CartLineRecord[], incoming: readonly CartLineRecord[]): CartLineRecord[] {
  const result = lines.map((line) => ({ ...line }));
  for (const line of incoming) {
    const same = result.find((existing) => existing.sku === line.sku && sameFulfillment(existing, line));
    if (same) same.quantity += line.quantity;
    else result.push({ ...line });
  }
  return result;
}

/** Prices every line from the catalog for `channel`, in one request. Null entries: SKUs the catalog does not know. */
export async function priceLines(
  catalog: CatalogPrices,
  lines: readonly CartLineRecord[],
  channel: SalesChannel,
): Promise<{ lines: CartLineRecord[]; unknownSkus: Set<string>; currencyCode: string | null }> {
  const skus = [...new Set(lines.map((line) => line.sku))];
  const prices = await catalog.prices(skus, channel);
  const bySku = new Map(skus.map((sku, i) => [sku, prices[i]]));
  const unknownSkus = new Set(skus.filter((sku) => !bySku.get(sku)));
  const currencyCode = prices.find((price) => price !== null)?.currencyCode ?? null;
  return { lines: lines.map((line) => ({ ...line, unitPrice: bySku.get(line.sku)?.price ?? null })), unknownSkus, currencyCode };
}
