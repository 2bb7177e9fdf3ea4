import { Ctx, Directive, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { servicesOf, type CatalogContext } from "../context.js";
import type { CategoryRecord } from "../store/index.js";
import { Category } from "../types/category.js";

@Resolver(() => Category)
export class CategoryResolver {
  @Directive(`@tag(name: "partner")`)
  // The whole tree: a retailer's taxonomy runs to dozens of categories, not thousands.
  @Directive(`@listSize(assumedSize: 50)`)
  @Query(() => [Category], { description: "Every category, parents before children." })
  categories(@Ctx() ctx: CatalogContext): Promise<CategoryRecord[]> {
    return servicesOf(ctx).products.categories();
  }

  @FieldResolver(() => Category, { nullable: true, description: "The category above this one; null at the top." })
  parent(@Root() category: CategoryRecord, @Ctx() ctx: CatalogContext) {
    return category.parentId ? ctx.loaders.categoryById.load(category.parentId) : null;
  }

  @Directive(`@listSize(assumedSize: 5)`)
  @FieldResolver(() => [Category], { description: "From the top of the tree down to and including this category." })
  async path(@Root() category: CategoryRecord, @Ctx() ctx: CatalogContext) {
    const path: CategoryRecord[] = [category];
    for (let parentId = category.parentId; parentId;) {
      const parent = await ctx.loaders.categoryById.load(parentId);
      if (!parent) break;
      path.unshift(parent);
      parentId = parent.parentId;
    }
    return path;
  }
}
