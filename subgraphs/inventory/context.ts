import type { SubgraphContext } from "../../lib/subgraph.js";
import type { InventoryLoaders } from "./loaders.js";

export type InventoryContext = SubgraphContext<InventoryLoaders>;
