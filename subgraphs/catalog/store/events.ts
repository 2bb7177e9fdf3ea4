import { domainEvent, type DomainEvent } from "../../../lib/events.js";

export type CatalogChanged = Extract<DomainEvent, { type: "CATALOG_CHANGED" }>;

/**
 * CATALOG_CHANGED for saved products. The stores record it in their outbox in the same atomic step as the save
 * (memory: the same synchronous step; Redis: an RPUSH to `{catalog}:outbox` in save-product.lua), so it exists exactly
 * when the change does, whichever process saved; a catalog instance's relay publishes it, and the gateway evicts the
 * cached answers that read the catalog.
 */
export function catalogChanged(productIds: readonly string[]): CatalogChanged {
  return domainEvent<CatalogChanged>("CATALOG_CHANGED", null, { productIds: [...new Set(productIds)] });
}
