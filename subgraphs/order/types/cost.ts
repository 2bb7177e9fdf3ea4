import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime, Money, UserError } from "../../../lib/graphql/types.js";
import type { GiftCardError } from "../error-codes.js";
import { GiftCardUserError } from "./errors.js";
import { FulfillmentMethod } from "./fulfillment.js";
import { Location } from "./location.js";

export enum DeliveryOptionHandle {
  STANDARD = "STANDARD",
  EXPRESS = "EXPRESS",
  PICKUP = "PICKUP",
  CURBSIDE = "CURBSIDE",
}

registerEnumType(DeliveryOptionHandle, {
  name: "DeliveryOptionHandle",
  description: "One way a delivery group can reach the shopper.",
  valuesConfig: {
    STANDARD: { description: "Ship-to-home, standard: $7.99, free from $75 of merchandise; about 5 days." },
    EXPRESS: { description: "Ship-to-home, express: $19.99; about 2 days." },
    PICKUP: { description: "Pick up in store: free, ready within 2 hours." },
    CURBSIDE: { description: "Curbside pickup: free, ready within 2 hours." },
  },
});

export enum ShippingOption {
  STANDARD = "STANDARD",
  EXPRESS = "EXPRESS",
}

registerEnumType(ShippingOption, {
  name: "ShippingOption",
  description: "The ship-to-home options a shopper can select for a cart.",
  valuesConfig: {
    STANDARD: { description: "Standard shipping (the default)." },
    EXPRESS: { description: "Express shipping." },
  },
});

@ObjectType("DiscountAllocation", { description: "Money a promotion or discount code takes off a line, or off the cart or order in all." })
export class DiscountAllocation {
  @Field(() => String, { description: 'The promotion as the shopper reads it, e.g. "20% off kitchen".' })
  title!: string;

  @Field(() => String, { nullable: true, description: "The discount code that turned it on; null for an automatic promotion." })
  code!: string | null;

  @Field(() => Money, { description: "How much it takes off." })
  amount!: Money;
}

@ObjectType("TaxLine", { description: "One tax charged, e.g. a state's sales tax." })
export class TaxLine {
  @Field(() => String, { description: 'What the tax is, e.g. "IL sales tax".' })
  title!: string;

  @Field(() => Int, { description: "The rate in basis points: 625 is 6.25%." })
  rateBasisPoints!: number;

  @Field(() => Money, { description: "Tax charged at this rate." })
  amount!: Money;
}

@ObjectType("CartLineCost", { description: "What one cart line costs now, with its discounts and tax." })
export class CartLineCost {
  @Field(() => ID, { description: "The cart line (CartLine.id)." })
  lineId!: string;

  @Field(() => Money, { description: "Catalog price for the request's channel × quantity." })
  subtotal!: Money;

  @Field(() => Money, { description: "Taken off by promotions and codes." })
  discounts!: Money;

  @Field(() => [DiscountAllocation], { description: "Each promotion or code that applies to the line, in the order applied." })
  discountAllocations!: DiscountAllocation[];

  @Field(() => Money, { description: "Tax on the line after its discounts." })
  tax!: Money;

  @Field(() => Money, { description: "subtotal − discounts + tax." })
  total!: Money;
}

@ObjectType("AppliedGiftCard", { description: "A gift card applied to a cart, and what it would pay." })
export class AppliedGiftCard {
  @Field(() => String, { description: "The card's code with all but the last four characters hidden." })
  maskedCode!: string;

  @Field(() => Money, { description: "What the card pays of this cart: the least of its balance and what is left to pay." })
  amount!: Money;

  @Field(() => Money, { description: "The card's balance now, before this cart is checked out." })
  balance!: Money;
}

@ObjectType("CartCost", {
  description:
    "What the cart costs now, exactly what checkout charges if nothing changes: catalog prices for the request's channel, promotions and discount codes, the selected delivery option and tax. Integer cents throughout.",
})
export class CartCost {
  @Field(() => Money, { description: "The lines at catalog prices, before discounts." })
  subtotal!: Money;

  @Field(() => Money, { description: "Everything promotions and codes take off, free shipping included." })
  discounts!: Money;

  @Field(() => Money, { description: "The selected delivery options' price, before any free-shipping discount." })
  shipping!: Money;

  @Field(() => Money, {
    description: "Tax: by the shipping address' state for shipped lines and shipping, by the store's state for pickup and curbside.",
  })
  tax!: Money;

