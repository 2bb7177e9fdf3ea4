import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
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

export enum ReturnReason {
  DOES_NOT_FIT = "DOES_NOT_FIT",
  DAMAGED_IN_TRANSIT = "DAMAGED_IN_TRANSIT",
  NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED",
  CHANGED_MIND = "CHANGED_MIND",
  OTHER = "OTHER",
}

registerEnumType(ReturnReason, {
  name: "ReturnReason",
  description: "Why the customer sends goods back.",
  valuesConfig: {
    DOES_NOT_FIT: { description: "The size or fit is wrong." },
    DAMAGED_IN_TRANSIT: { description: "The goods arrived broken or damaged." },
    NOT_AS_DESCRIBED: { description: "The goods differ from what the product page showed." },
    CHANGED_MIND: { description: "The customer no longer wants the goods." },
    OTHER: { description: "Any other reason (and returns asked for before reasons were recorded)." },
  },
});

export enum ItemCondition {
  UNOPENED = "UNOPENED",
  LIKE_NEW = "LIKE_NEW",
  USED = "USED",
  DAMAGED = "DAMAGED",
}

registerEnumType(ItemCondition, {
  name: "ItemCondition",
  description: "The state of returned goods, as the customer describes it when asking to return.",
  valuesConfig: {
    UNOPENED: { description: "Still sealed in its packaging." },
    LIKE_NEW: { description: "Opened, but unused and complete." },
    USED: { description: "Used, with signs of wear." },
    DAMAGED: { description: "Broken or damaged." },
  },
});

export enum ReturnDisposition {
  RESTOCK = "RESTOCK",
  DAMAGED = "DAMAGED",
  VENDOR_RETURN = "VENDOR_RETURN",
}

registerEnumType(ReturnDisposition, {
  name: "ReturnDisposition",
  description: "Where staff send returned units when they receive them; only RESTOCK puts them back into sellable stock.",
  valuesConfig: {
    RESTOCK: { description: "Sellable: the units go back on hand at the receiving location." },
    DAMAGED: { description: "Not sellable: written off, not restocked." },
    VENDOR_RETURN: { description: "Sent back to the vendor: not restocked." },
  },
});

@ObjectType("ReturnLabel", { description: "The prepaid shipping label of a return by mail." })
export class ReturnLabel {
  @Field(() => String, { description: "The label's reference, as the carrier's systems know it; printed with the RMA code." })
  reference!: string;

  @Field(() => String, {
    nullable: true,
    description: "Where the customer downloads the label to print; null when the carrier issues it at the counter.",
  })
  url!: string | null;

  @Field(() => String, { description: "The carrier that takes the parcel, e.g. UPS." })
  carrier!: string;
}

@ObjectType("ReturnItem", {
  description: "Units of one order line coming back, with their condition and, once received, their disposition.",
})
export class ReturnItem {
  @Field(() => ID, { description: "The order line, as listed in Order.lines." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units returned." })
  quantity!: number;

  @Field(() => ItemCondition, { nullable: true, description: "The condition the customer stated; null when none was (older returns)." })
  condition!: ItemCondition | null;

  @Field(() => ReturnDisposition, { nullable: true, description: "Where staff sent the units at receipt; null until received." })
  disposition!: ReturnDisposition | null;
}

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

  // dropOffLocation, lines, items, reason, rma, label and refund are field resolvers (resolvers/return.ts)
}
