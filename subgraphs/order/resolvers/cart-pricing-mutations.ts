import { randomBytes } from "node:crypto";
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { SHOPPERS, STAFF } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { toMoney, type UserError } from "../../../lib/graphql/types.js";
import { DEFAULT_CURRENCY, parseAmount } from "../../../lib/money.js";
import { canUseCart } from "../access.js";
import type { OrderContext } from "../context.js";
import type { OrderServices } from "../index.js";
import { codeProblem } from "../pricing/cost.js";
import { normalizeCode } from "../pricing/promotions.js";
import type { CartChange, CartRecord, GiftCardRecord } from "../store/index.js";
import { GiftCard, GiftCardPayload, ShippingOption } from "../types/cost.js";
import { CartPayload } from "../types/payloads.js";
import { maskCode } from "./cart-cost.js";
import { refusal, writeRefusal } from "./cart-mutations.js";

/** Codes and cards one cart may carry: enough for any real basket, small enough to price every read. */
const MAX_CODES = 5;
const MAX_GIFT_CARDS = 3;
/** The largest gift card staff may issue (cents). */
const MAX_GIFT_CARD = 200_000;
const MAX_ATTEMPTS = 5;

type Choice = Pick<CartChange, "shippingOption" | "discountCodes" | "giftCardCodes" | "loyaltyPoints">;
/** Most points one cart may ask to spend. */
const MAX_POINTS = 10_000_000;

function giftCard(card: GiftCardRecord): GiftCard {
  return {
    maskedCode: maskCode(card.code),
    balance: toMoney({ cents: card.balance, currencyCode: card.currencyCode }),
    initialBalance: toMoney({ cents: card.initialBalance, currencyCode: card.currencyCode }),
    issuedAt: card.issuedAt,
  };
}

