import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny } from "../../../lib/auth/access.js";
import { BadUserInputError } from "../../../lib/errors.js";
import type { UserError } from "../../../lib/graphql/types.js";
import { defaultSafetyStock } from "../availability.js";
import type { InventoryContext } from "../context.js";
import { stockKey } from "../loaders.js";
import type { InventoryStore, StockRecord } from "../store/index.js";
import { AdjustStockInput, AdjustStockPayload } from "../types/adjustment.js";
import { MAX_UNITS, viewerName } from "../validation.js";

/** The longest idempotency key a device may send, as for the other keys of the graph. */
const MAX_KEY_LENGTH = 200;

/** Waits (briefly, never failing) until the STOCK_CHANGED events recorded so far are on the bus. */
export type FlushStockChanges = () => Promise<void>;

export function adjustmentResolver(store: InventoryStore, now: () => Date, flush: FlushStockChanges) {
  @Resolver()
  class AdjustmentResolver {
    @Authorized("associate", "service")
    @Mutation(() => AdjustStockPayload, {
      description:
        "Associates of the store (and services): add or remove units at a location — deliveries, damage, counts, returns. Never takes on-hand below zero or below what is reserved. With an idempotencyKey, a repeat at the same location changes nothing and answers the stock as it now is.",
    })
    async adjustStock(
      @Arg("input", () => AdjustStockInput, { description: "Where, which SKU, by how much and why." }) input: AdjustStockInput,
      @Ctx() ctx: InventoryContext,
    ): Promise<AdjustStockPayload> {
      if (!actsForStore(ctx.viewer, input.locationId)) deny(ctx.viewer, "only associates of that store can change its stock.");
      const key = input.idempotencyKey ?? null;
      if (key !== null && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
        throw new BadUserInputError(`"idempotencyKey" must be 1 to ${MAX_KEY_LENGTH} characters.`, ["input", "idempotencyKey"]);
      }
      const location = await ctx.loaders.locationById.load(input.locationId);
      if (!location) {
        return { stockLevel: null, userErrors: [failure("UNKNOWN_LOCATION", `There is no location "${input.locationId}".`, "locationId")] };
      }
      const asItIs = async (): Promise<StockRecord> =>
        (await ctx.loaders.stockAt.load(stockKey(input.locationId, input.sku))) ?? {
          locationId: input.locationId,
          sku: input.sku,
          onHand: 0,
          reserved: 0,
          safetyStock: 0,
          updatedAt: now().toISOString(),
        };
      if (input.delta === 0 || Math.abs(input.delta) > MAX_UNITS) {
        return {
          stockLevel: await asItIs(),
          userErrors: [failure("INVALID_QUANTITY", `The change must be between 1 and ${MAX_UNITS} units either way.`, "delta")],
        };
      }
      const result = await store.adjustStock({
        locationId: input.locationId,
        sku: input.sku,
        delta: input.delta,
        reason: input.reason,
        safetyStockIfNew: defaultSafetyStock(location),
        by: viewerName(ctx.viewer),
        key,
        channel: ctx.channel,
      });
      // A retry of an adjustment already applied at this location: it stands, and the device gets the stock as it is.
      if (!result.ok && result.code === "APPLIED_EARLIER") return { stockLevel: result.stock ?? (await asItIs()), userErrors: [] };
      if (!result.ok) {
        const stock = result.stock ?? (await asItIs());
        return {
          stockLevel: stock,
          userErrors: [
            failure(
              "NEGATIVE_STOCK",
              `Only ${stock.onHand - stock.reserved} of the ${stock.onHand} on hand are not reserved; removing ${-input.delta} would go below that. Nothing changed.`,
              "delta",
            ),
          ],
        };
      }
      // STOCK_CHANGED was recorded with the change; on the bus before the answer, so cached stock is evicted first.
      await flush();
      return { stockLevel: result.stock, userErrors: [] };
    }
  }
  return AdjustmentResolver;
}

function failure(code: string, message: string, field: keyof AdjustStockInput): UserError {
  return { code, message, field: ["input", field] };
}
