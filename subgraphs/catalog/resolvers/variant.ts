import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { CatalogContext } from "../context.js";
import type { VariantRecord } from "../store/index.js";
import { Product } from "../types/product.js";
import { Variant } from "../types/variant.js";

@Resolver(() => Variant)
export class VariantResolver {
  @Directive(`@tag(name: "partner")`)
  @Query(() => Variant, { nullable: true, description: "One variant by SKU or by barcode (exactly one of them)." })
  async variant(
    @Ctx() ctx: CatalogContext,
    @Arg("sku", () => ID, { nullable: true, description: "Stock-keeping unit." }) sku?: string | null,
    @Arg("barcode", () => String, { nullable: true, description: "GTIN as scanned at a kiosk or till." }) barcode?: string | null,
  ): Promise<VariantRecord | null> {
    if ((sku == null) === (barcode == null)) throw new BadUserInputError("Give exactly one of sku or barcode.", ["sku"]);
    return sku != null ? ctx.loaders.variantBySku.load(sku) : ctx.loaders.variantByBarcode.load(barcode!);
  }

  @FieldResolver(() => Product, { description: "The product this variant belongs to." })
  async product(@Root() variant: VariantRecord, @Ctx() ctx: CatalogContext) {
    const product = await ctx.loaders.productById.load(variant.productId);
    if (!product) throw new Error(`variant ${variant.sku} names missing product ${variant.productId}`);
    return product;
  }

  @FieldResolver(() => Money, { description: "Selling price on a channel's price list (web promotions, store price, partner price)." })
  price(
    @Root() variant: VariantRecord,
    @Arg("channel", () => SalesChannel, { nullable: true, defaultValue: SalesChannel.WEB, description: "Whose price list." }) channel: SalesChannel | null,
  ): Money {
    return toMoney({ cents: variant.prices[channel ?? SalesChannel.WEB].price, currencyCode: variant.currencyCode });
  }

  @FieldResolver(() => Money, { nullable: true, description: "The regular price when the channel's price is a promotion; null otherwise." })
  compareAtPrice(
    @Root() variant: VariantRecord,
    @Arg("channel", () => SalesChannel, { nullable: true, defaultValue: SalesChannel.WEB, description: "Whose price list." }) channel: SalesChannel | null,
  ): Money | null {
    const compareAt = variant.prices[channel ?? SalesChannel.WEB].compareAtPrice;
    return compareAt === null ? null : toMoney({ cents: compareAt, currencyCode: variant.currencyCode });
  }
}
