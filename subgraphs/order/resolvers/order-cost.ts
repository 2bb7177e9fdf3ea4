import { FieldResolver, Resolver, Root } from "type-graphql";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { OrderRecord } from "../store/index.js";
import { DiscountAllocation, TaxLine } from "../types/cost.js";
import { Order } from "../types/order.js";

/** What an order's total is made of besides lines and shipping: discounts, tax and gift cards, as charged. */
@Resolver(() => Order)
export class OrderCostResolver {
  @FieldResolver(() => Money, { description: "Everything promotions and codes took off, free shipping included." })
  discounts(@Root() order: OrderRecord): Money {
    return toMoney({ cents: order.discountTotal ?? 0, currencyCode: order.currencyCode });
  }

  @FieldResolver(() => [DiscountAllocation], {
    description: "Each promotion and code with what it took off, as the cart showed at checkout.",
  })
  discountAllocations(@Root() order: OrderRecord): DiscountAllocation[] {
    return (order.discounts ?? []).map((d) => ({
      title: d.title,
      code: d.code,
      amount: toMoney({ cents: d.amount, currencyCode: order.currencyCode }),
    }));
  }

  @FieldResolver(() => Money, { description: "Tax charged, the lines' and shipping's." })
  taxTotal(@Root() order: OrderRecord): Money {
    return toMoney({ cents: order.taxTotal ?? 0, currencyCode: order.currencyCode });
  }

  @FieldResolver(() => [TaxLine], { description: "The taxes that make up taxTotal." })
  taxLines(@Root() order: OrderRecord): TaxLine[] {
    return (order.taxLines ?? []).map((t) => ({
      title: t.title,
      rateBasisPoints: t.rateBps,
      amount: toMoney({ cents: t.amount, currencyCode: order.currencyCode }),
    }));
  }

  @FieldResolver(() => Money, { description: "What gift cards paid of the total; the rest was charged to the payment card." })
  giftCardTotal(@Root() order: OrderRecord): Money {
    return toMoney({ cents: (order.giftCards ?? []).reduce((sum, g) => sum + g.amount, 0), currencyCode: order.currencyCode });
  }
}
