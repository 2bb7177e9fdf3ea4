import type { SubgraphContext } from "../../lib/subgraph.js";
import type { OrderLoaders } from "./loaders.js";

export type OrderContext = SubgraphContext<OrderLoaders>;
