import type { SubgraphName } from "../lib/config.js";
import type { Subgraph } from "../lib/subgraph.js";

/**
 * How to create each subgraph with its default (embedded, seeded) dependencies. Imports are lazy so that starting
 * one subgraph loads only its own code.
 */
export const SUBGRAPHS: Record<SubgraphName, () => Promise<Subgraph<unknown>>> = {
  catalog: async () => (await import("./catalog/index.js")).createSubgraph() as Promise<Subgraph<unknown>>,
  inventory: async () => (await import("./inventory/index.js")).createSubgraph() as Promise<Subgraph<unknown>>,
  customer: async () => (await import("./customer/index.js")).createSubgraph() as Promise<Subgraph<unknown>>,
  order: async () => (await import("./order/index.js")).createSubgraph() as Promise<Subgraph<unknown>>,
};
