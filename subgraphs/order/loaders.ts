import DataLoader from "dataloader";
import { batchLoader, listLoader } from "../../lib/loaders.js";
import type { SalesChannel } from "../../lib/channel.js";
import type { CatalogPrices } from "./services/catalog.js";
import type { InventoryLocations } from "./services/inventory.js";
import type { FulfillmentStatusName, OrderStore } from "./store/index.js";

/** A key whose read also depends on field arguments; keys with equal arguments share one store read. */
export interface KeyWithArgs<A> {
  id: string;
  args: A;
}

/**
 * A per-request DataLoader for reads that take ids plus arguments (a date range, a status filter): the batch is
 * split by argument, one store read per distinct argument set — in practice one, as a query passes the same
 * arguments to every entity in a list.
 */
function argsLoader<A, V>(argsKey: (args: A) => string, read: (ids: readonly string[], args: A) => Promise<readonly V[]>) {
  return new DataLoader<KeyWithArgs<A>, V, string>(
    async (keys) => {
      const groups = new Map<string, { args: A; positions: number[] }>();
      keys.forEach((key, position) => {
        const group = groups.get(argsKey(key.args)) ?? { args: key.args, positions: [] };
        group.positions.push(position);
        groups.set(argsKey(key.args), group);
      });
      const values = new Array<V>(keys.length);
      await Promise.all(
        [...groups.values()].map(async ({ args, positions }) => {
          const answer = await read(
            positions.map((p) => keys[p].id),
            args,
          );
          if (answer.length !== positions.length)
            throw new Error(`batched read returned ${answer.length} values for ${positions.length} keys`);
          positions.forEach((p, i) => (values[p] = answer[i]));
        }),
      );
      return values;
    },
    { cacheKeyFn: (key) => JSON.stringify([key.id, argsKey(key.args)]), maxBatchSize: 1000 },
  );
}

/** The other services a cart's cost reads: the catalog's prices and the stores' states. */
export interface PricingReads {
  catalog: CatalogPrices;
  locations: InventoryLocations;
}

/**
 * One request's loaders: every order, cart, queue and sales read in the request goes through these. `reads` are the
 * subgraph's clients of the catalog and inventory (or, unconfigured, stand-ins that answer SUBGRAPH_UNAVAILABLE).
 */
export function createLoaders(store: OrderStore, reads: PricingReads) {
  return {
    /** Catalog prices (with brand and categories) per channel: every cart of the request in one catalog request. */
    variantPrices: argsLoader(
      (channel: SalesChannel) => channel,
      (skus, channel) => reads.catalog.prices(skus, channel),
    ),
    locationById: batchLoader((ids: readonly string[]) => reads.locations.locationsById(ids)),
    giftCardByCode: batchLoader((codes: readonly string[]) => store.giftCardsByCode(codes)),
    discountCodeUses: batchLoader((codes: readonly string[]) => store.discountCodeUses(codes)),
    orderById: batchLoader((ids: readonly string[]) => store.ordersById(ids)),
    orderByNumber: batchLoader((numbers: readonly string[]) => store.ordersByNumber(numbers)),
    orderByToken: batchLoader((tokens: readonly string[]) => store.ordersByToken(tokens)),
    ordersByCustomer: listLoader((customerIds: readonly string[]) => store.ordersByCustomer(customerIds)),
    cartById: batchLoader((ids: readonly string[]) => store.cartsById(ids)),
    activeCartByCustomer: batchLoader((customerIds: readonly string[]) => store.activeCartByCustomer(customerIds)),
    pickupQueue: argsLoader(
      (statuses: readonly FulfillmentStatusName[]) => [...statuses].sort().join(","),
      (locationIds, statuses) => store.pickupQueue(locationIds, statuses),
    ),
    fulfillmentQueue: argsLoader(
      (statuses: readonly FulfillmentStatusName[]) => [...statuses].sort().join(","),
      (locationIds, statuses) => store.fulfillmentQueue(locationIds, statuses),
    ),
    attributedSales: argsLoader(
      (range: { from: string; to: string }) => `${range.from}/${range.to}`,
      (associateIds, range) => store.attributedSales(associateIds, range.from, range.to),
    ),
  };
}

export type OrderLoaders = ReturnType<typeof createLoaders>;
