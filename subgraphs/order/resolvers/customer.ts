import { Arg, Authorized, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { canSeeCustomer, deny, PEOPLE } from "../../../lib/auth/access.js";
import { SalesChannel } from "../../../lib/graphql/types.js";
import { paginate, pageRequest } from "../../../lib/paging.js";
import type { OrderContext } from "../context.js";
import { Cart } from "../types/cart.js";
import { Customer } from "../types/customer.js";
import { OrderConnection } from "../types/order.js";

@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => Cart, { nullable: true, description: "The cart the customer is shopping with now, on whatever channel." })
  @Authorized(...PEOPLE)
  activeCart(@Root() customer: Customer, @Ctx() ctx: OrderContext) {
    if (!canSeeCustomer(ctx.viewer, customer.id)) deny(ctx.viewer);
    return ctx.loaders.activeCartByCustomer.load(customer.id);
  }

  @Authorized(...PEOPLE)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @FieldResolver(() => OrderConnection, {
    nullable: true,
    description: "Every order of the customer, store till sales included, newest first.",
  })
  async orders(
    @Root() customer: Customer,
    @Ctx() ctx: OrderContext,
    @Arg("channels", () => [SalesChannel], {
      nullable: true,
      description: "Only orders placed on these channels; null or empty: every channel.",
    })
    channels: SalesChannel[] | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
  ) {
    if (!canSeeCustomer(ctx.viewer, customer.id)) deny(ctx.viewer);
    const page = pageRequest("orders", first, after);
    const orders = await ctx.loaders.ordersByCustomer.load(customer.id);
    const wanted = channels && channels.length > 0 ? new Set<string>(channels) : null;
    return paginate("orders", wanted ? orders.filter((order) => wanted.has(order.channel)) : orders, page);
  }
}
