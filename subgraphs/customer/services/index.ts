import type { DomainEvent } from "../../../lib/events.js";
import type { LocationDirectory } from "../clients/locations.js";
import type { OrderDirectory } from "../clients/orders.js";
import type { CustomerStore } from "../store/index.js";
import { CustomerDirectory } from "./directory.js";
import { InteractionService } from "./interactions.js";
import { LoyaltyHoldService } from "./loyalty-holds.js";
import { ProfileService } from "./profiles.js";
import { ServiceCaseService } from "./service-cases.js";

/** What the services work with: the store and the other subgraphs' clients. */
export interface CustomerServiceDeps {
  store: CustomerStore;
  /** The inventory service's locations: preferred stores and store visits must be stores. */
  locations: LocationDirectory;
  /** The order service's orders: a case or an interaction names only its customer's own. */
  orders: OrderDirectory;
  /**
   * Publishes what changed on a case (SERVICE_CASE_UPDATED), for live updates through the gateway, and a new profile
   * (CUSTOMER_REGISTERED), for the order service to join guest orders to it; never throws. After the write, not with
   * it: the customer store has no outbox, so a crash in between loses the announcement (the change itself is
   * stored). Absent without a bus.
   */
  announce?: (event: DomainEvent) => Promise<void>;
}

/** The customer subgraph's flows, one service per concern; resolvers take them from the request context. */
export interface CustomerServices {
  /** Registering customers and changing their profiles and preferred stores. */
  profiles: ProfileService;
  /** Finding customers by contact details, and listing staff. */
  directory: CustomerDirectory;
  /** What clients record on a customer's (or an anonymous cart's) timeline. */
  interactions: InteractionService;
  /** Opening, noting and resolving service cases, and announcing their changes. */
  serviceCases: ServiceCaseService;
  /** Loyalty points held by checkouts and given back (the order service's calls). */
  loyaltyHolds: LoyaltyHoldService;
}

export function createCustomerServices(deps: CustomerServiceDeps): CustomerServices {
  return {
    profiles: new ProfileService(deps.store, deps.locations, deps.announce),
    directory: new CustomerDirectory(deps.store),
    interactions: new InteractionService(deps.store, deps.locations, deps.orders),
    serviceCases: new ServiceCaseService(deps.store, deps.orders, deps.announce),
    loyaltyHolds: new LoyaltyHoldService(deps.store.pointsHolds),
  };
}
