import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { InventoryContext } from "../context.js";
import { availableToPromise } from "../rules/availability.js";
import type { StockRecord } from "../store/index.js";
import { Location } from "../types/location.js";
import { StockLevel } from "../types/stock.js";

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @FieldResolver(() => Location, { description: "Where the stock is." })
  async location(@Root() stock: StockRecord, @Ctx() ctx: InventoryContext) {
    const location = await ctx.loaders.locationById.load(stock.locationId);
    if (!location) throw new Error(`stock of ${stock.sku} names missing location ${stock.locationId}`);
    return location;
  }

  @FieldResolver(() => Int, { description: "Units that can be promised: on hand minus reserved minus safety stock, never below 0." })
  availableToPromise(@Root() stock: StockRecord): number {
    return availableToPromise(stock);
  }
}
