import type { DomainEvent } from "../../lib/events.js";
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
  /**
   * Publishes what changed on a case (SERVICE_CASE_UPDATED), for live updates through the gateway; never throws.
   * After the write, not with it: the customer store has no outbox, so a crash in between loses the live update
   * (the note itself is stored). Absent without a bus.
   */
  announce?: (event: DomainEvent) => Promise<void>;
}
