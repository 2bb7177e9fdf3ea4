import type { SubgraphContext } from "../../lib/subgraph.js";
import type { InventoryLoaders } from "./loaders.js";
import type { InventoryServices } from "./services/index.js";

/** One request's context: its loaders, and the subgraph's services (the same object for every request). */
export type InventoryContext = SubgraphContext<InventoryLoaders, InventoryServices>;

/** The services a resolver calls: thin resolvers parse arguments, call one of these and map its answer. */
export function servicesOf(ctx: InventoryContext): InventoryServices {
  return ctx.services;
}
