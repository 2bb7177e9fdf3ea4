import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { SHOPPERS } from "../../../lib/auth/access.js";
import { placeOrder } from "../checkout/place-order.js";
import { servicesOf, type OrderContext } from "../context.js";
import { CheckoutInput } from "../types/inputs.js";
import { CheckoutPayload } from "../types/payloads.js";

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
    });
  }
}
