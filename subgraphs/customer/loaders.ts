import { batchLoader, listLoader } from "../../lib/loaders.js";
import type { CustomerStore } from "./store/index.js";

/** One request's loaders: every customer, associate, timeline and service-case read in the request goes through these. */
export function createLoaders(store: CustomerStore) {
  return {
    customerById: batchLoader((ids: readonly string[]) => store.customersById(ids)),
    associateById: batchLoader((ids: readonly string[]) => store.associatesById(ids)),
    interactionsByCustomer: listLoader((customerIds: readonly string[]) => store.interactionsByCustomer(customerIds)),
    serviceCasesByCustomer: listLoader((customerIds: readonly string[]) => store.serviceCasesByCustomer(customerIds)),
    serviceCaseById: batchLoader((ids: readonly string[]) => store.serviceCasesById(ids)),
  };
}

export type CustomerLoaders = ReturnType<typeof createLoaders>;
