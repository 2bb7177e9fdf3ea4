import type { SalesChannel } from "../../../lib/channel.js";
import type { VariantPrice } from "../services/catalog.js";
import type { LocationFacts } from "../services/inventory.js";
import type { CartRecord, CheckoutError, GiftCardRecord } from "../store/index.js";
import { cartCost, type CartCost, type CostLine } from "./cost.js";
import type { PromotionBook } from "./promotions.js";
import type { TaxCalculator } from "./tax.js";

/** What prices a cart besides the catalog: the promotions that run and the tax calculator. */
export interface PricingSettings {
  book: PromotionBook;
  tax: TaxCalculator;
  /** LOYALTY_POINT_VALUE_CENTS: what one loyalty point takes off at checkout. */
  pointValueCents: number;
}

/** Reads a cart's price needs; the Cart resolver batches them per request, a checkout reads them fresh. */
export interface PricingReads {
  prices(skus: readonly string[], channel: SalesChannel): Promise<(VariantPrice | null)[]>;
  locations(ids: readonly string[]): Promise<(LocationFacts | null)[]>;
  giftCards(codes: readonly string[]): Promise<(GiftCardRecord | null)[]>;
}

export interface GiftCardUse {
  code: string;
  /** Cents this card pays of the order. */
  amount: number;
  /** Cents on the card before this order. */
  balance: number;
}

export interface PricedCart {
  cost: CartCost;
  /** Cents per SKU, from the catalog for the channel. */
  prices: Map<string, number>;
  currencyCode: string;
  unknownSkus: Set<string>;
  giftCards: GiftCardUse[];
  giftCardTotal: number;
  /** What is left for the card payment: total − gift cards. */
  payable: number;
  /** Why an entered code or gift card does not apply: a checkout refuses with these. */
  problems: CheckoutError[];
}

/**
 * A cart as it would be charged now on `channel`: catalog prices, promotions and codes, the selected shipping option,
 * tax by place (the shipping address' state for shipped lines, the pickup store's for the rest), then gift cards in
 * the order applied, each paying what it can of what is left.
 */
export async function priceCart(
  settings: PricingSettings,
  reads: PricingReads,
  cart: CartRecord,
  channel: SalesChannel,
  now: string,
): Promise<PricedCart> {
  const skus = [...new Set(cart.lines.map((line) => line.sku))];
  const storeIds = [...new Set(cart.lines.filter((l) => l.method !== "SHIP_TO_HOME" && l.locationId).map((l) => l.locationId!))];
  const cardCodes = cart.giftCardCodes ?? [];
  const [priced, stores, cards] = await Promise.all([
    skus.length ? reads.prices(skus, channel) : Promise.resolve([]),
    storeIds.length ? reads.locations(storeIds) : Promise.resolve([]),
    cardCodes.length ? reads.giftCards(cardCodes) : Promise.resolve([]),
  ]);
  const bySku = new Map(skus.map((sku, i) => [sku, priced[i] ?? null]));
  const storeById = new Map(storeIds.map((id, i) => [id, stores[i] ?? null]));
  const unknownSkus = new Set(skus.filter((sku) => !bySku.get(sku)));
  const currencyCode = priced.find((p) => p)?.currencyCode ?? cart.currencyCode;
  if (priced.some((p) => p && p.currencyCode !== currencyCode)) throw new Error(`catalog prices for cart "${cart.id}" mix currencies`);
  const lines: CostLine[] = cart.lines
    .filter((line) => bySku.get(line.sku))
    .map((line) => {
      const price = bySku.get(line.sku)!;
      const store = line.locationId ? storeById.get(line.locationId) : null;
      const taxPlace =
        line.method === "SHIP_TO_HOME"
          ? line.shippingAddress && { country: line.shippingAddress.country, region: line.shippingAddress.region }
          : store
            ? { country: store.address.country, region: store.address.region }
            : null;
      return {
        id: line.id,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: price.price,
        facts: { sku: line.sku, brand: price.brand, categoryIds: price.categoryIds },
        method: line.method,
        taxPlace,
      };
    });
  const cost = cartCost({
    lines,
    channel,
    now,
    shippingOption: cart.shippingOption ?? "STANDARD",
    codes: cart.discountCodes ?? [],
    customerId: cart.customerId,
    book: settings.book,
    tax: settings.tax,
    // Only the owner of a cart spends their points on it.
    loyaltyPoints: cart.customerId ? (cart.loyaltyPoints ?? 0) : 0,
    pointValueCents: settings.pointValueCents,
  });
  const problems = [...cost.problems];
  let left = cost.total;
  const giftCards: GiftCardUse[] = [];
  cardCodes.forEach((code, i) => {
    const card = cards[i];
    if (!card) return void problems.push({ code: "GIFT_CARD_UNKNOWN", message: `No gift card "${code}".`, field: ["giftCards"] });
    if (card.currencyCode !== currencyCode)
      return void problems.push({
        code: "GIFT_CARD_CURRENCY",
        message: `Gift card "${code}" is in ${card.currencyCode}.`,
        field: ["giftCards"],
      });
    const amount = Math.min(card.balance, left);
    left -= amount;
    giftCards.push({ code, amount, balance: card.balance });
  });
  const giftCardTotal = cost.total - left;
  return {
    cost,
    prices: new Map([...bySku].filter(([, p]) => p).map(([sku, p]) => [sku, p!.price])),
    currencyCode,
    unknownSkus,
    giftCards,
    giftCardTotal,
    payable: left,
    problems,
  };
}
