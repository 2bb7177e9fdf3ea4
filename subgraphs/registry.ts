import type { Config, SubgraphName } from "../lib/config.js";
import { createServiceClient } from "../lib/service-client.js";
import { serveSubgraph, type RunningSubgraph, type ServeOptions, type Subgraph } from "../lib/subgraph.js";
import { catalogModule } from "./catalog/module.js";
import { customerModule } from "./customer/module.js";
import type { AnySubgraphModule, SubgraphEnv } from "./descriptor.js";
import { inventoryModule } from "./inventory/module.js";
import { orderModule } from "./order/module.js";

export type { SubgraphEnv } from "./descriptor.js";

/** The four subgraphs' descriptors, in the order they are started, seeded and composed (SUBGRAPH_NAMES). */
export const MODULES: Record<SubgraphName, AnySubgraphModule> = {
  catalog: catalogModule,
  inventory: inventoryModule,
  customer: customerModule,
  order: orderModule,
};

/** A signed client for calling another subgraph as the service `caller`. */
export function serviceClient(env: SubgraphEnv, caller: SubgraphName, callee: SubgraphName) {
  return createServiceClient({
    caller,
    url: env.config.subgraphs[callee].url,
    serviceSecret: env.auth.serviceSecret,
    // The order subgraph calls inventory and customer inside checkout and other mutations: a step of one must not be
    // cut at a query's SUBGRAPH_TIMEOUT_MS halfway through, and the three a checkout makes in a row must end before the
    // gateway stops waiting for the checkout at MUTATION_TIMEOUT_MS (ORDER_CALL_TIMEOUT_MS, at most a sixth of it: up to five calls in a row).
    timeoutMs: caller === "order" ? orderCallTimeoutMs(env.config) : env.config.subgraphTimeoutMs,
  });
}

/** How long the order subgraph waits for one service call inside a mutation (see lib/config.ts ORDER_CALL_TIMEOUT_MS). */
export function orderCallTimeoutMs(config: Pick<Config, "orderCallTimeoutMs" | "mutationTimeoutMs">): number {
  return Math.max(1, Math.min(config.orderCallTimeoutMs, Math.floor(config.mutationTimeoutMs / 6)));
}

/**
 * Creates subgraph `name` as it runs for real: on its Redis stores when Redis is configured, else on its seeded
 * memory store, calling the other subgraphs where the configuration says they listen. Only that subgraph's code loads.
 */
export async function createFromEnv(name: SubgraphName, env: SubgraphEnv): Promise<Subgraph<unknown>> {
  const module = MODULES[name];
  const deps = module.deps({ config: env.config, bus: env.bus, logger: env.logger, client: (callee) => serviceClient(env, name, callee) });
  const stores = env.redis ? (await module.redisStores(env.redis, env.config)).deps : {};
  return module.create({ ...deps, ...stores });
}

/**
 * Creates subgraph `name` from `env` and serves it on its configured port and host, with the configured limits;
 * `overrides` for a runner of its own (the bench: any free loopback port, no introspection).
 */
export async function serveFromEnv(name: SubgraphName, env: SubgraphEnv, overrides: Partial<ServeOptions> = {}): Promise<RunningSubgraph> {
  const { config } = env;
  return serveSubgraph(await createFromEnv(name, env), {
    serviceSecret: env.auth.serviceSecret,
    port: config.subgraphs[name].port,
    host: config.host,
    logger: env.logger,
    maxBodyBytes: config.maxBodyBytes,
    limits: config,
    work: config,
    introspection: config.introspection,
    ...overrides,
  });
}
