import { SalesChannel } from "../../../lib/channel.js";
import { DEMO_NOW, HOUR, iso, pad } from "../../../lib/demo/calendar.js";
import type { Random } from "../../../lib/demo/random.js";
import type { CartLineRecord, CartRecord } from "../store/index.js";

// The open carts of the demo world: a few per block of customers, and some anonymous shoppers'.

/** A cart line as the demo draws it; the seed adds the price it was added at and no address. */
export type DemoCartLine = Omit<CartLineRecord, "shippingAddress" | "unitPrice">;

/** A cart as the demo draws it; the seed adds the currency and its lines' prices. */
export type DemoCart = Omit<CartRecord, "currencyCode" | "lines"> & { lines: DemoCartLine[] };

/** Who owns a cart: a customer and their preferred store, where a line may be picked up. */
export interface CartOwner {
  id: string;
  preferredStoreId: string | null;
}

/**
 * A cart for each of `owners` (null: an anonymous shopper's), numbered after `numberedBefore` carts, its lines drawn
 * by `lineVariants`.
 */
export function demoCarts(
  random: Random,
  owners: readonly (CartOwner | null)[],
  lineVariants: (random: Random, count: number) => { sku: string }[],
  numberedBefore: number,
): DemoCart[] {
  const carts: DemoCart[] = [];
  owners.forEach((customer, index) => {
    const i = numberedBefore + index;
    const createdChannel = random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP, SalesChannel.KIOSK]);
    const lastActiveChannel = random.chance(0.5) ? createdChannel : random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP]);
    const createdAt = DEMO_NOW - random.int(1, 72) * HOUR;
    const pickupAt = customer?.preferredStoreId ?? null;
    carts.push({
      id: `cart-${pad(i + 1, 4)}`,
      customerId: customer?.id ?? null,
      createdChannel,
      lastActiveChannel,
      lines: lineVariants(random, random.int(1, 3)).map((variant, l) => {
        const pickup = pickupAt !== null && random.chance(0.4);
        return {
          id: `cart-${pad(i + 1, 4)}-L${l + 1}`,
          sku: variant.sku,
          quantity: random.int(1, 2),
          method: pickup ? "PICKUP_IN_STORE" : "SHIP_TO_HOME",
          locationId: pickup ? pickupAt : null,
        };
      }),
      attribution: null,
      version: random.int(1, 6),
      createdAt: iso(createdAt),
      updatedAt: iso(createdAt + random.int(0, 5) * HOUR),
    });
  });
  return carts;
}
