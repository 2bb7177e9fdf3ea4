import type { SalesChannel } from "../../../lib/channel.js";
import type { DiscountCodeError } from "../error-codes.js";
import type { CheckoutError, FulfillmentMethodName } from "../store/index.js";
import { shippingPrice, type ShippingOptionName } from "./delivery.js";
import { covers, inWindow, runsOn, type Promotion, type PromotionBook, type VariantFacts } from "./promotions.js";
import type { TaxCalculator, TaxLine } from "./tax.js";
import { splitCents } from "./split.js";

/**
 * What a cart costs: one pure function shared by `Cart.cost` and checkout, so the order charges exactly what the cart
 * showed for the same prices, promotions and moment. The order of application (README "What the shopper pays"):
 *
 *  1. Automatic product promotions (percent, amount, buy X get Y) running on the channel now: each line takes the
 *     single largest one (ties: lowest promotion id). They do not stack with each other.
 *  2. Discount codes, in the order the shopper entered them: each takes its share off what the lines still cost after
 *     step 1 and earlier codes, so codes stack on automatic promotions and on each other, never below zero.
 *  3. Free shipping (automatic or code) once the merchandise after discounts reaches its threshold: standard shipping
 *     only, shown as a discount.
 *  4. Loyalty points the shopper chose to spend, at the configured value per point, whole points only, never more
 *     than the merchandise still costs; spread over the lines in proportion to what each still costs.
 *  5. Tax on what each line costs after discounts, and on shipping after its discount, at the line's place.
 */

export interface CostLine {
  id: string;
  sku: string;
  quantity: number;
  /** Cents per unit, from the catalog for the channel. */
  unitPrice: number;
  facts: VariantFacts;
  method: FulfillmentMethodName;
  /** Where the line is taxed: the shipping address' state, or the pickup store's. Null: untaxed (no place yet). */
  taxPlace: { country: string; region: string | null } | null;
}

export interface CostInput {
  lines: readonly CostLine[];
  channel: SalesChannel;
  now: string;
  shippingOption: ShippingOptionName;
  /** Codes as entered, in that order. */
  codes: readonly string[];
  customerId: string | null;
  book: PromotionBook;
  tax: TaxCalculator;
  /** Points the shopper wants to spend, and what one point is worth (cents). */
  loyaltyPoints?: number;
  pointValueCents?: number;
}

export interface AppliedDiscount {
  promotionId: string;
  title: string;
  code: string | null;
  /** Cents. */
  amount: number;
}

export interface LineCost {
  lineId: string;
  /** unitPrice × quantity. */
  subtotal: number;
  discount: number;
  discounts: AppliedDiscount[];
  tax: number;
}

export interface CartCost {
  lines: LineCost[];
  subtotal: number;
  /** Every discount by promotion, merchandise and shipping, in the order applied. */
  discounts: AppliedDiscount[];
  /** Their sum, shipping's included. */
  discountTotal: number;
  shipping: number;
  shippingDiscount: number;
  /** Tax on shipping (the rest of the tax is on the lines). */
  shippingTax: number;
  tax: number;
  taxLines: TaxLine[];
  /** subtotal + shipping − discounts + tax. */
  total: number;
  /** The codes that apply, each with its promotion (what the checkout redeems). */
  codes: { code: string; promotion: Promotion }[];
  /** Why an entered code does not apply; a checkout with any refuses. */
  problems: CheckoutError[];
  /** Loyalty points spent (≤ asked) and what they took off. */
  pointsUsed: number;
  pointsDiscount: number;
}

/** The id loyalty points carry among discounts. */
export const LOYALTY_DISCOUNT_ID = "loyalty-points";

