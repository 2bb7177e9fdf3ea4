import { toMoney } from "../../../lib/graphql/types.js";
import { share } from "../pricing/refunds.js";
import type { AttributionRecord, CartLineRecord, OrderEventRecord, OrderLineRecord } from "../store/index.js";
import type { CartLine } from "../types/cart.js";
import type { FulfillmentMethod } from "../types/fulfillment.js";
import type { Attribution, OrderEvent, OrderLine } from "../types/order.js";

// Value types have no identity of their own, so they are built whole from the record that holds them.

/** A reference to another subgraph's entity by id, or null. */
export function ref(id: string | null): { id: string } | null {
  return id === null ? null : { id };
}

/** An order line as the graph shows it; `quantity` overrides the line's own (a return's returned units). */
export function orderLine(line: OrderLineRecord, currencyCode: string, quantity = line.quantity): OrderLine {
  return {
    id: line.id,
    variant: { sku: line.sku },
    quantity,
    unitPrice: toMoney({ cents: line.unitPrice, currencyCode }),
    total: toMoney({ cents: line.unitPrice * quantity, currencyCode }),
    // A return of some units shows their share of the line's discount and tax.
    discount: toMoney({ cents: share(line.discount ?? 0, quantity, line.quantity), currencyCode }),
    tax: toMoney({ cents: share(line.tax ?? 0, quantity, line.quantity), currencyCode }),
    fulfillmentId: line.fulfillmentId,
  };
}

export function attribution(record: AttributionRecord): Attribution {
  return { channel: record.channel, location: ref(record.locationId), associate: ref(record.associateId) };
}

export function orderEvent(record: OrderEventRecord): OrderEvent {
  return { type: record.type, at: record.at, channel: record.channel, location: ref(record.locationId) };
}

export function cartLine(line: CartLineRecord, currencyCode: string): CartLine {
  return {
    id: line.id,
    variant: { sku: line.sku },
    quantity: line.quantity,
    fulfillment: { method: line.method as FulfillmentMethod, location: ref(line.locationId), shippingAddress: line.shippingAddress },
    unitPrice: line.unitPrice === null ? null : toMoney({ cents: line.unitPrice, currencyCode }),
  };
}
