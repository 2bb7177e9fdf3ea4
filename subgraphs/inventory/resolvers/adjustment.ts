import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { servicesOf, type InventoryContext } from "../context.js";
import { AdjustStockInput, AdjustStockPayload } from "../types/adjustment.js";

@Resolver()
export class AdjustmentResolver {
  @Authorized("associate", "service")
  @Mutation(() => AdjustStockPayload, {
    description:
      "Associates of the store (and services): add or remove units at a location — deliveries, damage, counts, returns. Never takes on-hand below zero or below what is reserved. With an idempotencyKey, a repeat at the same location changes nothing and answers the stock as it now is.",
  })
  adjustStock(
    @Arg("input", () => AdjustStockInput, { description: "Where, which SKU, by how much and why." }) input: AdjustStockInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<AdjustStockPayload> {
    return servicesOf(ctx).adjustments.adjust(input, ctx);
  }
}
