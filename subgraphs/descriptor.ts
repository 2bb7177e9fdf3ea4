import type { ResolvedAuth } from "../lib/auth/secrets.js";
import type { Config, SubgraphName } from "../lib/config.js";
import type { DemoWorldOptions } from "../lib/demo/world.js";
import type { DomainEvent, EventBus } from "../lib/events.js";
import type { Logger } from "../lib/logger.js";
import type { RedisClient } from "../lib/redis.js";
import type { ServiceClient } from "../lib/service-client.js";
import type { Subgraph } from "../lib/subgraph.js";

/** What a subgraph is created with when it runs for real: configuration, secrets, the event bus and Redis. */
export interface SubgraphEnv {
  config: Config;
  auth: ResolvedAuth;
  bus: EventBus;
  logger: Logger;
  /** With Redis every subgraph keeps its data there; without, in memory with the demo data. */
  redis: RedisClient | null;
}

/** What every runner (npm start, one subgraph's process, the tests, the bench) hands a subgraph besides its store. */
export interface SubgraphWiring {
  config: Config;
  bus: EventBus;
  logger: Logger;
  /**
   * A signed client of `callee`, calling as this subgraph. A subgraph that may start before its callee (customer
   * before order) calls this only on its first request.
   */
  client(callee: SubgraphName): ServiceClient;
}

/** A subgraph's Redis store, for its deps, and how its share of the demo world goes in. */
export interface RedisStores<Deps, Seed> {
  /** The store (and anything else kept in Redis, e.g. the order subgraph's test payments) as deps. */
  deps: Partial<Deps>;
  /** Writes `seed` unless this Redis already has the subgraph's data; true when it wrote. */
  seedIfEmpty(seed: Seed): Promise<boolean>;
}

/**
 * One subgraph as everything outside it sees it: its name and port, whom it calls, which events it publishes and
 * consumes, its stores, its share of the demo world and how it is created. The registry, the seeding, the schema
 * printing, the test graph and the bench read these instead of wiring each subgraph themselves. Each descriptor
 * imports its subgraph's code lazily, so loading the four descriptors loads no subgraph.
 */
export interface SubgraphModule<Deps extends object = object, Seed = unknown> {
  name: SubgraphName;
  /** The port it listens on unless <NAME>_PORT says otherwise (DEFAULT_PORTS in lib/config/subgraphs.ts). */
  defaultPort: number;
  /** The subgraphs it calls with signed service clients. */
  calls: readonly SubgraphName[];
  /** The domain events it puts on the bus. */
  publishes: readonly DomainEvent["type"][];
  /** The domain events it reacts to. */
  consumes: readonly DomainEvent["type"][];
  /** Its share of the demo world at a scale, as fresh copies; the in-memory store starts from the scale-1 share. */
  seed(options?: DemoWorldOptions): Promise<Seed>;
  /** Its stores on `redis` (created with the settings `config` holds). Without Redis the subgraph seeds its own memory store. */
  redisStores(redis: RedisClient, config: Config): Promise<RedisStores<Deps, Seed>>;
  /** Its deps besides the store: configuration, the bus, the logger and clients of the subgraphs it calls. */
  deps(wiring: SubgraphWiring): Deps;
  create(deps: Deps): Promise<Subgraph<unknown>>;
}

/** A descriptor of any subgraph, as lists of all four hold them. */
export type AnySubgraphModule = SubgraphModule<any, any>;
