import type { SubgraphContext } from "../../lib/subgraph.js";
import type { CatalogLoaders } from "./loaders.js";

export type CatalogContext = SubgraphContext<CatalogLoaders, undefined>;
