import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { deny, SHOPPERS } from "../../../lib/auth/access.js";
import { AddressInput } from "../../../lib/graphql/types.js";
import { servicesOf, type OrderContext } from "../context.js";
import { addCartLines, removeCartLine, setCartFulfillment, updateCartLine } from "../services/cart-edits.js";
import { attachCartToCustomer, createCart } from "../services/cart-owners.js";
import type { FulfillmentMethodName } from "../store/index.js";
import { FulfillmentMethod } from "../types/fulfillment.js";
import { CartLineInput, CreateCartInput } from "../types/inputs.js";
import { CartPayload } from "../types/payloads.js";

/** The expectedVersion argument every cart change takes. */
export const EXPECTED_VERSION = {
  nullable: true,
  description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
} as const;

/**
 * Cart mutations (services/cart-edits.ts, services/cart-owners.ts): every change reads the cart fresh, re-prices every
 * line from the catalog for the request's channel and writes with compare-and-set on the version it read.
 */
@Resolver()
export class CartMutations {
  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "Start a cart on the request's channel. The customer named in the input (assisted selling, by an associate, agent or service) or the signed-in customer owns it, and it becomes their active cart; otherwise it is anonymous and open to whoever holds its id. An associate, an agent or a kiosk attributes it to their store (and the associate or agent to themselves) unless told otherwise.",
  })
  createCart(
    @Arg("input", () => CreateCartInput, { description: "Who helps with the cart, if anyone." }) input: CreateCartInput,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return createCart(servicesOf(ctx), ctx, input.attribution ?? null, input.customerId ?? null);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "Add variants to a cart. A SKU already in the cart that would leave the same way gets the units added; new lines are fulfilled the way the cart's lines already are, else shipped. Every line is re-priced for the request's channel.",
  })
  addCartLines(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("lines", () => [CartLineInput], { description: "What to add: 1 to 50 lines, 1 to 99 units each." }) lines: CartLineInput[],
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return addCartLines(servicesOf(ctx), ctx, cartId, lines, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, { description: "Set how many units a cart line holds (1 to 99); 0 removes the line." })
  updateCartLine(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("lineId", () => ID, { description: "The cart line." }) lineId: string,
    @Arg("quantity", () => Int, { description: "The new number of units; 0 removes the line." }) quantity: number,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return updateCartLine(servicesOf(ctx), ctx, cartId, lineId, quantity, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, { description: "Take a line out of a cart." })
  removeCartLine(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("lineId", () => ID, { description: "The cart line to remove." }) lineId: string,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return removeCartLine(servicesOf(ctx), ctx, cartId, lineId, expectedVersion);
  }

  @Authorized(...SHOPPERS)
  @Mutation(() => CartPayload, {
    description:
      "Choose how cart lines reach the shopper: pickup or curbside at a store offering it (locationId), or shipping (shippingAddress). Without lineIds, every line.",
  })
  setCartFulfillment(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Arg("lineIds", () => [ID], { nullable: true, description: "The lines to set; null: every line of the cart." })
    lineIds: string[] | null,
    @Arg("method", () => FulfillmentMethod, { description: "Shipping, in-store pickup or curbside." }) method: FulfillmentMethod,
    @Arg("locationId", () => ID, { nullable: true, description: "The store for pickup or curbside; it must offer that service." })
    locationId: string | null,
    @Arg("shippingAddress", () => AddressInput, { nullable: true, description: "Where to ship; required for SHIP_TO_HOME." })
    shippingAddress: AddressInput | null,
    @Arg("expectedVersion", () => Int, EXPECTED_VERSION) expectedVersion: number | null,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    return setCartFulfillment(servicesOf(ctx), ctx, cartId, {
      lineIds,
      method: method as FulfillmentMethodName,
      locationId,
      shippingAddress,
      expectedVersion,
    });
  }

  @Authorized("customer")
  @Mutation(() => CartPayload, {
    description:
      "The signed-in customer claims a cart they started anonymously (say on the website before signing in on the app). It is merged into their active cart — the same SKU leaving the same way adds up — and that cart is returned; without an active cart, this one becomes it.",
  })
  attachCartToCustomer(
    @Arg("cartId", () => ID, { description: "The anonymous cart." }) cartId: string,
    @Ctx() ctx: OrderContext,
  ): Promise<CartPayload> {
    if (ctx.viewer.kind !== "customer") deny(ctx.viewer);
    return attachCartToCustomer(servicesOf(ctx), ctx, cartId, ctx.viewer.id);
  }
}
