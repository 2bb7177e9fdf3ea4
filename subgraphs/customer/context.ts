import type { SubgraphContext } from "../../lib/subgraph.js";
import type { CustomerLoaders } from "./loaders.js";

export type CustomerContext = SubgraphContext<CustomerLoaders>;
