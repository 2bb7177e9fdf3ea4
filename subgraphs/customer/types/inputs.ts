import { AddressInput } from "../../../lib/graphql/types.js";
import { Field, ID, InputType } from "type-graphql";
import { InteractionType } from "./interaction.js";

@InputType("RegisterCustomerInput", { description: "A new customer profile. Names are 1–80 characters; the email must be nobody else's." })
export class RegisterCustomerInput {
  @Field(() => String, { description: "Given name, 1–80 characters." })
  firstName!: string;

  @Field(() => String, { description: "Family name, 1–80 characters." })
  lastName!: string;

  @Field(() => String, { description: "Email address; unique across customers, whatever its letter case." })
  email!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Phone number: 7–15 digits, an optional leading +, spaces, dots, dashes and brackets allowed. Stored in E.164 form; ten digits without + are read as North American (+1).",
  })
  phone?: string | null;
}

@InputType("UpdateProfileInput", { description: "Profile fields to change; a field left out (or null) stays as it is." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: "New given name, 1–80 characters." })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: "New family name, 1–80 characters." })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: "New email address; must be nobody else's." })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'New phone number, in the same format as at registration; "" removes the phone number.',
  })
  phone?: string | null;

  @Field(() => [AddressInput], {
    nullable: true,
    description: "Replaces the saved addresses, the default first; at most 10; [] removes them all.",
  })
  addresses?: AddressInput[] | null;
}

@InputType("RecordInteractionInput", {
  description:
    "Something a client saw the customer do. Only PRODUCT_VIEWED, STORE_VISIT, SERVICE_CONTACT and CART_UPDATED are recorded by clients; the channel is the request's.",
})
export class RecordInteractionInput {
  @Field(() => InteractionType, {
    description: "What happened; order, pickup, return and till types come from the order service's events and are refused.",
  })
  type!: InteractionType;

  @Field(() => ID, {
    nullable: true,
    description: "Staff: the customer it concerns. A customer records for themselves and may leave it out.",
  })
  customerId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The shopper's cart. Required when nobody is signed in: the interaction is then held against the cart and moves to the customer when the cart is attached.",
  })
  cartId?: string | null;

  @Field(() => ID, { nullable: true, description: "The variant concerned; required for PRODUCT_VIEWED." })
  sku?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The order concerned, if any: one of the customer's own orders (ORDER_NOT_FOUND otherwise).",
  })
  orderId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The store where it happened. Defaults to the kiosk's or associate's store; must be that store when there is one, and a store (not a distribution center) otherwise.",
  })
  locationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "One line, at most 200 characters, without control, direction or invisible characters (INVALID_TEXT). From staff, the timeline's summary (a default per type when left out); from a customer, kept as their `customerNote` under the default summary; refused without sign-in.",
  })
  summary?: string | null;
}

@InputType("OpenServiceCaseInput", { description: "A new service case, opened from any channel." })
export class OpenServiceCaseInput {
  @Field(() => ID, {
    nullable: true,
    description: "Staff: the customer the case is for. A customer opens cases for themselves and may leave it out.",
  })
  customerId?: string | null;

  @Field(() => String, { description: "What the case is about, 1–200 characters." })
  subject!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The order the case is about, if any: one of the customer's own orders (ORDER_NOT_FOUND otherwise, for staff too: the case's customer's).",
  })
  orderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "What was said, at most 4000 characters over any number of lines: from staff, the case's first note (authored by them); from a customer, the case's description.",
  })
  note?: string | null;
}
