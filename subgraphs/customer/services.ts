import type { LocationDirectory } from "./locations.js";
import type { OrderDirectory } from "./orders.js";
import type { CustomerStore } from "./store/index.js";

/** What the customer subgraph's resolvers work with. */
export interface CustomerServices {
  store: CustomerStore;
  /** The inventory service's locations: preferred stores and store visits must be stores. */
  locations: LocationDirectory;
  /** The order service's orders: a case or an interaction names only its customer's own. */
  orders: OrderDirectory;
}
