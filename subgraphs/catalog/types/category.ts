import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Directive(`@key(fields: "id")`)
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Category", { description: "A node in the merchandising tree, e.g. Apparel › Outerwear." })
export class Category {
  @Field(() => ID, { description: "Opaque category id." })
  id!: string;

  @Field(() => String, { description: "Display name." })
  name!: string;

  // parent and path are field resolvers (resolvers/category.ts)
  parentId!: string | null;
}
