import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Inventory owns locations; this subgraph only points at them, so the gateway fetches everything but the id there. */
@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType("Location", { description: "A store or distribution center; its details come from the inventory subgraph." })
export class Location {
  @Field(() => ID, { description: "Opaque location id." })
  id!: string;
}
