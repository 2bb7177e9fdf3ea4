import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { PEOPLE, SHOPPERS } from "../../../lib/auth/access.js";
import { emailKey } from "../../../lib/text.js";
import { canSeeOrder } from "../access.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { OrderContext } from "../context.js";
import { guestKeyOf } from "../store/rules.js";
import type { FulfillmentWithOrder, OrderRecord, ReturnWithOrder } from "../store/index.js";
import { Customer } from "../types/customer.js";
import { Fulfillment } from "../types/fulfillment.js";
import { Attribution, Order, OrderEvent, OrderLine } from "../types/order.js";
import { Return } from "../types/return.js";
import { attribution, orderEvent, orderLine, ref } from "./values.js";
import { orderTotalCents } from "../lifecycle.js";

function subtotalCents(order: OrderRecord): number {
  return order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
}

@Resolver(() => Order)
export class OrderResolver {
  @Authorized(...PEOPLE)
  @Query(() => Order, {
    nullable: true,
    description:
      "One order by id or by its human-readable number (exactly one of them). Customers find only their own orders; staff find any.",
  })
  async order(
    @Ctx() ctx: OrderContext,
    @Arg("id", () => ID, { nullable: true, description: "Order id." }) id?: string | null,
    @Arg("number", () => String, { nullable: true, description: "Order number, e.g. OG-100123." }) number?: string | null,
  ): Promise<OrderRecord | null> {
    if ((id == null) === (number == null)) throw new BadUserInputError("Give exactly one of id or number.", ["id"]);
    const order = await (id != null ? ctx.loaders.orderById.load(id) : ctx.loaders.orderByNumber.load(number!));
    return order && canSeeOrder(ctx.viewer, order) ? order : null;
  }

  @Authorized(...SHOPPERS)
  @Query(() => Order, {
    nullable: true,
    description:
      "A guest's order, by its number and the contactEmail given at checkout (compared ignoring case and surrounding spaces). Null for an unknown number and for another email alike, so nothing tells which numbers exist; an order that belongs to a customer (placed signed in, or joined to the account the guest registered since) is never found this way.",
  })
  async guestOrder(
    @Ctx() ctx: OrderContext,
    @Arg("number", () => String, { description: "Order number from the confirmation, e.g. OG-100123." }) number: string,
    @Arg("email", () => String, { description: "The email given at checkout." }) email: string,
  ): Promise<OrderRecord | null> {
    const order = await ctx.loaders.orderByNumber.load(number.trim());
    // Only an order without a customer is a guest's: placed signed in, or joined to the account since, it is not.
    return order && guestKeyOf(order) === emailKey(email) ? order : null;
  }

  @Authorized(...SHOPPERS)
  @Query(() => Order, {
    nullable: true,
    description:
      "An order by the token its checkout answered (CheckoutPayload.orderToken): whoever holds the token reads the order, as from a confirmation link, guest or not. Null for an unknown token.",
  })
  orderByToken(
    @Ctx() ctx: OrderContext,
    @Arg("token", () => String, { description: "The orderToken from the checkout's answer." }) token: string,
  ): Promise<OrderRecord | null> {
    return ctx.loaders.orderByToken.load(token.trim());
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The email a guest checked out with: for its customer, staff, and the guest who found the order with it (guestOrder); null otherwise and for orders placed signed in.",
  })
  contactEmail(@Root() order: OrderRecord): string | null {
    // Reaching the order at all took being its customer, staff, or knowing this email (guestOrder).
    return order.contactEmail ?? null;
  }

  @FieldResolver(() => Customer, { nullable: true, description: "Who bought; null for an anonymous sale at a store till." })
  customer(@Root() order: OrderRecord) {
    return ref(order.customerId);
  }

  @FieldResolver(() => [OrderLine], { description: "What was bought, at the prices charged." })
  lines(@Root() order: OrderRecord): OrderLine[] {
    return order.lines.map((line) => orderLine(line, order.currencyCode));
  }

  @FieldResolver(() => Money, { description: "Sum of the lines' totals." })
  subtotal(@Root() order: OrderRecord): Money {
    return toMoney({ cents: subtotalCents(order), currencyCode: order.currencyCode });
  }

  @FieldResolver(() => Money, {
    description:
      "Shipping charged for the selected option, before any free-shipping discount (that is in `discounts`); zero for pickup and store sales.",
  })
  shippingTotal(@Root() order: OrderRecord): Money {
    return toMoney({ cents: order.shippingTotal, currencyCode: order.currencyCode });
  }

  @FieldResolver(() => Money, {
    description: "What the customer paid: subtotal plus shipping, less discounts, plus tax (gift cards included).",
  })
  total(@Root() order: OrderRecord): Money {
    return toMoney({ cents: orderTotalCents(order), currencyCode: order.currencyCode });
  }

  @FieldResolver(() => Attribution, { description: "Which channel, store and associate get credit for the sale." })
  attribution(@Root() order: OrderRecord): Attribution {
    return attribution(order.attribution);
  }

  @FieldResolver(() => [Fulfillment], { description: "The shipments and pickups that deliver the order's lines." })
  fulfillments(@Root() order: OrderRecord): FulfillmentWithOrder[] {
    return order.fulfillments.map((fulfillment) => ({ ...fulfillment, order }));
  }

  @FieldResolver(() => [Return], { description: "Returns requested against this order, oldest first." })
  returns(@Root() order: OrderRecord): ReturnWithOrder[] {
    return order.returns.map((ret) => ({ ...ret, order }));
  }

  @FieldResolver(() => [OrderEvent], { description: "The order's history across channels and locations, oldest first." })
  events(@Root() order: OrderRecord): OrderEvent[] {
    return order.events.map(orderEvent);
  }
}
