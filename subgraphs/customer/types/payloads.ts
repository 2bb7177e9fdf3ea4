import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../../lib/graphql/types.js";
import type { CustomerRecord, InteractionRecord, ServiceCaseRecord } from "../store/index.js";
import { Customer } from "./customer.js";
import { Interaction } from "./interaction.js";
import { ServiceCase } from "./serviceCase.js";

@ObjectType("CustomerPayload", { description: "The result of registering or changing a customer: the customer as now stored, or why not." })
export class CustomerPayload {
  @Field(() => Customer, {
    nullable: true,
    description: "The customer after the change; as they were when it was refused (null when there is none).",
  })
  customer!: CustomerRecord | null;

  @Field(() => [UserError], {
    description:
      "Why nothing changed (ALREADY_REGISTERED, EMAIL_TAKEN, INVALID_EMAIL, INVALID_PHONE, INVALID_NAME, INVALID_ADDRESS, INVALID_LOCATION, INVALID_TEXT); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType("RecordInteractionPayload", { description: "The result of recording an interaction: the interaction as stored, or why not." })
export class RecordInteractionPayload {
  @Field(() => Interaction, { nullable: true, description: "The interaction recorded; null when refused." })
  interaction!: InteractionRecord | null;

  @Field(() => [UserError], {
    description:
      "Why nothing was recorded (TYPE_NOT_RECORDABLE, SKU_REQUIRED, LOCATION_REQUIRED, INVALID_LOCATION, INVALID_SUMMARY, INVALID_TEXT, SUMMARY_NOT_ALLOWED, ORDER_NOT_FOUND); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType("ServiceCasePayload", { description: "The result of opening or changing a service case: the case as now stored, or why not." })
export class ServiceCasePayload {
  @Field(() => ServiceCase, {
    nullable: true,
    description: "The case after the change; as it was when the change was refused; null when none was opened.",
  })
  serviceCase!: ServiceCaseRecord | null;

  @Field(() => [UserError], {
    description: "Why nothing changed (INVALID_SUBJECT, INVALID_NOTE, INVALID_TEXT, ORDER_NOT_FOUND, CASE_RESOLVED); empty on success.",
  })
  userErrors!: UserError[];
}
