import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny, PEOPLE } from "../../../lib/auth/access.js";
import { servicesOf, type OrderContext } from "../context.js";
import { cancelOrder, MAX_REASON, ringUpSale } from "../services/orders.js";
import { OrderPayload } from "../types/payloads.js";
import { StoreSaleInput } from "../types/return-inputs.js";

/** Cancellations and till sales (services/orders.ts). */
@Resolver()
export class OrderMutations {
  @Authorized(...PEOPLE)
  @Mutation(() => OrderPayload, {
    description:
      "The customer who placed it, or staff: cancel an order before anything has shipped, been handed over or the customer is at the curb. Every fulfillment is cancelled, the units go back to stock where they were to leave from and the payment is refunded. ORDER_NOT_CANCELLABLE otherwise. Retrying a cancellation is safe.",
  })
  cancelOrder(
    @Arg("orderId", () => ID, { description: "The order to cancel." }) orderId: string,
    @Arg("reason", () => String, {
      nullable: true,
      description: `Why, in the customer's or agent's words (at most ${MAX_REASON} characters; control, direction and invisible characters are refused).`,
    })
    reason: string | null,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderPayload> {
    return cancelOrder(servicesOf(ctx), ctx, orderId, reason);
  }

  @Authorized("associate", "service")
  @Mutation(() => OrderPayload, {
    description:
      "Associates of the store: ring up a purchase at the till. Priced from the store price list, stock taken from this store, paid and handed over at once: an order with channel STORE, FULFILLED, credited to the store and the associate, who must be on the staff records at that store (INVALID_ATTRIBUTION otherwise). OUT_OF_STOCK, PAYMENT_DECLINED or UNKNOWN_SKU otherwise, and then nothing is held or charged.",
  })
  recordStoreSale(
    @Arg("input", () => StoreSaleInput, { description: "The store, what is bought, who buys and how they pay." }) input: StoreSaleInput,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderPayload> {
    if (!actsForStore(ctx.viewer, input.locationId)) deny(ctx.viewer, "only associates of the store can ring up a sale there.");
    return ringUpSale(servicesOf(ctx), ctx, {
      locationId: input.locationId,
      lines: input.lines,
      customerId: input.customerId ?? null,
      paymentToken: input.paymentToken,
      idempotencyKey: input.idempotencyKey ?? null,
      tenders: input.tenders ?? null,
    });
  }
}
