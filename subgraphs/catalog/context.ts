import type { SubgraphContext } from "../../lib/subgraph.js";
import type { CatalogLoaders } from "./loaders.js";
import type { CatalogServices } from "./services/index.js";

export type CatalogContext = SubgraphContext<CatalogLoaders, CatalogServices>;

/** The services a resolver calls: the flows live there, the resolver parses arguments and maps results. */
export function servicesOf(ctx: CatalogContext): CatalogServices {
  return ctx.services;
}
