import { domainEvent, type DomainEvent, type EventBus, type StockChangeReason } from "../../lib/events.js";
import type { InventoryContext } from "./context.js";

type StockChanged = Extract<DomainEvent, { type: "STOCK_CHANGED" }>;

/** Tells the bus that stock counts changed; a no-op without a bus. */
export type PublishStockChange = (ctx: InventoryContext, reason: StockChangeReason, levels: readonly { sku: string; locationId: string }[]) => Promise<void>;

/**
 * STOCK_CHANGED after every write that moved counts, so the gateway evicts the answers that read them. Published
 * after the write and before the answer: the caller's next read finds the stale answers already gone. A publish that
 * fails does not fail the write, which has happened (and an adjustment without a key must not be retried): the cached
 * answers then live out their max-age, seconds for availability.
 */
export function stockChangePublisher(bus: EventBus | undefined): PublishStockChange {
  if (!bus) return async () => undefined;
  return async (ctx, reason, levels) => {
    if (levels.length === 0) return;
    const seen = new Set<string>();
    const unique = levels.filter(({ sku, locationId }) => {
      const key = JSON.stringify([sku, locationId]);
      return seen.has(key) ? false : (seen.add(key), true);
    });
    const event = domainEvent<StockChanged>("STOCK_CHANGED", ctx.channel, {
      reason,
      levels: unique.map(({ sku, locationId }) => ({ sku, locationId })),
    });
    try {
      await bus.publish(event);
    } catch (error) {
      ctx.logger.error("stock change not published", { reason, error });
    }
  };
}
