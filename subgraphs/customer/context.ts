import type { SubgraphContext } from "../../lib/subgraph.js";
import type { CustomerLoaders } from "./loaders.js";
import type { CustomerServices } from "./services/index.js";

/** One request's scope: its DataLoaders, and the subgraph's services (the same for every request). */
export type CustomerRequestScope = CustomerLoaders & { services: CustomerServices };

export type CustomerContext = SubgraphContext<CustomerRequestScope>;

/** The services a resolver calls: the flows live there, the resolver parses arguments and maps results. */
export function servicesOf(ctx: CustomerContext): CustomerServices {
  return ctx.loaders.services;
}
