import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { PEOPLE, STAFF } from "../../../lib/auth/access.js";
import { servicesOf, type CustomerContext } from "../context.js";
import type { AssociateRecord } from "../store/index.js";
import { Associate, AssociateRole } from "../types/associate.js";
import { Location } from "../types/location.js";

@Resolver(() => Associate)
export class AssociateResolver {
  @Authorized(...PEOPLE)
  @Query(() => Associate, {
    nullable: true,
    description: "One associate or call-center agent by id (anyone signed in: customers see who served them).",
  })
  associate(@Arg("id", () => ID, { description: "Associate id." }) id: string, @Ctx() ctx: CustomerContext) {
    return ctx.loaders.associateById.load(id);
  }

  @Authorized(...STAFF)
  // A store's staff, or every store's: dozens, not thousands.
  @Directive(`@listSize(assumedSize: 50)`)
  @Query(() => [Associate], { description: "Associates and agents: staff, optionally of one store and/or in one role, by id." })
  associates(
    @Arg("storeId", () => ID, { nullable: true, description: "Only staff whose home store this is." }) storeId: string | null,
    @Arg("role", () => AssociateRole, { nullable: true, description: "Only staff in this role." }) role: AssociateRole | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<AssociateRecord[]> {
    return servicesOf(ctx).directory.listAssociates({ storeId, role });
  }

  @FieldResolver(() => Location, { nullable: true, description: "The store the associate works at; null for call-center agents." })
  homeStore(@Root() associate: AssociateRecord): Location | null {
    return associate.homeStoreId ? { id: associate.homeStoreId } : null;
  }
}
