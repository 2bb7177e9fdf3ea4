import type { SalesChannel } from "../../../lib/channel.js";

/**
 * Promotions: what takes money off, when and where. The book is configuration (OrderDeps.promotions; the demo's in
 * lib/demo/promotions.ts); only a code's uses are state, counted by the store when a checkout redeems it.
 */

/** Which lines a product promotion covers: any listed SKU, any product in a listed category (or below), any listed brand. */
export interface PromotionTarget {
  skus?: string[];
  categoryIds?: string[];
  brands?: string[];
}

export type PromotionRule =
  /** Percent off each eligible unit (1–100). */
  | { kind: "PERCENT_OFF"; percent: number; target: PromotionTarget }
  /** Cents off each eligible unit, never below zero. */
  | { kind: "AMOUNT_OFF"; cents: number; target: PromotionTarget }
  /** For every `buy` + `get` eligible units in the cart, the `get` cheapest are free. */
  | { kind: "BUY_X_GET_Y"; buy: number; get: number; target: PromotionTarget }
  /** Standard shipping free once the merchandise, after discounts, reaches `minSubtotal` cents. */
  | { kind: "FREE_SHIPPING"; minSubtotal: number };

export interface DiscountCodeRule {
  /** What the shopper types; matched without regard to case. */
  code: string;
  /** Orders that may use it in all; null for no limit (1 for a single-use code). */
  usageLimit: number | null;
  /** Orders one customer may use it for; null for no limit. A limited code needs a signed-in shopper. */
  perCustomerLimit: number | null;
}

export interface Promotion {
  id: string;
  /** What the shopper reads on the cart, e.g. "10% off kitchen". */
  title: string;
  rule: PromotionRule;
  /** Channels it runs on; null for every channel. */
  channels: SalesChannel[] | null;
  /** The window it runs in (ISO instants, end exclusive); null for open-ended. A code expires at `endsAt`. */
  startsAt: string | null;
  endsAt: string | null;
  /** Null for an automatic promotion; else the code that turns it on. */
  code: DiscountCodeRule | null;
}

export interface VariantFacts {
  sku: string;
  brand: string | null;
  /** The product's category and every category above it. */
  categoryIds: string[];
}

export function inWindow(promotion: Pick<Promotion, "startsAt" | "endsAt">, now: string): boolean {
  return (promotion.startsAt === null || promotion.startsAt <= now) && (promotion.endsAt === null || now < promotion.endsAt);
}

export function runsOn(promotion: Pick<Promotion, "channels">, channel: SalesChannel): boolean {
  return promotion.channels === null || promotion.channels.includes(channel);
}

export function covers(target: PromotionTarget, facts: VariantFacts): boolean {
  const any = (target.skus?.length ?? 0) + (target.categoryIds?.length ?? 0) + (target.brands?.length ?? 0) > 0;
  if (!any) return true;
  return (
    (target.skus?.includes(facts.sku) ?? false) ||
    (target.categoryIds?.some((id) => facts.categoryIds.includes(id)) ?? false) ||
    (facts.brand !== null && (target.brands?.includes(facts.brand) ?? false))
  );
}

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The promotions a subgraph runs, looked up by code. */
export class PromotionBook {
  private readonly byCode: Map<string, Promotion>;
  constructor(readonly promotions: readonly Promotion[]) {
    this.byCode = new Map(promotions.filter((p) => p.code).map((p) => [normalizeCode(p.code!.code), p]));
  }

  automatic(channel: SalesChannel, now: string): Promotion[] {
    return this.promotions
      .filter((p) => p.code === null && runsOn(p, channel) && inWindow(p, now))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  byCodeOf(code: string): Promotion | null {
    return this.byCode.get(normalizeCode(code)) ?? null;
  }
}
