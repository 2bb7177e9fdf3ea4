import type { SubgraphContext } from "../../lib/subgraph.js";
import type { InventoryLoaders } from "./loaders.js";
import type { InventoryServices } from "./services/index.js";

/**
 * One request's scope: its loaders, and the subgraph's services the resolvers call (the same object for every request,
 * carried here because the request context is made from `createLoaders`).
 */
export type InventoryRequestScope = InventoryLoaders & { services: InventoryServices };

export type InventoryContext = SubgraphContext<InventoryRequestScope>;

/** The services a resolver calls: thin resolvers parse arguments, call one of these and map its answer. */
export function servicesOf(ctx: InventoryContext): InventoryServices {
  return ctx.loaders.services;
}
