import type { SubgraphContext } from "../../lib/subgraph.js";
import type { CustomerLoaders } from "./loaders.js";
import type { CustomerServices } from "./services/index.js";

/** One request's context: its loaders, and the subgraph's services (the same object for every request). */
export type CustomerContext = SubgraphContext<CustomerLoaders, CustomerServices>;

/** The services a resolver calls: the flows live there, the resolver parses arguments and maps results. */
export function servicesOf(ctx: CustomerContext): CustomerServices {
  return ctx.services;
}
