import type { GraphQLSchema } from "graphql";
import { canSeeCustomer, PEOPLE } from "../../lib/auth/access.js";
import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema } from "../../lib/federation.js";
import type { Logger } from "../../lib/logger.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { CustomerContext } from "./context.js";
import { consumeDomainEvents, TIMELINE_GROUP } from "./events.js";
import { createLoaders, type CustomerLoaders } from "./loaders.js";
import { associateResolver } from "./resolvers/associate.js";
import { customerResolver } from "./resolvers/customer.js";
import { InteractionResolver } from "./resolvers/interaction.js";
import { ServiceNoteResolver } from "./resolvers/serviceCase.js";
import { SessionResolver } from "./resolvers/session.js";
import { customerSeed } from "./seed.js";
import type { CustomerStore } from "./store/index.js";
import { MemoryCustomerStore } from "./store/memory.js";

export interface CustomerDeps {
  /** Where customers and staff live; the seeded in-memory store when omitted. */
  store?: CustomerStore;
  /** Domain events (orders, pickups, returns, attached carts) feed the timeline and loyalty; without it nothing does. */
  bus?: EventBus;
  /** Where the event consumer reports events it has to drop. */
  logger?: Logger;
}

/** The customer subgraph's schema, wired to `store`. */
export function buildSchema(store: CustomerStore): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [customerResolver(store), associateResolver(store), InteractionResolver, ServiceNoteResolver, SessionResolver] },
    {
      // References obey the same rules as root fields: a customer another customer may not see reads as not found.
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: CustomerContext) =>
          canSeeCustomer(ctx.viewer, ref.id) ? ctx.loaders.customerById.load(ref.id) : null,
      },
      Associate: {
        __resolveReference: (ref: { id: string }, ctx: CustomerContext) =>
          PEOPLE.includes(ctx.viewer.kind) ? ctx.loaders.associateById.load(ref.id) : null,
      },
    },
  );
}

/** Customers, loyalty, cross-channel timelines, service cases and staff. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: CustomerDeps = {}): Promise<Subgraph<CustomerLoaders>> {
  const store = deps.store ?? new MemoryCustomerStore(customerSeed());
  const { bus, logger } = deps;
  let unsubscribe: (() => void) | null = null;
  return {
    name: "customer",
    schema: await buildSchema(store),
    createLoaders: () => createLoaders(store),
    // Consuming starts once the subgraph serves, so an instance that failed to start never takes a delivery.
    async start() {
      if (bus && !unsubscribe) unsubscribe = consumeDomainEvents(bus, store, logger?.child({ service: "customer", consumer: TIMELINE_GROUP }));
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
