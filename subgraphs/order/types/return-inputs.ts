import { Field, ID, InputType, Int } from "type-graphql";
import { CartLineInput } from "./inputs.js";
import { TenderInput } from "./tender.js";
import { ItemCondition, ReturnDisposition, ReturnMethod, ReturnReason } from "./return.js";

@InputType("ReturnLineInput", { description: "Units of one order line to send back." })
export class ReturnLineInput {
  @Field(() => ID, { description: "The order line, as listed in Order.lines." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units to return: at least 1, at most those bought and not already returned or asked to return." })
  quantity!: number;

  @Field(() => ItemCondition, { nullable: true, description: "The state of the units, as the customer sees it; null: not stated." })
  condition?: ItemCondition | null;
}

@InputType("ReturnDispositionInput", { description: "Where staff send the units of one returned line at receipt." })
export class ReturnDispositionInput {
  @Field(() => ID, { description: "The order line, as listed in the return's items." })
  orderLineId!: string;

  @Field(() => ReturnDisposition, { description: "RESTOCK puts the units back into sellable stock; DAMAGED and VENDOR_RETURN do not." })
  disposition!: ReturnDisposition;
}

@InputType("RequestReturnInput", { description: "Ask to return goods from an order placed on any channel, in store or by mail." })
export class RequestReturnInput {
  @Field(() => ID, { description: "The order the goods came from." })
  orderId!: string;

  @Field(() => [ReturnLineInput], { description: "What comes back; only lines already picked up or delivered." })
  lines!: ReturnLineInput[];

  @Field(() => ReturnMethod, { description: "Brought to a store or sent by mail." })
  method!: ReturnMethod;

  @Field(() => ID, {
    nullable: true,
    description: "The store the goods are brought to: required for IN_STORE (a store that accepts RETURNS), ignored for MAIL.",
  })
  dropOffLocationId?: string | null;

  @Field(() => ReturnReason, { nullable: true, description: "Why the goods come back; OTHER when left out." })
  reason?: ReturnReason | null;
}

@InputType("StoreSaleInput", { description: "A purchase rung up at a store till: paid and handed over at once." })
export class StoreSaleInput {
  @Field(() => ID, { description: "The store where the sale happens; the associate's own store." })
  locationId!: string;

  @Field(() => [CartLineInput], { description: "What is bought; priced from the store price list." })
  lines!: CartLineInput[];

  @Field(() => ID, {
    nullable: true,
    description: "The customer buying, when they identify themselves (loyalty card, phone); null for an anonymous sale.",
  })
  customerId?: string | null;

  @Field(() => String, {
    description: 'Payment token from the card terminal; in test mode "tok_visa" succeeds and "tok_declined" is declined.',
  })
  paymentToken!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The till's id for this sale (1–200 characters). A sale retried with the same key (a terminal that lost the answer) is recorded, charged and taken from stock once.",
  })
  idempotencyKey?: string | null;

  @Field(() => [TenderInput], {
    nullable: true,
    description:
      "How the sale is paid: card, cash and gift card amounts adding up to its total (TENDERS_MISMATCH otherwise, INVALID_TENDER for an unusable one); the card is charged only its part. Null or empty: the card pays it all.",
  })
  tenders?: TenderInput[] | null;
}