  @Field(() => Money, { description: "subtotal − discounts + shipping + tax: what the order will cost." })
  total!: Money;

  @Field(() => Money, { description: "What applied gift cards pay of the total." })
  giftCards!: Money;

  @Field(() => Money, { description: "total − giftCards: what the payment card is charged." })
  amountDue!: Money;

  @Field(() => [DiscountAllocation], { description: "Each promotion and code with what it takes off in all, in the order applied." })
  discountAllocations!: DiscountAllocation[];

  @Field(() => [TaxLine], { description: "The taxes that make up `tax`." })
  taxLines!: TaxLine[];

  @Field(() => [CartLineCost], { description: "Per line: subtotal, discounts and tax, in the cart's line order." })
  lines!: CartLineCost[];

  @Field(() => Int, {
    description:
      "Loyalty points spent on this cart (at most those asked for with setCartLoyaltyPoints); their value is among the discounts.",
  })
  loyaltyPointsUsed!: number;

  @Field(() => [AppliedGiftCard], { description: "The gift cards applied, in the order they pay." })
  appliedGiftCards!: AppliedGiftCard[];

  @Field(() => [UserError], {
    description:
      "Why an entered discount code or gift card does not apply now (DISCOUNT_CODE_EXPIRED, DISCOUNT_CODE_NOT_ON_CHANNEL, GIFT_CARD_UNKNOWN, ...): checkout refuses until it is removed.",
  })
  warnings!: UserError[];
}

@ObjectType("DeliveryOption", { description: "One way a delivery group can reach the shopper, with its price and promise." })
export class DeliveryOption {
  @Field(() => DeliveryOptionHandle, { description: "Which option." })
  handle!: DeliveryOptionHandle;

  @Field(() => String, { description: 'As the shopper reads it, e.g. "Express shipping".' })
  title!: string;

  @Field(() => Money, { description: "What it costs, before any free-shipping discount." })
  price!: Money;

  @Field(() => DateTime, {
    nullable: true,
    description: "Ship-to-home: the promised delivery day (end of that day, UTC); null for pickup.",
  })
  estimatedDeliveryAt!: string | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "Pickup and curbside: when the order will be ready at the store; null for shipping.",
  })
  readyBy!: string | null;
}

@ObjectType("DeliveryGroup", {
  description: "Cart lines that leave together the same way (one shipment, or one store's pickup), with the options for them.",
})
export class DeliveryGroup {
  @Field(() => FulfillmentMethod, { description: "Shipping, in-store pickup or curbside." })
  method!: FulfillmentMethod;

  @Field(() => Location, { nullable: true, description: "The pickup store; null for shipping." })
  location!: { id: string } | null;

  @Field(() => [ID], { description: "The cart lines (CartLine.id) in this group." })
  lineIds!: string[];

  @Field(() => [DeliveryOption], { description: "The options for this group; shipping has STANDARD and EXPRESS." })
  options!: DeliveryOption[];

  @Field(() => DeliveryOption, {
    description: "The option the order will use: for shipping the cart's selected one (selectCartDeliveryOption), else the only one.",
  })
  selectedOption!: DeliveryOption;
}

@ObjectType("CartDiscountCode", { description: "A discount code entered on a cart." })
export class CartDiscountCode {
  @Field(() => String, { description: "The code, upper case." })
  code!: string;

  @Field(() => Boolean, { description: "Whether it applies now; see CartCost.warnings for why not." })
  applicable!: boolean;
}

@ObjectType("GiftCard", { description: "A gift card: what it was issued for and what is left on it." })
export class GiftCard {
  @Field(() => String, { description: "The card's code with all but the last four characters hidden." })
  maskedCode!: string;

  @Field(() => Money, { description: "What is left to spend." })
  balance!: Money;

  @Field(() => Money, { description: "What it was issued for." })
  initialBalance!: Money;

  @Field(() => DateTime, { description: "When it was issued." })
  issuedAt!: string;
}

@ObjectType("GiftCardPayload", { description: "The result of issuing a gift card: the card, or why not." })
export class GiftCardPayload {
  @Field(() => GiftCard, { nullable: true, description: "The card issued; null when refused." })
  giftCard!: GiftCard | null;

  @Field(() => String, { nullable: true, description: "The full code, shown once to the staff member who issued it; null when refused." })
  code!: string | null;

  @Field(() => [GiftCardUserError], { description: "Why the card was not issued (INVALID_AMOUNT, GIFT_CARD_EXISTS); empty on success." })
  userErrors!: GiftCardError[];
}
