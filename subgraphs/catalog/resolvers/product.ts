import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { DateTime, Money, toMoney } from "../../../lib/graphql/types.js";
import { loadExisting } from "../../../lib/loaders.js";
import { servicesOf, type CatalogContext } from "../context.js";
import { updatedAtOf, type ProductRecord } from "../store/index.js";
import { Category } from "../types/category.js";
import { PriceRange, Product, ProductConnection } from "../types/product.js";
import { Variant } from "../types/variant.js";
import { PRICE_CHANNEL_DESCRIPTION, priceListFor } from "./variant.js";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Resolver(() => Product)
export class ProductResolver {
  @Directive(`@tag(name: "partner")`)
  @Query(() => Product, { nullable: true, description: "One product by id or by handle (exactly one of them)." })
  async product(
    @Ctx() ctx: CatalogContext,
    @Arg("id", () => ID, { nullable: true, description: "Product id." }) id?: string | null,
    @Arg("handle", () => String, { nullable: true, description: "Product handle, as in its page address." }) handle?: string | null,
  ): Promise<ProductRecord | null> {
    if ((id == null) === (handle == null)) throw new BadUserInputError("Give exactly one of id or handle.", ["id"]);
    return id != null ? ctx.loaders.productById.load(id) : ctx.loaders.productByHandle.load(handle!);
  }

  @Directive(`@tag(name: "partner")`)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  // A connection inherits its freshness, and a root field has none to inherit: the hint is given here.
  @Directive(CACHE.catalog)
  @Query(() => ProductConnection, {
    description:
      "Products, newest first, optionally within a category and its sub-categories; with `updatedSince`, the catalog " +
      "feed: what changed since then, oldest change first.",
  })
  async products(
    @Ctx() ctx: CatalogContext,
    @Arg("categoryId", () => ID, { nullable: true, description: "Only products in this category or below it." })
    categoryId: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
    @Arg("updatedSince", () => DateTime, {
      nullable: true,
      description:
        "The feed for catalog sync: only products whose `updatedAt` is at or after this time, oldest change first " +
        "(ties by id). Page through with `after`; next time, start from the last `updatedAt` seen (that product comes " +
        "again). Not combined with `categoryId`.",
    })
    updatedSince: Date | string | null,
  ) {
    return servicesOf(ctx).products.list({ categoryId, first, after, updatedSince });
  }

  @FieldResolver(() => DateTime, {
    description:
      "When the product or one of its variants (price lists included) last changed: what the catalog feed `products(updatedSince:)` follows.",
  })
  updatedAt(@Root() product: ProductRecord): string {
    return updatedAtOf(product);
  }

  @FieldResolver(() => Category, { description: "The product's category." })
  async category(@Root() product: ProductRecord, @Ctx() ctx: CatalogContext) {
    const category = await ctx.loaders.categoryById.load(product.categoryId);
    if (!category) throw new Error(`product ${product.id} names missing category ${product.categoryId}`);
    return category;
  }

  // The most any product has: every combination of its options (10 in the demo catalog).
  @Directive(`@listSize(assumedSize: 10)`)
  @FieldResolver(() => [Variant], { description: "Every variant of the product, in option order." })
  async variants(@Root() product: ProductRecord, @Ctx() ctx: CatalogContext) {
    return loadExisting(ctx.loaders.variantBySku, product.variantSkus);
  }

  @FieldResolver(() => PriceRange, { description: "Lowest and highest variant price on a channel's price list." })
  async priceRange(
    @Root() product: ProductRecord,
    @Ctx() ctx: CatalogContext,
    @Arg("channel", () => SalesChannel, { nullable: true, description: PRICE_CHANNEL_DESCRIPTION }) channel?: SalesChannel | null,
  ): Promise<{ min: Money; max: Money }> {
    const priceList = priceListFor(ctx, channel);
    const variants = await loadExisting(ctx.loaders.variantBySku, product.variantSkus);
    const prices = variants.map((v) => v.prices[priceList].price);
    const currencyCode = variants[0]?.currencyCode ?? "USD";
    return {
      min: toMoney({ cents: Math.min(...prices), currencyCode }),
      max: toMoney({ cents: Math.max(...prices), currencyCode }),
    };
  }
}
