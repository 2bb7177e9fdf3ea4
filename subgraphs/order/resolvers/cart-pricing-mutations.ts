import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { SHOPPERS, STAFF } from "../../../lib/auth/access.js";
import { toMoney } from "../../../lib/graphql/types.js";
import { servicesOf, type OrderContext } from "../context.js";
import { normalizeCode } from "../pricing/promotions.js";
import {
  applyDiscountCode,
  applyGiftCard,
  MAX_POINTS,
  removeDiscountCode,
  removeGiftCard,
  selectDeliveryOption,
  setLoyaltyPoints,
} from "../services/cart-choices.js";
import { issueGiftCard, maskCode } from "../services/gift-cards.js";
import type { GiftCardRecord } from "../store/index.js";
import { GiftCard, GiftCardPayload, ShippingOption } from "../types/cost.js";
import { CartPayload } from "../types/payloads.js";
import { EXPECTED_VERSION } from "./cart-mutations.js";

function giftCard(card: GiftCardRecord): GiftCard {
  return {
    maskedCode: maskCode(card.code),
    balance: toMoney({ cents: card.balance, currencyCode: card.currencyCode }),
    initialBalance: toMoney({ cents: card.initialBalance, currencyCode: card.currencyCode }),
    issuedAt: card.issuedAt,
  };
}

/** Delivery option, discount codes, gift cards and points on a cart (services/cart-choices.ts); gift cards issued by staff and looked up by code. */
@Resolver()
export class CartPricingMutations {
  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description: "Select the ship-to-home option (STANDARD or EXPRESS) for the cart's shipped lines; Cart.cost follows.",
  })
  selectCartDeliveryOption(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("option", () => ShippingOption, { description: "The shipping option." }) option: ShippingOption,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return selectDeliveryOption(servicesOf(ctx), ctx, cartId, option, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "Enter a discount code. It must exist and apply now on the request's channel (DISCOUNT_CODE_UNKNOWN, DISCOUNT_CODE_EXPIRED, DISCOUNT_CODE_NOT_ACTIVE, DISCOUNT_CODE_NOT_ON_CHANNEL, DISCOUNT_CODE_NEEDS_SIGN_IN); its uses are counted only when an order is placed with it.",
  })
  applyCartDiscountCode(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("code", () => String, { description: "The code as typed; case does not matter." }) code: string,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return applyDiscountCode(servicesOf(ctx), ctx, cartId, code, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, { description: "Take a discount code off the cart; a code that is not on it changes nothing." })
  removeCartDiscountCode(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("code", () => String, { description: "The code; case does not matter." }) code: string,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return removeDiscountCode(servicesOf(ctx), ctx, cartId, code, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "Pay part (or all) of the cart with a gift card: it pays the least of its balance and what is left, and is charged only when the order is placed. GIFT_CARD_UNKNOWN, GIFT_CARD_EMPTY otherwise.",
  })
  applyCartGiftCard(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("code", () => String, { description: "The gift card's code; case does not matter." }) code: string,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return applyGiftCard(servicesOf(ctx), ctx, cartId, code, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, { description: "Take a gift card off the cart; one that is not on it changes nothing." })
  removeCartGiftCard(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("code", () => String, { description: "The gift card's code; case does not matter." }) code: string,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return removeGiftCard(servicesOf(ctx), ctx, cartId, code, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "The cart's owner: spend this many loyalty points on it (0 for none), as a discount worth LOYALTY_POINT_VALUE_CENTS each, never more than the merchandise costs after other discounts (Cart.cost shows what is used). The points are held from the balance only when the order is placed (LOYALTY_POINTS_INSUFFICIENT then if the balance is lower) and come back if it is cancelled or returned. LOYALTY_NEEDS_CUSTOMER on an anonymous cart.",
  })
  async setCartLoyaltyPoints(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("points", () => Int, { description: `Points to spend, 0 to ${MAX_POINTS}.` }) points: number,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return setLoyaltyPoints(servicesOf(ctx), ctx, cartId, points, expectedVersion);
  }

  @Authorized(...STAFF)
  @Mutation(() => GiftCardPayload, {
    description: "Staff: issue a gift card for an amount (0.01 to 2000.00); the full code is answered once, here.",
  })
  async issueGiftCard(
    @Arg("amount", () => String, { description: 'A decimal amount, e.g. "50.00".' }) amount: string,
    @Ctx() ctx: OrderContext,
  ): Promise<GiftCardPayload> {
    const issued = await issueGiftCard(servicesOf(ctx), ctx.viewer, amount);
    return issued.card
      ? { giftCard: giftCard(issued.card), code: issued.card.code, userErrors: [] }
      : { giftCard: null, code: null, userErrors: issued.userErrors };
  }

  @Authorized(...SHOPPERS)
  @Query(() => GiftCard, {
    nullable: true,
    description: "A gift card's balance, by its code (whoever holds the code may check it); null for an unknown code.",
  })
  async giftCard(
    @Arg("code", () => String, { description: "The gift card's code; case does not matter." }) code: string,
    @Ctx() ctx: OrderContext,
  ): Promise<GiftCard | null> {
    const card = await ctx.loaders.giftCardByCode.load(normalizeCode(code));
    return card && giftCard(card);
  }
}
