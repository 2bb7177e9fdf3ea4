import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { CustomerContext } from "../context.js";
import { authorOf, type InteractionAuthorKey, type InteractionRecord } from "../store/index.js";
import { Associate } from "../types/associate.js";
import { Interaction, InteractionAuthor } from "../types/interaction.js";
import { Location } from "../types/location.js";

@Resolver(() => Interaction)
export class InteractionResolver {
  @FieldResolver(() => Location, { nullable: true, description: "The store where it happened, if it happened in one." })
  location(@Root() interaction: InteractionRecord): Location | null {
    return interaction.locationId ? { id: interaction.locationId } : null;
  }

  @FieldResolver(() => InteractionAuthor, { description: "Who wrote the summary (or, for CUSTOMER, the customerNote)." })
  author(@Root() interaction: InteractionRecord): InteractionAuthorKey {
    return authorOf(interaction);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "What the customer wrote when they recorded it themselves, labelled as theirs (`author` CUSTOMER); null otherwise.",
  })
  customerNote(@Root() interaction: InteractionRecord): string | null {
    return interaction.customerNote ?? null;
  }

  @FieldResolver(() => Associate, { nullable: true, description: "The associate or agent who served the customer, if any." })
  associate(@Root() interaction: InteractionRecord, @Ctx() ctx: CustomerContext) {
    return interaction.associateId ? ctx.loaders.associateById.load(interaction.associateId) : null;
  }
}
