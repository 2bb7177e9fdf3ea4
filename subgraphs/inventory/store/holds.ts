import type { HoldRecord } from "./index.js";

/** Holds summed per location and SKU: a split or repeated SKU changes each stock record once (both stores). */
export function totalsByStock(holds: readonly HoldRecord[]): HoldRecord[] {
  const totals = new Map<string, HoldRecord>();
  for (const hold of holds) {
    const key = JSON.stringify([hold.locationId, hold.sku]);
    const total = totals.get(key);
    if (total) total.quantity += hold.quantity;
    else totals.set(key, { ...hold });
  }
  return [...totals.values()];
}
