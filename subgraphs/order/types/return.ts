import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "../../../lib/graphql/types.js";

export enum ReturnMethod {
  IN_STORE = "IN_STORE",
  MAIL = "MAIL",
}

registerEnumType(ReturnMethod, {
  name: "ReturnMethod",
  description: "How returned goods come back.",
  valuesConfig: {
    IN_STORE: { description: "Dropped off at a store's returns desk." },
    MAIL: { description: "Sent back by mail to a distribution center." },
  },
});

export enum ReturnStatus {
  REQUESTED = "REQUESTED",
  RECEIVED = "RECEIVED",
  REFUNDED = "REFUNDED",
}

registerEnumType(ReturnStatus, {
  name: "ReturnStatus",
  description: "Where a return is in its lifecycle.",
  valuesConfig: {
    REQUESTED: { description: "The customer asked to return; the goods have not arrived yet." },
    RECEIVED: { description: "The goods are back; the refund is being issued." },
    REFUNDED: { description: "The money is back with the customer." },
  },
});

@ObjectType("Return", { description: "Goods from one order coming back, and the money going back." })
export class Return {
  @Field(() => ID, { description: "Opaque return id." })
  id!: string;

  @Field(() => ReturnMethod, { description: "In store or by mail." })
  method!: ReturnMethod;

  @Field(() => ReturnStatus, { description: "Where the return is in its lifecycle." })
  status!: ReturnStatus;

  @Field(() => DateTime, { description: "When the customer asked to return." })
  requestedAt!: string;

  @Field(() => DateTime, { nullable: true, description: "When the goods arrived back; null until then." })
  receivedAt!: string | null;

  // dropOffLocation, lines and refund are field resolvers (resolvers/return.ts)
}