/** Delivery option, discount codes and gift cards on a cart; gift cards issued by staff and looked up by code. */
export function cartPricingMutations(services: OrderServices) {
  const { store } = services;

  async function usableCart(ctx: OrderContext, cartId: string): Promise<CartRecord> {
    const [cart] = await store.cartsById([cartId]);
    if (!cart || !canUseCart(ctx.viewer, cart)) throw new NotFoundError("Cart", cartId);
    return cart;
  }

  /** Compare-and-set on the version read, like every cart change; lines are left as they are. */
  async function choose(
    ctx: OrderContext,
    cartId: string,
    expectedVersion: number | null,
    edit: (cart: CartRecord) => Promise<Choice | { userErrors: UserError[] }>,
  ): Promise<CartPayload> {
    for (let attempt = 1; ; attempt++) {
      const cart = await usableCart(ctx, cartId);
      const refused = refusal(cart, expectedVersion);
      if (refused) return { cart, userErrors: [refused] };
      const edited = await edit(cart);
      if ("userErrors" in edited) return { cart, userErrors: edited.userErrors };
      const write = await store.updateCart(cart.id, cart.version, {
        ...edited,
        lastActiveChannel: ctx.channel,
        updatedAt: new Date().toISOString(),
      });
      if (write.status === "UPDATED") return { cart: write.cart, userErrors: [] };
      if (write.status === "NOT_FOUND") throw new NotFoundError("Cart", cartId);
      if (write.status !== "CHANGED" || expectedVersion != null || attempt >= MAX_ATTEMPTS)
        return { cart: write.cart, userErrors: [writeRefusal(write, expectedVersion)] };
    }
  }

  const versionArg = {
    nullable: true,
    description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
  } as const;

  @Resolver()
  class CartPricingMutations {
    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description: "Select the ship-to-home option (STANDARD or EXPRESS) for the cart's shipped lines; Cart.cost follows.",
    })
    async selectCartDeliveryOption(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("option", () => ShippingOption, { description: "The shipping option." }) option: ShippingOption,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      return choose(ctx, cartId, expectedVersion, async () => ({ shippingOption: option }));
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "Enter a discount code. It must exist and apply now on the request's channel (DISCOUNT_CODE_UNKNOWN, DISCOUNT_CODE_EXPIRED, DISCOUNT_CODE_NOT_ACTIVE, DISCOUNT_CODE_NOT_ON_CHANNEL, DISCOUNT_CODE_NEEDS_SIGN_IN); its uses are counted only when an order is placed with it.",
    })
    async applyCartDiscountCode(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("code", () => String, { description: "The code as typed; case does not matter." }) code: string,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      const normalized = normalizeCode(code);
      return choose(ctx, cartId, expectedVersion, async (cart) => {
        const codes = cart.discountCodes ?? [];
        if (codes.includes(normalized)) return { discountCodes: codes };
        if (codes.length >= MAX_CODES)
          return {
            userErrors: [{ code: "TOO_MANY_DISCOUNT_CODES", message: `A cart takes at most ${MAX_CODES} codes.`, field: ["code"] }],
          };
        const problem = codeProblem(
          services.pricing.book.byCodeOf(normalized),
          normalized,
          ctx.channel,
          new Date().toISOString(),
          cart.customerId,
        );
        if (problem) return { userErrors: [{ ...problem, field: ["code"] }] };
        return { discountCodes: [...codes, normalized] };
      });
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, { description: "Take a discount code off the cart; a code that is not on it changes nothing." })
    async removeCartDiscountCode(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("code", () => String, { description: "The code; case does not matter." }) code: string,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      return choose(ctx, cartId, expectedVersion, async (cart) => ({
        discountCodes: (cart.discountCodes ?? []).filter((c) => c !== normalizeCode(code)),
      }));
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "Pay part (or all) of the cart with a gift card: it pays the least of its balance and what is left, and is charged only when the order is placed. GIFT_CARD_UNKNOWN, GIFT_CARD_EMPTY otherwise.",
    })
    async applyCartGiftCard(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("code", () => String, { description: "The gift card's code; case does not matter." }) code: string,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      const normalized = normalizeCode(code);
      return choose(ctx, cartId, expectedVersion, async (cart) => {
        const cards = cart.giftCardCodes ?? [];
        if (cards.includes(normalized)) return { giftCardCodes: cards };
        if (cards.length >= MAX_GIFT_CARDS)
          return {
            userErrors: [{ code: "TOO_MANY_GIFT_CARDS", message: `A cart takes at most ${MAX_GIFT_CARDS} gift cards.`, field: ["code"] }],
          };
        const [card] = await store.giftCardsByCode([normalized]);
        if (!card) return { userErrors: [{ code: "GIFT_CARD_UNKNOWN", message: "No gift card has this code.", field: ["code"] }] };
        if (card.balance <= 0)
          return { userErrors: [{ code: "GIFT_CARD_EMPTY", message: "This gift card has nothing left on it.", field: ["code"] }] };
        return { giftCardCodes: [...cards, normalized] };
      });
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, { description: "Take a gift card off the cart; one that is not on it changes nothing." })
    async removeCartGiftCard(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("code", () => String, { description: "The gift card's code; case does not matter." }) code: string,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      return choose(ctx, cartId, expectedVersion, async (cart) => ({
        giftCardCodes: (cart.giftCardCodes ?? []).filter((c) => c !== normalizeCode(code)),
      }));
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "The cart's owner: spend this many loyalty points on it (0 for none), as a discount worth LOYALTY_POINT_VALUE_CENTS each, never more than the merchandise costs after other discounts (Cart.cost shows what is used). The points are held from the balance only when the order is placed (LOYALTY_POINTS_INSUFFICIENT then if the balance is lower) and come back if it is cancelled or returned. LOYALTY_NEEDS_CUSTOMER on an anonymous cart.",
    })
    async setCartLoyaltyPoints(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("points", () => Int, { description: `Points to spend, 0 to ${MAX_POINTS}.` }) points: number,
      @Arg("expectedVersion", () => Int, versionArg) expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      if (!Number.isInteger(points) || points < 0 || points > MAX_POINTS)
        throw new BadUserInputError(`"points" must be 0 to ${MAX_POINTS}.`, ["points"]);
      return choose(ctx, cartId, expectedVersion, async (cart) => {
        if (!cart.customerId)
          return { userErrors: [{ code: "LOYALTY_NEEDS_CUSTOMER", message: "Sign in to spend loyalty points.", field: ["cartId"] }] };
        return { loyaltyPoints: points };
      });
    }

    @Authorized(...STAFF)
    @Mutation(() => GiftCardPayload, {
      description: "Staff: issue a gift card for an amount (0.01 to 2000.00); the full code is answered once, here.",
    })
    async issueGiftCard(
      @Arg("amount", () => String, { description: 'A decimal amount, e.g. "50.00".' }) amount: string,
      @Ctx() ctx: OrderContext,
    ): Promise<GiftCardPayload> {
      let cents: number;
      try {
        cents = parseAmount(amount);
      } catch {
        cents = 0;
      }
      if (cents <= 0 || cents > MAX_GIFT_CARD) {
        return {
          giftCard: null,
          code: null,
          userErrors: [{ code: "INVALID_AMOUNT", message: "A gift card is issued for 0.01 to 2000.00.", field: ["amount"] }],
        };
      }
      const code = `GC-${randomBytes(9)
        .toString("base64url")
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "X")}`;
      const card: GiftCardRecord = {
        code,
        balance: cents,
        initialBalance: cents,
        currencyCode: DEFAULT_CURRENCY,
        issuedAt: new Date().toISOString(),
        issuedBy: "id" in ctx.viewer ? ctx.viewer.id : null,
      };
      if (!(await store.issueGiftCard(card)))
        return { giftCard: null, code: null, userErrors: [{ code: "GIFT_CARD_EXISTS", message: "Try again.", field: null }] };
      return { giftCard: giftCard(card), code, userErrors: [] };
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
  return CartPricingMutations;
}
