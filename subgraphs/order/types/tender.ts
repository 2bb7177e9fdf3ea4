import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Money } from "../../../lib/graphql/types.js";

export enum TenderMethod {
  CARD = "CARD",
  CASH = "CASH",
  GIFT_CARD = "GIFT_CARD",
}

registerEnumType(TenderMethod, {
  name: "TenderMethod",
  description: "How part of a purchase was paid.",
  valuesConfig: {
    CARD: { description: "By card: the payment token's authorization (at a till, the card terminal)." },
    CASH: { description: "In cash at the till; the card is not charged for it." },
    GIFT_CARD: { description: "From a gift card's balance." },
  },
});

@ObjectType("Tender", { description: "One way a purchase was paid and how much of it." })
export class Tender {
  @Field(() => TenderMethod, { description: "Card, cash or gift card." })
  method!: TenderMethod;

  @Field(() => Money, { description: "How much this tender paid." })
  amount!: Money;

  @Field(() => String, { nullable: true, description: "The gift card's code, masked to its last four characters; null for card and cash." })
  giftCardLast4!: string | null;
}

@InputType("TenderInput", { description: "One tender of a till sale: how much of it is paid which way." })
export class TenderInput {
  @Field(() => TenderMethod, { description: "Card (the sale's payment token; at most one), cash or gift card." })
  method!: TenderMethod;

  @Field(() => String, { description: 'The amount paid this way, as a decimal in the sale\'s currency (e.g. "12.50"); more than zero.' })
  amount!: string;

  @Field(() => String, { nullable: true, description: "The gift card's code, for GIFT_CARD (INVALID_TENDER without it)." })
  giftCardCode?: string | null;
}
