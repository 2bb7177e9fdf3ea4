import { FieldResolver, Resolver, Root } from "type-graphql";
import { toMoney } from "../../../lib/graphql/types.js";
import type { OrderRecord } from "../store/index.js";
import { Order } from "../types/order.js";
import { Tender, TenderMethod } from "../types/tender.js";

/** How an order was paid, and whether it was bought at a till. */
@Resolver(() => Order)
export class OrderTendersResolver {
  @FieldResolver(() => [Tender], {
    nullable: true,
    description:
      "How a till sale was paid: card, cash and gift card amounts adding up to its total. Null for orders placed through a checkout (their payment is in cost and giftCardTotal).",
  })
  tenders(@Root() order: OrderRecord): Tender[] | null {
    if (!order.tenders) return null;
    return order.tenders.map((tender) => ({
      method: tender.method as TenderMethod,
      amount: toMoney({ cents: tender.amount, currencyCode: order.currencyCode }),
      giftCardLast4: tender.giftCardCode ? tender.giftCardCode.slice(-4) : null,
    }));
  }

  @FieldResolver(() => Boolean, {
    description:
      "True for a purchase rung up at a store till (recordStoreSale): bought and taken home at once, not a pickup — its one fulfillment reads PICKUP_IN_STORE, PICKED_UP at the store only because the goods left the counter with the customer.",
  })
  purchasedInStore(@Root() order: OrderRecord): boolean {
    return order.events.some((event) => event.type === "STORE_SALE_RECORDED");
  }
}