/** What `promotion` takes off each line (by index), from what each still costs. */
function productDiscounts(promotion: Promotion, lines: readonly CostLine[], remaining: readonly number[]): number[] {
  const rule = promotion.rule;
  const amounts = lines.map(() => 0);
  if (rule.kind === "FREE_SHIPPING") return amounts;
  const eligible = lines.map((line, i) => (covers(rule.target, line.facts) && remaining[i]! > 0 ? i : -1)).filter((i) => i >= 0);
  if (rule.kind === "PERCENT_OFF") for (const i of eligible) amounts[i] = Math.round((remaining[i]! * rule.percent) / 100);
  if (rule.kind === "AMOUNT_OFF") for (const i of eligible) amounts[i] = rule.cents * lines[i]!.quantity;
  if (rule.kind === "BUY_X_GET_Y") {
    const units = eligible.flatMap((i) => Array.from({ length: lines[i]!.quantity }, () => i));
    // Dearest first, so the free units of each group are the cheapest ones.
    units.sort((a, b) => lines[b]!.unitPrice - lines[a]!.unitPrice || a - b);
    const free = Math.floor(units.length / (rule.buy + rule.get)) * rule.get;
    for (const i of units.slice(units.length - free)) amounts[i]! += lines[i]!.unitPrice;
  }
  return amounts.map((amount, i) => Math.min(amount, remaining[i]!));
}

/** Why a code does not apply now, or null. */
export function codeProblem(
  promotion: Promotion | null,
  code: string,
  channel: SalesChannel,
  now: string,
  customerId: string | null,
): DiscountCodeError | null {
  const field = ["discountCodes"];
  if (!promotion) return { code: "DISCOUNT_CODE_UNKNOWN", message: `"${code}" is not a discount code.`, field };
  if (promotion.endsAt !== null && now >= promotion.endsAt)
    return { code: "DISCOUNT_CODE_EXPIRED", message: `The code "${code}" expired.`, field };
  if (!inWindow(promotion, now)) return { code: "DISCOUNT_CODE_NOT_ACTIVE", message: `The code "${code}" is not valid yet.`, field };
  if (!runsOn(promotion, channel))
    return { code: "DISCOUNT_CODE_NOT_ON_CHANNEL", message: `The code "${code}" is not valid on ${channel}.`, field };
  if (promotion.code?.perCustomerLimit != null && customerId === null) {
    return { code: "DISCOUNT_CODE_NEEDS_SIGN_IN", message: `The code "${code}" is limited per customer: sign in to use it.`, field };
  }
  return null;
}

