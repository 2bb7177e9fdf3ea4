import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { SHOPPERS } from "../../../lib/auth/access.js";
import { canUseCart } from "../access.js";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { OrderContext } from "../context.js";
import type { CartRecord } from "../store/index.js";
import { Cart, CartLine } from "../types/cart.js";
import { Customer } from "../types/customer.js";
import { Attribution } from "../types/order.js";
import { attribution, cartLine, ref } from "./values.js";

@Resolver(() => Cart)
export class CartResolver {
  @Authorized(...SHOPPERS)
  @Query(() => Cart, {
    nullable: true,
    description: "One cart by id. An anonymous cart is open to whoever holds its id; a customer's cart to them and staff only.",
  })
  async cart(@Ctx() ctx: OrderContext, @Arg("id", () => ID, { description: "Cart id." }) id: string): Promise<CartRecord | null> {
    const cart = await ctx.loaders.cartById.load(id);
    return cart && canUseCart(ctx.viewer, cart) ? cart : null;
  }

  @FieldResolver(() => Cart, {
    nullable: true,
    description:
      "The customer's cart this cart was merged into when they claimed it (attachCartToCustomer); the cart is closed then and that one carries on. Null for a cart not merged, or when the viewer may not see that cart.",
  })
  async mergedInto(@Root() cart: CartRecord, @Ctx() ctx: OrderContext): Promise<CartRecord | null> {
    if (!cart.mergedIntoId) return null;
    const target = await ctx.loaders.cartById.load(cart.mergedIntoId);
    return target && canUseCart(ctx.viewer, target) ? target : null;
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The signed-in owner; null for an anonymous cart." })
  customer(@Root() cart: CartRecord) {
    return ref(cart.customerId);
  }

  @FieldResolver(() => [CartLine], { description: "What is in the cart, in the order it was added." })
  lines(@Root() cart: CartRecord): CartLine[] {
    return cart.lines.map((line) => cartLine(line, cart.currencyCode));
  }

  @FieldResolver(() => Attribution, { nullable: true, description: "The store and associate helping with this cart, if any." })
  attribution(@Root() cart: CartRecord): Attribution | null {
    return cart.attribution && attribution(cart.attribution);
  }

  @FieldResolver(() => Money, { description: "Sum of unit price × quantity over priced lines; before shipping and tax." })
  estimatedTotal(@Root() cart: CartRecord): Money {
    const cents = cart.lines.reduce((sum, line) => sum + (line.unitPrice ?? 0) * line.quantity, 0);
    return toMoney({ cents, currencyCode: cart.currencyCode });
  }
}
