import type { StockRecord } from "../store/index.js";

/**
 * onHand after adding `delta` to `current` (absent where the location never carried the SKU), or null when the change
 * must be refused (NEGATIVE_STOCK): below zero, or below what is reserved. The memory store's check; store/lua/adjust.lua
 * makes the same one inside its script.
 */
export function adjustedOnHand(current: Pick<StockRecord, "onHand" | "reserved"> | null, delta: number): number | null {
  const onHand = (current?.onHand ?? 0) + delta;
  return onHand < 0 || onHand < (current?.reserved ?? 0) ? null : onHand;
}

/** Zero counts of a SKU a location does not carry, as of `at`: what stock reads and refused adjustments answer. */
export function emptyStock(locationId: string, sku: string, at: Date, safetyStock = 0): StockRecord {
  return { locationId, sku, onHand: 0, reserved: 0, safetyStock, updatedAt: at.toISOString() };
}

/** Units of `stock` not held by any reservation: what an adjustment may remove at most. */
export function unreserved(stock: Pick<StockRecord, "onHand" | "reserved">): number {
  return stock.onHand - stock.reserved;
}
