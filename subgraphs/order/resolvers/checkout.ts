import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { SHOPPERS } from "../../../lib/auth/access.js";
import { placeOrder } from "../checkout/place-order.js";
import { servicesOf, type OrderContext } from "../context.js";
import { CheckoutInput } from "../types/inputs.js";
import { CheckoutPayload } from "../types/payloads.js";
import { CheckoutUserError } from "../types/errors.js";
import type { CheckoutError } from "../error-codes.js";
import { StockAlternative } from "../types/stock-alternative.js";

/** checkout: the flow is checkout/place-order.ts over services/settlement.ts. */
@Resolver()
export class CheckoutMutations {
  @Authorized(...SHOPPERS)
  @Mutation(() => CheckoutPayload, {
    description:
      "Turn a cart into an order: prices locked from the catalog for the request's channel, stock held where sourcing decides, payment authorized, then the order placed. Nothing is kept on failure. A retry with the same idempotencyKey, even while the first still runs, returns the same order. Guests may check out an anonymous cart.",
  })
  checkout(
    @Arg("input", () => CheckoutInput, { description: "The cart, payment and idempotency key." }) input: CheckoutInput,
    @Ctx() ctx: OrderContext,
  ): Promise<CheckoutPayload> {
    return placeOrder(servicesOf(ctx), ctx, {
      cartId: input.cartId,
      paymentToken: input.paymentToken,
      idempotencyKey: input.idempotencyKey,
      expectedVersion: input.expectedVersion ?? null,
      expectedTotal: input.expectedTotal ?? null,
      contactEmail: input.contactEmail ?? null,
    });
  }
}

/** The confirmation's order token, read from the order placed (the same on every retry with the same idempotency key). */
@Resolver(() => CheckoutPayload)
export class CheckoutPayloadResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "An opaque token for the order placed, to keep with the confirmation: orderByToken answers the order to whoever holds it (a guest needs no account). Null when no order was placed.",
  })
  orderToken(@Root() payload: CheckoutPayload): string | null {
    return payload.order?.orderToken ?? null;
  }
}

/** An OUT_OF_STOCK error's alternatives: the stores it names, with what each can promise now (one inventory request). */
@Resolver(() => CheckoutUserError)
export class CheckoutUserErrorResolver {
  @FieldResolver(() => [StockAlternative], {
    nullable: true,
    description:
      "OUT_OF_STOCK: the stores nearby that have the SKU, nearest first (instead of the pickup store asked for, or to pick up instead of a shipment), with what each can promise now; empty when none has it. Null for every other code.",
  })
  async alternatives(@Root() error: CheckoutError, @Ctx() ctx: OrderContext): Promise<StockAlternative[] | null> {
    if (!error.outOfStock) return null;
    const { sku, locationIds } = error.outOfStock;
    const available = await servicesOf(ctx).locations.availableToPromise(sku, locationIds);
    return locationIds.map((id, i) => ({ location: { id }, sku, availableToPromise: available[i] }));
  }
}
