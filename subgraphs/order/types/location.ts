import { Directive, Field, ID, ObjectType } from "type-graphql";

// The inventory subgraph owns locations; this subgraph adds the store's pickup queue.
@Directive(`@key(fields: "id")`)
@ObjectType("Location", { description: "A store or distribution center, as seen by ordering: where orders ship from and are picked up." })
export class Location {
  @Field(() => ID, { description: "Opaque location id." })
  id!: string;
}