export function cartCost(input: CostInput): CartCost {
  const { lines, book } = input;
  const subtotals = lines.map((line) => line.unitPrice * line.quantity);
  const subtotal = subtotals.reduce((a, b) => a + b, 0);
  const remaining = [...subtotals];
  const lineDiscounts: AppliedDiscount[][] = lines.map(() => []);
  const applied = new Map<string, AppliedDiscount>();
  const note = (promotion: Promotion, code: string | null, i: number, amount: number) => {
    if (amount <= 0) return;
    remaining[i]! -= amount;
    lineDiscounts[i]!.push({ promotionId: promotion.id, title: promotion.title, code, amount });
    const total = applied.get(promotion.id) ?? { promotionId: promotion.id, title: promotion.title, code, amount: 0 };
    total.amount += amount;
    applied.set(promotion.id, total);
  };

  // 1. the best automatic product promotion per line
  const automatic = book.automatic(input.channel, input.now);
  const offers = automatic.map((promotion) => productDiscounts(promotion, lines, subtotals));
  lines.forEach((_, i) => {
    let best = -1;
    offers.forEach((amounts, p) => {
      if (amounts[i]! > 0 && (best < 0 || amounts[i]! > offers[best]![i]!)) best = p;
    });
    if (best >= 0) note(automatic[best]!, null, i, offers[best]![i]!);
  });

  // 2. codes, in the order entered
  const problems: CheckoutError[] = [];
  const codes: CartCost["codes"] = [];
  const seen = new Set<string>();
  for (const entered of input.codes) {
    const promotion = book.byCodeOf(entered);
    const key = promotion?.id ?? entered;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = codeProblem(promotion, entered, input.channel, input.now, input.customerId);
    if (problem) {
      problems.push({ ...problem });
      continue;
    }
    codes.push({ code: promotion!.code!.code, promotion: promotion! });
    productDiscounts(promotion!, lines, remaining).forEach((amount, i) => note(promotion!, promotion!.code!.code, i, amount));
  }

  // 3. shipping and free shipping
  const merchandise = remaining.reduce((a, b) => a + b, 0);
  const shipping = shippingPrice(
    lines.map((line) => line.method),
    subtotal,
    input.shippingOption,
  );
  let shippingDiscount = 0;
  if (shipping > 0 && input.shippingOption === "STANDARD") {
    const free = [
      ...automatic.map((p) => ({ p, code: null as string | null })),
      ...codes.map((c) => ({ p: c.promotion, code: c.code })),
    ].find(({ p }) => p.rule.kind === "FREE_SHIPPING" && merchandise >= p.rule.minSubtotal);
    if (free) {
      shippingDiscount = shipping;
      const total = applied.get(free.p.id) ?? { promotionId: free.p.id, title: free.p.title, code: free.code, amount: 0 };
      total.amount += shipping;
      applied.set(free.p.id, total);
    }
  }

  // 4. loyalty points
  let pointsUsed = 0;
  const value = input.pointValueCents ?? 1;
  if ((input.loyaltyPoints ?? 0) > 0 && value > 0) {
    const left = remaining.reduce((a, b) => a + b, 0);
    pointsUsed = Math.min(input.loyaltyPoints!, Math.floor(left / value));
    const parts = splitCents(pointsUsed * value, remaining);
    const points: Promotion = {
      id: LOYALTY_DISCOUNT_ID,
      title: `${pointsUsed} loyalty points`,
      rule: { kind: "AMOUNT_OFF", cents: 0, target: {} },
      channels: null,
      startsAt: null,
      endsAt: null,
      code: null,
    };
    parts.forEach((amount, i) => note(points, null, i, amount));
  }

  // 5. tax, per place
  const lineTax = new Map<string, number>();
  const taxLines = new Map<string, TaxLine>();
  const places = new Map<string, { place: NonNullable<CostLine["taxPlace"]>; indexes: number[]; shipping: number }>();
  lines.forEach((line, i) => {
    if (!line.taxPlace) return;
    const key = `${line.taxPlace.country}-${line.taxPlace.region}`;
    const entry = places.get(key) ?? { place: line.taxPlace, indexes: [], shipping: 0 };
    entry.indexes.push(i);
    places.set(key, entry);
  });
  const shipped = [...places.values()].find((entry) => entry.indexes.some((i) => lines[i]!.method === "SHIP_TO_HOME"));
  if (shipped) shipped.shipping = shipping - shippingDiscount;
  let tax = 0;
  let shippingTax = 0;
  for (const entry of places.values()) {
    const result = input.tax.tax({
      ...entry.place,
      lines: entry.indexes.map((i) => ({ key: lines[i]!.id, amount: remaining[i]! })),
      shipping: entry.shipping,
    });
    for (const [key, cents] of result.byLine) lineTax.set(key, cents);
    const onLines = [...result.byLine.values()].reduce((a, b) => a + b, 0);
    shippingTax += result.total - onLines;
    tax += result.total;
    for (const line of result.lines) {
      const same = taxLines.get(line.title);
      if (same) same.amount += line.amount;
      else taxLines.set(line.title, { ...line });
    }
  }

  const discounts = [...applied.values()];
  const discountTotal = discounts.reduce((sum, d) => sum + d.amount, 0);
  return {
    lines: lines.map((line, i) => ({
      lineId: line.id,
      subtotal: subtotals[i]!,
      discount: subtotals[i]! - remaining[i]!,
      discounts: lineDiscounts[i]!,
      tax: lineTax.get(line.id) ?? 0,
    })),
    subtotal,
    discounts,
    discountTotal,
    shipping,
    shippingDiscount,
    shippingTax,
    tax,
    taxLines: [...taxLines.values()],
    total: subtotal + shipping - discountTotal + tax,
    codes,
    problems,
    pointsUsed,
    pointsDiscount: pointsUsed * value,
  };
}
