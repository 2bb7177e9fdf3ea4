import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { isStaff } from "../../../lib/auth/access.js";
import type { CustomerContext } from "../context.js";
import type { ServiceCaseRecord, ServiceNoteRecord } from "../store/index.js";
import { Associate } from "../types/associate.js";
import { ServiceCase, ServiceNote } from "../types/serviceCase.js";

@Resolver(() => ServiceCase)
export class ServiceCaseResolver {
  @FieldResolver(() => [ServiceNote], { description: "The case's history, oldest first. Internal notes are shown to staff only." })
  notes(@Root() serviceCase: ServiceCaseRecord, @Ctx() ctx: CustomerContext): ServiceNoteRecord[] {
    return isStaff(ctx.viewer) ? serviceCase.notes : serviceCase.notes.filter((note) => !note.internal);
  }
}

@Resolver(() => ServiceNote)
export class ServiceNoteResolver {
  @FieldResolver(() => Associate, { description: "The associate or agent who wrote the note." })
  async author(@Root() note: ServiceNoteRecord, @Ctx() ctx: CustomerContext) {
    const author = await ctx.loaders.associateById.load(note.authorId);
    if (!author) throw new Error(`service note names missing associate ${note.authorId}`);
    return author;
  }

  @FieldResolver(() => Boolean, { description: "True for a note among staff, which the customer never sees." })
  internal(@Root() note: ServiceNoteRecord): boolean {
    return note.internal ?? false;
  }
}
