import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { PEOPLE, STAFF } from "../../../lib/auth/access.js";
import { servicesOf, type OrderContext } from "../context.js";
import { receiveReturn, requestReturn } from "../services/returns.js";
import type { ItemConditionName, ReturnDispositionName, ReturnMethodName, ReturnReasonName } from "../store/index.js";
import { ReturnPayload } from "../types/payloads.js";
import { RequestReturnInput, ReturnDispositionInput } from "../types/return-inputs.js";

/** Returns: asked for on any channel, received by staff (services/returns.ts). */
@Resolver()
export class ReturnMutations {
  @Authorized(...PEOPLE)
  @Mutation(() => ReturnPayload, {
    description:
      "The customer who bought (or staff acting for them): ask to return goods from an order placed on any channel, at a store that takes RETURNS or by mail. Only lines already picked up or delivered, and never more units than were bought.",
  })
  requestReturn(
    @Arg("input", () => RequestReturnInput, { description: "The order, the lines and units coming back, and how." })
    input: RequestReturnInput,
    @Ctx() ctx: OrderContext,
  ): Promise<ReturnPayload> {
    return requestReturn(servicesOf(ctx), ctx, {
      orderId: input.orderId,
      method: input.method as ReturnMethodName,
      dropOffLocationId: input.dropOffLocationId,
      lines: input.lines.map((line) => ({ ...line, condition: (line.condition ?? null) as ItemConditionName | null })),
      reason: (input.reason ?? null) as ReturnReasonName | null,
    });
  }

  @Authorized(...STAFF)
  @Mutation(() => ReturnPayload, {
    description:
      "Staff take the goods back: an associate of the drop-off store for an in-store return, any associate or agent for one by mail. The returned lines are refunded at the price paid (whatever their disposition); the units of RESTOCK lines go back into the drop-off store's sellable stock (the distribution center's for mail), DAMAGED and VENDOR_RETURN lines do not. RETURN_ALREADY_RECEIVED the second time; UNKNOWN_ORDER_LINE for a disposition naming a line not in the return.",
  })
  receiveReturn(
    @Arg("returnId", () => ID, { description: "The return being received." }) returnId: string,
    @Ctx() ctx: OrderContext,
    @Arg("dispositions", () => [ReturnDispositionInput], {
      nullable: true,
      description: "Where each line's units go; a line left out (or all, when this is left out) is RESTOCK.",
    })
    dispositions?: ReturnDispositionInput[] | null,
  ): Promise<ReturnPayload> {
    return receiveReturn(
      servicesOf(ctx),
      ctx,
      returnId,
      (dispositions ?? []).map((d) => ({ orderLineId: d.orderLineId, disposition: d.disposition as ReturnDispositionName })),
    );
  }
}
