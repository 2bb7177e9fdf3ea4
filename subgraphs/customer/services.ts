import type { LocationDirectory } from "./locations.js";
import type { CustomerStore } from "./store/index.js";

/** What the customer subgraph's resolvers work with. */
export interface CustomerServices {
  store: CustomerStore;
  /** The inventory service's locations: preferred stores and store visits must be stores. */
  locations: LocationDirectory;
}
