import type { SalesChannel } from "../../../lib/channel.js";
import type { Viewer } from "../../../lib/viewer.js";
import type { StaffDirectory } from "../clients/staff.js";
import type { InventoryLoaders } from "../loaders.js";
import type { InventoryStore } from "../store/index.js";

/** Waits (briefly, never failing) until the STOCK_CHANGED events recorded so far are on the bus. */
export type FlushStockChanges = () => Promise<void>;

/** What the inventory services work over: built once per subgraph by `createSubgraph`. */
export interface InventoryServiceDeps {
  store: InventoryStore;
  /** The clock behind pickup and ship dates, reservation expiry and updatedAt. */
  now: () => Date;
  /**
   * What a write awaits before answering, so the STOCK_CHANGED its store recorded is on the bus (and cached stock
   * evicted) by the caller's next read.
   */
  flush: FlushStockChanges;
  /** Who manages which store (the customer subgraph's staff records): what changing a store's hours needs. */
  staff: StaffDirectory;
}

/** Who asks, from where, and the request's loaders: what a service needs of one request. */
export interface InventoryCaller {
  viewer: Viewer;
  channel: SalesChannel;
  loaders: InventoryLoaders;
  /** The request's id, carried on to the services this one calls. */
  requestId: string;
}
