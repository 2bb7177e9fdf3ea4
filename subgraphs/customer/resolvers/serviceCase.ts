import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { isStaff } from "../../../lib/auth/access.js";
import { DateTime } from "../../../lib/graphql/types.js";
import type { CustomerContext } from "../context.js";
import { firstResponseOf, updatedAtOf, writerOf } from "../rules/service-case.js";
import type { ServiceCaseRecord, ServiceNoteRecord, ServiceNoteWriterKey } from "../store/index.js";
import { Associate } from "../types/associate.js";
import { Order } from "../types/order.js";
import { ServiceCase, ServiceNote, ServiceNoteWriter } from "../types/serviceCase.js";

@Resolver(() => ServiceCase)
export class ServiceCaseResolver {
  @FieldResolver(() => [ServiceNote], {
    description: "The case's history, staff's notes and the customer's replies, oldest first. Internal notes are shown to staff only.",
  })
  notes(@Root() serviceCase: ServiceCaseRecord, @Ctx() ctx: CustomerContext): ServiceNoteRecord[] {
    return isStaff(ctx.viewer) ? serviceCase.notes : serviceCase.notes.filter((note) => !note.internal);
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: "The order the case is about, if any, resolved by the order subgraph (its number, lines, fulfillments).",
  })
  order(@Root() serviceCase: ServiceCaseRecord): Order | null {
    return serviceCase.orderId ? { id: serviceCase.orderId } : null;
  }

  @FieldResolver(() => Associate, { nullable: true, description: "The associate or agent working the case; null while nobody is." })
  assignedTo(@Root() serviceCase: ServiceCaseRecord, @Ctx() ctx: CustomerContext) {
    return serviceCase.assignedTo ? ctx.loaders.associateById.load(serviceCase.assignedTo) : null;
  }

  @FieldResolver(() => DateTime, {
    nullable: true,
    description:
      "When staff first wrote a note the customer can read, after the case was opened (the note staff open a case with does not count); null until then.",
  })
  firstResponseAt(@Root() serviceCase: ServiceCaseRecord): string | null {
    return firstResponseOf(serviceCase);
  }

  @FieldResolver(() => DateTime, { description: "When the case last changed: opened, noted, assigned or resolved." })
  updatedAt(@Root() serviceCase: ServiceCaseRecord): string {
    return updatedAtOf(serviceCase);
  }
}

@Resolver(() => ServiceNote)
export class ServiceNoteResolver {
  @FieldResolver(() => Associate, {
    nullable: true,
    description: "The associate or agent who wrote the note; null for the customer's own reply (`writtenBy` CUSTOMER).",
  })
  async author(@Root() note: ServiceNoteRecord, @Ctx() ctx: CustomerContext) {
    if (writerOf(note) === "CUSTOMER") return null;
    const author = await ctx.loaders.associateById.load(note.authorId);
    if (!author) throw new Error(`service note names missing associate ${note.authorId}`);
    return author;
  }

  @FieldResolver(() => ServiceNoteWriter, { description: "Who wrote the note: staff, or the case's customer." })
  writtenBy(@Root() note: ServiceNoteRecord): ServiceNoteWriterKey {
    return writerOf(note);
  }

  @FieldResolver(() => Boolean, { description: "True for a note among staff, which the customer never sees." })
  internal(@Root() note: ServiceNoteRecord): boolean {
    return note.internal ?? false;
  }
}
