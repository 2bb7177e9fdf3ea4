import { demoWorld, type DemoWorldOptions } from "../../lib/demo/world.js";
import type { AssociateRecord, CustomerRecord, InteractionRecord, ServiceCaseRecord } from "./store/index.js";

export interface CustomerSeed {
  customers: CustomerRecord[];
  associates: AssociateRecord[];
  interactions: InteractionRecord[];
  serviceCases: ServiceCaseRecord[];
}

/** The demo customers with their loyalty balances, store and call-center staff, timelines and service cases. Fresh copies on every call. */
export function customerSeed(options: DemoWorldOptions = {}): CustomerSeed {
  const world = demoWorld(options);
  return structuredClone({
    customers: world.customers,
    associates: world.associates,
    // The demo history was all recorded with the customer known: none of it waits on a cart.
    interactions: world.interactions.map((interaction): InteractionRecord => ({ ...interaction, cartId: null })),
    serviceCases: world.serviceCases,
  });
}
