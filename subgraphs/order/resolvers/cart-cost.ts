import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { toMoney } from "../../../lib/graphql/types.js";
import { servicesOf, type OrderContext } from "../context.js";
import { priceCart, type PricedCart } from "../pricing/cart-pricing.js";
import { deliveryOptions, type DeliveryOptionQuote } from "../pricing/delivery.js";
import { normalizeCode } from "../pricing/promotions.js";
import { maskCode } from "../services/gift-cards.js";
import type { LocationFacts } from "../services/inventory.js";
import type { CartRecord } from "../store/index.js";
import { Cart } from "../types/cart.js";
import { CartCost, CartDiscountCode, DeliveryGroup, DeliveryOption, DeliveryOptionHandle } from "../types/cost.js";
import type { FulfillmentMethod } from "../types/fulfillment.js";

/** One pricing per cart version per request, however many of cost, deliveryGroups and discountCodes ask. */
const pricedPerRequest = new WeakMap<object, Map<string, Promise<PricedCart>>>();

/** The cart as checkout would price it now, once per cart version per request (reads through the request's loaders). */
function priced(ctx: OrderContext, cart: CartRecord): Promise<PricedCart> {
  let memo = pricedPerRequest.get(ctx.loaders);
  if (!memo) pricedPerRequest.set(ctx.loaders, (memo = new Map()));
  const key = `${cart.id}@${cart.version}`;
  let found = memo.get(key);
  if (!found) {
    found = priceCart(
      servicesOf(ctx).pricing,
      {
        prices: (skus, channel) => Promise.all(skus.map((sku) => ctx.loaders.variantPrices.load({ id: sku, args: channel }))),
        locations: async (ids) => {
          const found = await ctx.loaders.locationById.loadMany(ids);
          const failed = found.find((l) => l instanceof Error);
          if (failed) throw failed;
          return found as (LocationFacts | null)[];
        },
        giftCards: async (codes) => (await ctx.loaders.giftCardByCode.loadMany(codes)).map((c) => (c instanceof Error ? null : c)),
      },
      cart,
      ctx.channel,
      new Date().toISOString(),
    );
    memo.set(key, found);
  }
  return found;
}

function option(quote: DeliveryOptionQuote, currencyCode: string): DeliveryOption {
  return { ...quote, handle: quote.name as DeliveryOptionHandle, price: toMoney({ cents: quote.price, currencyCode }) };
}

/** The cart's cost, delivery groups and discount codes: priced as checkout would price it now. */
@Resolver(() => Cart)
export class CartCostResolver {
  @FieldResolver(() => CartCost, {
    nullable: true,
    description:
      "Null only when the catalog cannot be reached. What the cart costs now — subtotal, discounts, shipping, tax, total — exactly what checkout charges if nothing changes meanwhile.",
  })
  async cost(@Root() cart: CartRecord, @Ctx() ctx: OrderContext): Promise<CartCost> {
    const { cost, currencyCode, giftCards, giftCardTotal, payable, problems } = await priced(ctx, cart);
    const money = (cents: number) => toMoney({ cents, currencyCode });
    const allocation = (d: { title: string; code: string | null; amount: number }) => ({
      title: d.title,
      code: d.code,
      amount: money(d.amount),
    });
    return {
      subtotal: money(cost.subtotal),
      discounts: money(cost.discountTotal),
      shipping: money(cost.shipping),
      tax: money(cost.tax),
      total: money(cost.total),
      giftCards: money(giftCardTotal),
      amountDue: money(payable),
      discountAllocations: cost.discounts.map(allocation),
      taxLines: cost.taxLines.map((t) => ({ title: t.title, rateBasisPoints: t.rateBps, amount: money(t.amount) })),
      lines: cost.lines.map((line) => ({
        lineId: line.lineId,
        subtotal: money(line.subtotal),
        discounts: money(line.discount),
        discountAllocations: line.discounts.map(allocation),
        tax: money(line.tax),
        total: money(line.subtotal - line.discount + line.tax),
      })),
      loyaltyPointsUsed: cost.pointsUsed,
      appliedGiftCards: giftCards.map((g) => ({ maskedCode: maskCode(g.code), amount: money(g.amount), balance: money(g.balance) })),
      warnings: problems,
    };
  }

  @FieldResolver(() => [DeliveryGroup], {
    nullable: true,
    description:
      "Null only when the catalog cannot be reached. The cart's lines grouped by how they leave (one shipment; one group per pickup store and method), each with its delivery options and the selected one.",
  })
  async deliveryGroups(@Root() cart: CartRecord, @Ctx() ctx: OrderContext): Promise<DeliveryGroup[]> {
    const { cost, currencyCode } = await priced(ctx, cart);
    const now = new Date().toISOString();
    const groups = new Map<string, DeliveryGroup>();
    for (const line of cart.lines) {
      const key = line.method === "SHIP_TO_HOME" ? "SHIP_TO_HOME" : `${line.method} ${line.locationId}`;
      let group = groups.get(key);
      if (!group) {
        const options = deliveryOptions(line.method, cost.subtotal, now).map((quote) => option(quote, currencyCode));
        const selected =
          line.method === "SHIP_TO_HOME" ? options.find((o) => o.handle === (cart.shippingOption ?? "STANDARD"))! : options[0]!;
        group = {
          method: line.method as FulfillmentMethod,
          location: line.locationId ? { id: line.locationId } : null,
          lineIds: [],
          options,
          selectedOption: selected,
        };
        groups.set(key, group);
      }
      group.lineIds.push(line.id);
    }
    return [...groups.values()];
  }

  @FieldResolver(() => Int, { description: "Loyalty points the owner asked to spend on this cart (setCartLoyaltyPoints); 0 for none." })
  loyaltyPoints(@Root() cart: CartRecord): number {
    return cart.loyaltyPoints ?? 0;
  }

  @FieldResolver(() => [CartDiscountCode], { description: "The discount codes entered, in the order entered (applyCartDiscountCode)." })
  async discountCodes(@Root() cart: CartRecord, @Ctx() ctx: OrderContext): Promise<CartDiscountCode[]> {
    const codes = cart.discountCodes ?? [];
    if (codes.length === 0) return [];
    const { cost } = await priced(ctx, cart);
    const applied = new Set(cost.codes.map((c) => normalizeCode(c.code)));
    return codes.map((code) => ({ code: normalizeCode(code), applicable: applied.has(normalizeCode(code)) }));
  }
}
