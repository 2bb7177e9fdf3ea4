import { Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "../../../lib/graphql/types.js";
import type { ServiceCaseRecord, ServiceNoteRecord } from "../store/index.js";
import { ServiceCase, ServiceNote } from "./serviceCase.js";

export enum ServiceCaseChangeKind {
  NOTE_ADDED = "NOTE_ADDED",
  RESOLVED = "RESOLVED",
}

registerEnumType(ServiceCaseChangeKind, {
  name: "ServiceCaseChangeKind",
  description: "What happened to a service case.",
  valuesConfig: {
    NOTE_ADDED: { description: "Staff added a note, or the customer replied (a customer hears only of notes they may read)." },
    RESOLVED: { description: "The case was resolved." },
  },
});

@ObjectType("ServiceCaseUpdate", { description: "A change to a service case, pushed to those subscribed to it." })
export class ServiceCaseUpdate {
  @Field(() => ServiceCaseChangeKind, { description: "What happened." })
  change!: ServiceCaseChangeKind;

  @Field(() => DateTime, { description: "When it happened." })
  occurredAt!: string;

  @Field(() => ServiceCase, {
    description: "The case as it is now, its notes as the viewer may read them (a customer never sees internal notes).",
  })
  serviceCase!: ServiceCaseRecord;

  @Field(() => ServiceNote, { nullable: true, description: "The note that was added; null when the case was resolved." })
  note!: ServiceNoteRecord | null;
}
