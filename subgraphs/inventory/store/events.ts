import type { SalesChannel } from "../../../lib/channel.js";
import { domainEvent, type DomainEvent, type StockChangeReason } from "../../../lib/events.js";

export type StockChanged = Extract<DomainEvent, { type: "STOCK_CHANGED" }>;

/**
 * STOCK_CHANGED for `levels`, each (SKU, location) once. The stores record it in their outbox in the same atomic step
 * as every write that moved counts (ADJUSTED, RESERVED, COMMITTED, RELEASED, RESTOCKED), so it exists exactly when the
 * change does; the relay publishes it, and the write path awaits the relay's flush before answering, so the
 * gateway's response cache has evicted what changed by the caller's next read. A lapse records nothing: answers
 * counting held units are kept no longer than the earliest lapse (`InventoryStore.nextLapse`).
 */
export function stockChanged(
  channel: SalesChannel | null,
  reason: StockChangeReason,
  levels: readonly { sku: string; locationId: string }[],
): StockChanged {
  const seen = new Set<string>();
  const unique = levels.filter(({ sku, locationId }) => {
    const key = JSON.stringify([sku, locationId]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return domainEvent<StockChanged>("STOCK_CHANGED", channel, {
    reason,
    levels: unique.map(({ sku, locationId }) => ({ sku, locationId })),
  });
}
