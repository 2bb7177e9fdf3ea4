import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError, ForbiddenError } from "../../../lib/errors.js";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import { mayReadPriceList } from "../../../lib/viewer.js";
import type { CatalogContext } from "../context.js";
import type { VariantRecord } from "../store/index.js";
import { Product } from "../types/product.js";
import { Variant } from "../types/variant.js";

/** What a price field's `channel` argument says, on every price field alike. */
export const PRICE_CHANNEL_DESCRIPTION =
  "Whose price list. Omitted or null: the request's channel (a kiosk sees the kiosk price, a partner the partner price, the app the app price), so a screen shows what checkout charges. Staff may ask for any channel's; partners for PARTNER only; everyone else for WEB, MOBILE_APP or KIOSK (FORBIDDEN otherwise).";

/** The price list a price field reads: the one asked for, else the request's channel; FORBIDDEN when not the viewer's to read. */
export function priceListFor(ctx: CatalogContext, asked: SalesChannel | null | undefined): SalesChannel {
  const channel = asked ?? ctx.channel;
  if (mayReadPriceList(ctx.viewer, channel)) return channel;
  throw new ForbiddenError(
    ctx.viewer.kind === "partner"
      ? "A partner reads the PARTNER price list only; ask without a channel."
      : `The ${channel} price list is for staff; ask without a channel for this request's prices.`,
  );
}

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
    @Ctx() ctx: CatalogContext,
    @Arg("channel", () => SalesChannel, { nullable: true, description: PRICE_CHANNEL_DESCRIPTION }) channel?: SalesChannel | null,
  ): Money {
    return toMoney({ cents: variant.prices[priceListFor(ctx, channel)].price, currencyCode: variant.currencyCode });
  }

  @FieldResolver(() => Money, { nullable: true, description: "The regular price when the channel's price is a promotion; null otherwise." })
  compareAtPrice(
    @Root() variant: VariantRecord,
    @Ctx() ctx: CatalogContext,
    @Arg("channel", () => SalesChannel, { nullable: true, description: PRICE_CHANNEL_DESCRIPTION }) channel?: SalesChannel | null,
  ): Money | null {
    const compareAt = variant.prices[priceListFor(ctx, channel)].compareAtPrice;
    return compareAt === null ? null : toMoney({ cents: compareAt, currencyCode: variant.currencyCode });
  }
}
