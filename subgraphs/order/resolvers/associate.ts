import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { STAFF } from "../../../lib/auth/access.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { DateTime, toMoney } from "../../../lib/graphql/types.js";
import type { OrderContext } from "../context.js";
import { Associate, SalesSummary } from "../types/associate.js";

@Resolver(() => Associate)
export class AssociateResolver {
  @Authorized(...STAFF)
  @FieldResolver(() => SalesSummary, {
    nullable: true,
    description: "Associates and agents: non-cancelled orders on any channel credited to this associate and placed in [from, to).",
  })
  async attributedSales(
    @Root() associate: Associate,
    @Ctx() ctx: OrderContext,
    @Arg("from", () => DateTime, { description: "Start of the period, inclusive." }) from: Date,
    @Arg("to", () => DateTime, { description: "End of the period, exclusive." }) to: Date,
  ): Promise<SalesSummary> {
    if (from.getTime() >= to.getTime()) throw new BadUserInputError('"from" must be before "to".', ["from"]);
    const summary = await ctx.loaders.attributedSales.load({
      id: associate.id,
      args: { from: from.toISOString(), to: to.toISOString() },
    });
    return { orderCount: summary.orderCount, total: toMoney({ cents: summary.total, currencyCode: summary.currencyCode }) };
  }
}
