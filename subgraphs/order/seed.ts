import { demoWorld, type DemoWorldOptions } from "../../lib/demo/world.js";
import { DEFAULT_CURRENCY } from "../../lib/money.js";
import { DEMO_GIFT_CARDS } from "../../lib/demo/promotions.js";
import type { CartRecord, GiftCardRecord, OrderRecord } from "./store/index.js";

export interface OrderSeed {
  orders: OrderRecord[];
  carts: CartRecord[];
  /** Gift cards issued before the store opened. */
  giftCards?: GiftCardRecord[];
}

/** The demo year of orders on every channel and the open carts. Fresh copies on every call. */
export function orderSeed(options: DemoWorldOptions = {}): OrderSeed {
  const world = demoWorld(options);
  const variants = new Map(world.variants.map((variant) => [variant.sku, variant]));
  return structuredClone({
    giftCards: DEMO_GIFT_CARDS.map((card) => ({
      code: card.code,
      balance: card.balance,
      initialBalance: card.balance,
      currencyCode: DEFAULT_CURRENCY,
      issuedAt: "2026-01-01T00:00:00.000Z",
      issuedBy: null,
    })),
    orders: world.orders.map((order) => ({ ...order, currencyCode: DEFAULT_CURRENCY })),
    carts: world.carts.map((cart) => ({
      ...cart,
      currencyCode: DEFAULT_CURRENCY,
      // A cart keeps the price a line was added at, taken from the channel the shopper was last active on.
      lines: cart.lines.map((line) => ({
        ...line,
        shippingAddress: null,
        unitPrice: variants.get(line.sku)?.prices[cart.lastActiveChannel].price ?? null,
      })),
    })),
  });
}
