import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes, DateTime, SalesChannel } from "../../../lib/graphql/types.js";

export enum ServiceCaseStatus {
  OPEN = "OPEN",
  PENDING = "PENDING",
  RESOLVED = "RESOLVED",
}

registerEnumType(ServiceCaseStatus, {
  name: "ServiceCaseStatus",
  description: "Where a service case stands.",
  valuesConfig: {
    OPEN: { description: "Waiting for staff: opened and nobody has followed up yet, or the customer replied since." },
    PENDING: { description: "Being worked on, or waiting for the customer." },
    RESOLVED: { description: "Closed." },
  },
});

export enum ServiceNoteWriter {
  STAFF = "STAFF",
  CUSTOMER = "CUSTOMER",
}

registerEnumType(ServiceNoteWriter, {
  name: "ServiceNoteWriter",
  description: "Who wrote a service note.",
  valuesConfig: {
    STAFF: { description: "An associate or call-center agent (`author`)." },
    CUSTOMER: { description: "The case's customer, replying from any channel; `author` is null." },
  },
});

@ObjectType("ServiceNote", { description: "One entry in a service case's history." })
export class ServiceNote {
  @Field(() => String, { description: "What was said or done." })
  body!: string;

  @Field(() => SalesChannel, { description: "Where the note was taken." })
  channel!: SalesChannel;

  @Field(() => DateTime, { description: "When the note was taken." })
  createdAt!: string;

  // author, writtenBy and internal are field resolvers (resolvers/serviceCase.ts)
  authorId!: string;
}

@ObjectType("ServiceCase", { description: "A customer's request for help, with its notes, from whichever channel it came in through." })
export class ServiceCase {
  @Field(() => ID, { description: "Opaque service case id." })
  id!: string;

  @Field(() => String, { description: "What the case is about, in the customer's words." })
  subject!: string;

  @Field(() => ServiceCaseStatus, { description: "Where the case stands." })
  status!: ServiceCaseStatus;

  @Field(() => SalesChannel, { description: "The channel the customer opened the case through." })
  openedVia!: SalesChannel;

  @Field(() => DateTime, { description: "When the case was opened." })
  openedAt!: string;

  @Field(() => ID, { nullable: true, description: "The order the case is about, if any (the same as `order { id }`)." })
  orderId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What the customer wrote when they opened the case themselves; null when staff opened it.",
  })
  description?: string | null;

  @Field(() => DateTime, { nullable: true, description: "When the case was resolved; null while it is not." })
  resolvedAt?: string | null;

  // notes, order, assignedTo, firstResponseAt and updatedAt are field resolvers (resolvers/serviceCase.ts): customers
  // never see internal notes
}

export const { Connection: ServiceCaseConnection, Edge: ServiceCaseEdge } = connectionTypes(ServiceCase, "ServiceCase", "service case");
