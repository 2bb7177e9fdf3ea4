import type { Logger } from "../../../lib/logger.js";
import type { RequestInfo } from "../../../lib/viewer.js";
import type { PricingSettings } from "../pricing/cart-pricing.js";
import type { OrderStore } from "../store/index.js";
import type { CatalogPrices } from "./catalog.js";
import type { InventoryLocations, InventoryReservations } from "./inventory.js";
import type { PaymentProvider } from "./payments.js";
import type { SettlementServices } from "./settlement.js";
import type { OrderAnnouncer } from "./settlement-events.js";
import type { StaffDirectory } from "./staff.js";

/** What the order services work with besides their arguments; built once per subgraph from OrderDeps (index.ts). */
export interface OrderServices {
  store: OrderStore;
  inventory: InventoryReservations;
  /** The inventory service's locations: a return's drop-off store must take returns. */
  locations: InventoryLocations;
  catalog: CatalogPrices;
  payments: PaymentProvider;
  /** The customer service's staff records: only a store's own associates are credited with its sales. */
  staff: StaffDirectory;
  /** Checkouts and till sales: store, stock, payments, the outbox's relay and the recovery settings. */
  settlement: SettlementServices;
  /** Publishes what the store's writes recorded in its outbox; write paths await `flush` before answering. */
  announcer: OrderAnnouncer;
  /** Promotions and tax: what a cart costs besides catalog prices. */
  pricing: PricingSettings;
}

/** Who asks, on which channel and from which store, and where to log: what a service needs of the request. */
export interface Caller extends Pick<RequestInfo, "viewer" | "channel" | "storeId"> {
  logger: Logger;
}
