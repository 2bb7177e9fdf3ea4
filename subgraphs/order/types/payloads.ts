import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../../lib/graphql/types.js";
import type { FulfillmentWithOrder } from "../store/index.js";
import { Fulfillment } from "./fulfillment.js";

@ObjectType("FulfillmentPayload", { description: "The result of changing a fulfillment: the fulfillment as it now is, or why not." })
export class FulfillmentPayload {
  @Field(() => Fulfillment, { nullable: true, description: "The fulfillment after the change; as it was when the change was refused." })
  fulfillment!: FulfillmentWithOrder | null;

  @Field(() => [UserError], { description: "Why the change was refused (e.g. INVALID_TRANSITION); empty on success." })
  userErrors!: UserError[];
}
