import type { SalesChannel } from "../../../lib/channel.js";
import type { Planner, StockAdjustmentReasonName, StockRecord } from "./records.js";

/** What the inventory stores' writes take and answer. */

export interface ReserveRequest {
  key: string;
  /** Every SKU the lines name: what the store must read for the planner. */
  skus: string[];
  plan: Planner;
  ttlSeconds: number;
  /** For a till sale, where the unit is already in the customer's hand: safety stock does not apply. */
  ignoreSafetyStock: boolean;
  /** The channel of the request, carried by the STOCK_CHANGED recorded with the hold. */
  channel?: SalesChannel | null;
}

export interface StockAdjustment {
  locationId: string;
  sku: string;
  /** Non-zero; positive receives units, negative removes them. */
  delta: number;
  reason: StockAdjustmentReasonName;
  /** Safety stock of the record created when the location never carried the SKU. */
  safetyStockIfNew: number;
  /** Who made the change, for the movement journal. */
  by: string;
  /**
   * The caller's idempotency key, scoped by the store to `locationId`: an adjustment with a key already applied at
   * that location changes nothing. Without one, every call applies.
   */
  key?: string | null;
  /** The channel of the request, carried by the STOCK_CHANGED recorded with the change. */
  channel?: SalesChannel | null;
}

export type AdjustmentResult =
  | { ok: true; stock: StockRecord }
  /**
   * An earlier adjustment with the same key at this location was applied; this one changed nothing. `stock` is the
   * record as it is now, null where the location does not carry the SKU (a key reused for another SKU).
   */
  | { ok: false; code: "APPLIED_EARLIER"; stock: StockRecord | null }
  /** The change would take onHand below zero or below what is reserved; nothing changed. `stock` is null where the SKU was never carried. */
  | { ok: false; code: "NEGATIVE_STOCK"; stock: StockRecord | null };

export interface RestockRequest {
  /** Idempotency key, scoped to the calling service. */
  key: string;
  locationId: string;
  lines: { sku: string; quantity: number }[];
  safetyStockIfNew: number;
  by: string;
  /** The channel of the request, carried by the STOCK_CHANGED recorded with the change. */
  channel?: SalesChannel | null;
}

/** One change of onHand, kept for audit (who, why, when). */
export interface StockMovement {
  at: string;
  locationId: string;
  sku: string;
  delta: number;
  reason: StockAdjustmentReasonName;
  by: string;
}
