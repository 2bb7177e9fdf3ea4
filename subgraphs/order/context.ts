import type { SubgraphContext } from "../../lib/subgraph.js";
import type { OrderLoaders } from "./loaders.js";
import type { OrderServices } from "./services/deps.js";

/**
 * One request's scope: its loaders, and the subgraph's services the resolvers call (the same object for every request,
 * carried here because the request context is made from `createLoaders`).
 */
export type OrderRequestScope = OrderLoaders & { services: OrderServices };

export type OrderContext = SubgraphContext<OrderRequestScope>;

/** The services a resolver calls: thin resolvers parse arguments, call one of these and map its answer. */
export function servicesOf(ctx: OrderContext): OrderServices {
  return ctx.loaders.services;
}
