import { actsForStore, deny } from "../../../lib/auth/access.js";
import { stockKey } from "../loaders.js";
import { emptyStock, unreserved } from "../rules/adjustments.js";
import { defaultSafetyStock } from "../rules/availability.js";
import { assertKey, MAX_UNITS, viewerName } from "../rules/validation.js";
import type { StockAdjustmentReasonName, StockRecord } from "../store/index.js";
import type { StockAdjustmentUserError } from "../types/adjustment.js";
import type { InventoryCaller, InventoryServiceDeps } from "./deps.js";

type StockAdjustmentErrorCodeName = StockAdjustmentUserError["code"];

export interface AdjustStockRequest {
  locationId: string;
  sku: string;
  delta: number;
  reason: StockAdjustmentReasonName;
  /** The device's id for this adjustment: applied once per (location, key). */
  idempotencyKey?: string | null;
}

/** The stock as it now is (or as it was, when refused; null for an unknown location) and why nothing changed. */
export interface AdjustStockOutcome {
  stockLevel: StockRecord | null;
  userErrors: StockAdjustmentUserError[];
}

/** Stock counted, received, damaged or returned at one location by its associates (or a service). */
export class AdjustmentService {
  constructor(private readonly deps: InventoryServiceDeps) {}

  /**
   * Adds `delta` units at a location: FORBIDDEN / UNAUTHENTICATED unless the caller acts for that store; refused with a
   * userError for an unknown location, a delta of 0 or beyond ±MAX_UNITS, or one that would take on-hand below zero or
   * below what is reserved. A repeat of a keyed adjustment changes nothing and answers the stock as it now is.
   */
  async adjust(request: AdjustStockRequest, caller: InventoryCaller): Promise<AdjustStockOutcome> {
    if (!actsForStore(caller.viewer, request.locationId)) deny(caller.viewer, "only associates of that store can change its stock.");
    const key = request.idempotencyKey ?? null;
    if (key !== null) assertKey(key, "idempotencyKey", ["input", "idempotencyKey"]);
    const location = await caller.loaders.locationById.load(request.locationId);
    if (!location) return refused(null, "UNKNOWN_LOCATION", `There is no location "${request.locationId}".`, "locationId");
    const asItIs = async (): Promise<StockRecord> =>
      (await caller.loaders.stockAt.load(stockKey(request.locationId, request.sku))) ??
      emptyStock(request.locationId, request.sku, this.deps.now());
    if (request.delta === 0 || Math.abs(request.delta) > MAX_UNITS) {
      return refused(await asItIs(), "INVALID_QUANTITY", `The change must be between 1 and ${MAX_UNITS} units either way.`, "delta");
    }
    const result = await this.deps.store.adjustStock({
      locationId: request.locationId,
      sku: request.sku,
      delta: request.delta,
      reason: request.reason,
      safetyStockIfNew: defaultSafetyStock(location),
      by: viewerName(caller.viewer),
      key,
      channel: caller.channel,
    });
    // A retry of an adjustment already applied at this location: it stands, and the device gets the stock as it is.
    if (!result.ok && result.code === "APPLIED_EARLIER") return { stockLevel: result.stock ?? (await asItIs()), userErrors: [] };
    if (!result.ok) {
      const stock = result.stock ?? (await asItIs());
      const message = `Only ${unreserved(stock)} of the ${stock.onHand} on hand are not reserved; removing ${-request.delta} would go below that. Nothing changed.`;
      return refused(stock, "NEGATIVE_STOCK", message, "delta");
    }
    // STOCK_CHANGED was recorded with the change; on the bus before the answer, so cached stock is evicted first.
    await this.deps.flush();
    return { stockLevel: result.stock, userErrors: [] };
  }
}

function refused(
  stockLevel: StockRecord | null,
  code: StockAdjustmentErrorCodeName,
  message: string,
  field: keyof AdjustStockRequest,
): AdjustStockOutcome {
  return { stockLevel, userErrors: [{ code, message, field: ["input", field] }] };
}
