import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { servicesOf, type InventoryContext } from "../context.js";
import { ClearStoreHoursExceptionInput, SetStoreHoursExceptionInput, StoreHoursExceptionPayload } from "../types/hours.js";

@Resolver()
export class StoreHoursResolver {
  @Authorized("associate", "service")
  @Mutation(() => StoreHoursExceptionPayload, {
    description:
      "The store's manager (and services): closes the store all day on a date, or sets other hours that day, replacing any exception on that date. Moves openNow, nextOpening and pickupReadyBy.",
  })
  setStoreHoursException(
    @Arg("input", () => SetStoreHoursExceptionInput, { description: "The store, the day, and closed or the hours." })
    input: SetStoreHoursExceptionInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<StoreHoursExceptionPayload> {
    return servicesOf(ctx).hours.set(input, ctx);
  }

  @Authorized("associate", "service")
  @Mutation(() => StoreHoursExceptionPayload, {
    description: "The store's manager (and services): removes the exception on a date, so the weekly hours apply that day again.",
  })
  clearStoreHoursException(
    @Arg("input", () => ClearStoreHoursExceptionInput, { description: "The store and the day." }) input: ClearStoreHoursExceptionInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<StoreHoursExceptionPayload> {
    return servicesOf(ctx).hours.clear(input, ctx);
  }
}
