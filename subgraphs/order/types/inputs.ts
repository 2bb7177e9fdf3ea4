import { Field, ID, InputType, Int } from "type-graphql";

// The request's channel comes from the gateway (x-channel, API key, client name), so no input carries one.

@InputType("CartLineInput", { description: "A variant and how many of it to put in a cart (or ring up at a till)." })
export class CartLineInput {
  @Field(() => ID, { description: "The variant's SKU." })
  sku!: string;

  @Field(() => Int, { description: "Units, 1 to 99." })
  quantity!: number;
}

@InputType("AttributionInput", { description: "Who helps with a cart: the store and the associate that get credit for the sale." })
export class AttributionInput {
  @Field(() => ID, { nullable: true, description: "The store helping; an associate's own store when they leave it out." })
  locationId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The associate helping; the signed-in associate when they leave it out. Must be on the staff records at the cart's store (INVALID_ATTRIBUTION otherwise).",
  })
  associateId?: string | null;
}

@InputType("CreateCartInput", {
  description: "A new cart. The channel is the request's; the owner is the customer named, else the signed-in customer, if any.",
})
export class CreateCartInput {
  @Field(() => ID, {
    nullable: true,
    description:
      "Assisted selling: the customer an associate, agent or service builds the cart for. It becomes their active cart (their app shows it on its next read) and the order placed from it is credited to whoever built it. A customer may name only themselves (FORBIDDEN otherwise).",
  })
  customerId?: string | null;

  @Field(() => AttributionInput, {
    nullable: true,
    description: "Who helps with the cart; an associate or a kiosk fills this in by default.",
  })
  attribution?: AttributionInput | null;
}

@InputType("CheckoutInput", { description: "Turn a cart into an order: price, reserve stock, take payment." })
export class CheckoutInput {
  @Field(() => ID, { description: "The cart to check out." })
  cartId!: string;

  @Field(() => String, {
    description: 'Payment token from the payment form; in test mode "tok_visa" succeeds and "tok_declined" is declined.',
  })
  paymentToken!: string;

  @Field(() => String, {
    description: "Chosen by the client once per purchase; a retry with the same key returns the same order, never a second one.",
  })
  idempotencyKey!: string;

  @Field(() => Int, {
    nullable: true,
    description: "The cart version the shopper reviewed; a different current version refuses with CART_CHANGED.",
  })
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The total the shopper saw (Cart.cost.total, e.g. "32.98"): when the cart now costs anything else (a price, promotion or tax changed meanwhile) the checkout refuses with TOTAL_CHANGED and places no order.',
  })
  expectedTotal?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Where a guest hears about the order, and with which they find it again (guestOrder); a valid address (INVALID_EMAIL otherwise). Optional for now: a guest checkout without one places the order, which the guest can then find only by asking staff.",
  })
  contactEmail?: string | null;
}
