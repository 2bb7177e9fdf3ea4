import type { RequestInfo } from "../../../lib/viewer.js";
import type { CustomerLoaders } from "../loaders.js";

/**
 * What a service needs of the request: who asks, on which channel, from which store, and the request's cached
 * reads (a service checking a staff member reads them through the same loader the answer's fields use).
 */
export type CustomerRequest = Pick<RequestInfo, "requestId" | "viewer" | "channel" | "storeId"> & {
  loaders: Pick<CustomerLoaders, "associateById" | "serviceCaseById">;
};
