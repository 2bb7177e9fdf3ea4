import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { SHOPPERS } from "../../../lib/auth/access.js";
import { servicesOf, type CustomerContext } from "../context.js";
import type { InteractionKind } from "../store/index.js";
import { RecordInteractionInput } from "../types/inputs.js";
import { RecordInteractionPayload } from "../types/payloads.js";

/** Recording what a client saw the customer do (services/interactions.ts). */
@Resolver()
export class InteractionMutations {
  @Authorized(...SHOPPERS)
  @Mutation(() => RecordInteractionPayload, {
    description:
      "Records what a client saw the customer do (PRODUCT_VIEWED, STORE_VISIT, SERVICE_CONTACT, CART_UPDATED) on the request's channel. A customer records for themselves, staff for `customerId`; without sign-in it is held against `cartId` until the cart is attached to a customer (and lapses, 7 days by default, if it never is). Staff write the summary; a customer's `summary` is kept as their `customerNote` under the graph's summary for the type. An `orderId` must be the customer's own order (ORDER_NOT_FOUND otherwise).",
  })
  async recordInteraction(
    @Arg("input", () => RecordInteractionInput, { description: "What happened." }) input: RecordInteractionInput,
    @Ctx() ctx: CustomerContext,
  ): Promise<RecordInteractionPayload> {
    const recorded = await servicesOf(ctx).interactions.record(ctx, { ...input, type: input.type as InteractionKind });
    if (recorded.interaction?.customerId) ctx.loaders.interactionsByCustomer.clear(recorded.interaction.customerId);
    return recorded;
  }
}
