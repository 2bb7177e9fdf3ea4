import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { CustomerContext } from "../context.js";
import type { ServiceNoteRecord } from "../store/index.js";
import { Associate } from "../types/associate.js";
import { ServiceNote } from "../types/serviceCase.js";

@Resolver(() => ServiceNote)
export class ServiceNoteResolver {
  @FieldResolver(() => Associate, { description: "The associate or agent who wrote the note." })
  async author(@Root() note: ServiceNoteRecord, @Ctx() ctx: CustomerContext) {
    const author = await ctx.loaders.associateById.load(note.authorId);
    if (!author) throw new Error(`service note names missing associate ${note.authorId}`);
    return author;
  }
}
