import type { SubgraphContext } from "../../lib/subgraph.js";
import type { OrderLoaders } from "./loaders.js";
import type { OrderServices } from "./services/deps.js";

/** One request's context: its loaders, and the subgraph's services (the same object for every request). */
export type OrderContext = SubgraphContext<OrderLoaders, OrderServices>;

/** The services a resolver calls: thin resolvers parse arguments, call one of these and map its answer. */
export function servicesOf(ctx: OrderContext): OrderServices {
  return ctx.services;
}
