import { SalesChannel } from "../channel.js";
import type { Promotion } from "../../subgraphs/order/pricing/promotions.js";

/**
 * The demo's promotions, codes and gift cards (printed by `npm start`). Windows are wide so the demo works for years;
 * automatic promotions run on the mobile app only, so carts on other channels price exactly as the catalog says.
 */
export function demoPromotions(): Promotion[] {
  return [
    {
      id: "promo-app-outerwear-15",
      title: "15% off outerwear in the app",
      rule: { kind: "PERCENT_OFF", percent: 15, target: { categoryIds: ["cat-outerwear"] } },
      channels: [SalesChannel.MOBILE_APP],
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2030-01-01T00:00:00.000Z",
      code: null,
    },
    {
      id: "promo-app-trailmark-b2g1",
      title: "Buy 2 Trailmark items, get 1 free in the app",
      rule: { kind: "BUY_X_GET_Y", buy: 2, get: 1, target: { brands: ["Trailmark"] } },
      channels: [SalesChannel.MOBILE_APP],
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2030-01-01T00:00:00.000Z",
      code: null,
    },
    {
      id: "promo-code-kitchen20",
      title: "20% off kitchen",
      rule: { kind: "PERCENT_OFF", percent: 20, target: { categoryIds: ["cat-kitchen"] } },
      channels: null,
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2030-01-01T00:00:00.000Z",
      code: { code: "KITCHEN20", usageLimit: null, perCustomerLimit: null },
    },
    {
      id: "promo-code-welcome10",
      title: "10% off, once per customer",
      rule: { kind: "PERCENT_OFF", percent: 10, target: {} },
      channels: [SalesChannel.WEB, SalesChannel.MOBILE_APP],
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2030-01-01T00:00:00.000Z",
      code: { code: "WELCOME10", usageLimit: null, perCustomerLimit: 1 },
    },
    {
      id: "promo-code-shipfree",
      title: "Free standard shipping over $40",
      rule: { kind: "FREE_SHIPPING", minSubtotal: 4000 },
      channels: null,
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2030-01-01T00:00:00.000Z",
      code: { code: "SHIPFREE", usageLimit: 1000, perCustomerLimit: null },
    },
  ];
}

/** Gift cards the demo starts with (cents). */
export const DEMO_GIFT_CARDS: readonly { code: string; balance: number }[] = [
  { code: "GIFT-DEMO-0025", balance: 2_500 },
  { code: "GIFT-DEMO-0100", balance: 10_000 },
];

/** What `npm start` prints of them: the live promotions, the codes to try and the gift cards to spend. */
export function demoPricingLines(): string[] {
  const promotions = demoPromotions();
  return [
    `automatic: ${promotions
      .filter((p) => !p.code)
      .map((p) => p.title)
      .join("; ")}`,
    `codes: ${promotions
      .filter((p) => p.code)
      .map((p) => `${p.code!.code} (${p.title})`)
      .join(", ")}`,
    `gift cards: ${DEMO_GIFT_CARDS.map((card) => `${card.code} (${(card.balance / 100).toFixed(2)})`).join(", ")}`,
  ];
}
