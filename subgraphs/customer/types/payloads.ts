import { Field, ObjectType } from "type-graphql";
import type {
  CustomerUserError as CustomerError,
  InteractionUserError as InteractionError,
  ServiceCaseUserError as ServiceCaseError,
} from "../rules/error-codes.js";
import type { CustomerRecord, InteractionRecord, ServiceCaseRecord } from "../store/index.js";
import { Customer } from "./customer.js";
import { Interaction } from "./interaction.js";
import { ServiceCase } from "./serviceCase.js";
import { CustomerUserError, InteractionUserError, ServiceCaseUserError } from "./user-errors.js";

@ObjectType("CustomerPayload", { description: "The result of registering or changing a customer: the customer as now stored, or why not." })
export class CustomerPayload {
  @Field(() => Customer, {
    nullable: true,
    description: "The customer after the change; as they were when it was refused (null when there is none).",
  })
  customer!: CustomerRecord | null;

  @Field(() => [CustomerUserError], { description: "Why nothing changed (CustomerErrorCode lists every reason); empty on success." })
  userErrors!: CustomerError[];
}

@ObjectType("RecordInteractionPayload", { description: "The result of recording an interaction: the interaction as stored, or why not." })
export class RecordInteractionPayload {
  @Field(() => Interaction, { nullable: true, description: "The interaction recorded; null when refused." })
  interaction!: InteractionRecord | null;

  @Field(() => [InteractionUserError], {
    description: "Why nothing was recorded (InteractionErrorCode lists every reason); empty on success.",
  })
  userErrors!: InteractionError[];
}

@ObjectType("ServiceCasePayload", { description: "The result of opening or changing a service case: the case as now stored, or why not." })
export class ServiceCasePayload {
  @Field(() => ServiceCase, {
    nullable: true,
    description: "The case after the change; as it was when the change was refused; null when none was opened.",
  })
  serviceCase!: ServiceCaseRecord | null;

  @Field(() => [ServiceCaseUserError], {
    description: "Why nothing changed (ServiceCaseErrorCode lists every reason); empty on success.",
  })
  userErrors!: ServiceCaseError[];
}
