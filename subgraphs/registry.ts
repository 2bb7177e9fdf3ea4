import type { ResolvedAuth } from "../lib/auth/secrets.js";
import type { Config, SubgraphName } from "../lib/config.js";
import type { EventBus } from "../lib/events.js";
import type { Logger } from "../lib/logger.js";
import { createServiceClient } from "../lib/service-client.js";
import type { Subgraph } from "../lib/subgraph.js";

/** What a subgraph is created with when it runs for real: configuration, secrets and the event bus. */
export interface SubgraphEnv {
  config: Config;
  auth: ResolvedAuth;
  bus: EventBus;
  logger: Logger;
}

/** A signed client for calling another subgraph as the service `caller`. */
export function serviceClient(env: SubgraphEnv, caller: SubgraphName, callee: SubgraphName) {
  return createServiceClient({
    caller,
    url: env.config.subgraphs[callee].url,
    serviceSecret: env.auth.serviceSecret,
    timeoutMs: env.config.subgraphTimeoutMs,
  });
}

/**
 * How to create each subgraph with its default (embedded, seeded) store. Imports are lazy so that starting one
 * subgraph loads only its own code.
 */
export const SUBGRAPHS: Record<SubgraphName, (env: SubgraphEnv) => Promise<Subgraph<unknown>>> = {
  catalog: async () => (await import("./catalog/index.js")).createSubgraph() as Promise<Subgraph<unknown>>,
  inventory: async (env) => (await import("./inventory/index.js")).createSubgraph({ logger: env.logger }) as Promise<Subgraph<unknown>>,
  customer: async (env) => (await import("./customer/index.js")).createSubgraph({ bus: env.bus, logger: env.logger }) as Promise<Subgraph<unknown>>,
  order: async (env) =>
    (await import("./order/index.js")).createSubgraph({
      bus: env.bus,
      inventory: serviceClient(env, "order", "inventory"),
      catalog: serviceClient(env, "order", "catalog"),
    }) as Promise<Subgraph<unknown>>,
};
