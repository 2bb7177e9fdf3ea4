import { canSeeCustomer, PEOPLE } from "../../lib/auth/access.js";
import type { EventBus } from "../../lib/events.js";
import { buildFederatedSchema, schemaOnce } from "../../lib/federation.js";
import type { Logger } from "../../lib/logger.js";
import type { ServiceClient } from "../../lib/service-client.js";
import type { Subgraph } from "../../lib/subgraph.js";
import { inventoryLocations, unconfiguredLocations } from "./clients/locations.js";
import { orderDirectory, unconfiguredOrders } from "./clients/orders.js";
import type { CustomerContext } from "./context.js";
import { createLoaders, type CustomerLoaders } from "./loaders.js";
import { AssociateResolver } from "./resolvers/associate.js";
import { CustomerResolver } from "./resolvers/customer.js";
import { InteractionResolver } from "./resolvers/interaction.js";
import { InteractionMutations } from "./resolvers/interaction-mutations.js";
import { LoyaltyHoldsResolver } from "./resolvers/loyalty-holds.js";
import { ProfileMutations } from "./resolvers/profile-mutations.js";
import { ServiceCaseMutations } from "./resolvers/service-case-mutations.js";
import { ServiceCaseQueries } from "./resolvers/service-case-queries.js";
import { ServiceCaseResolver, ServiceNoteResolver } from "./resolvers/serviceCase.js";
import { SessionResolver } from "./resolvers/session.js";
import { ServiceCaseSubscriptions } from "./resolvers/subscriptions.js";
import { customerSeed } from "./seed.js";
import { consumeDomainEvents, TIMELINE_GROUP } from "./services/events.js";
import { createCustomerServices, type CustomerServices } from "./services/index.js";
import type { CustomerStore } from "./store/index.js";
import { MemoryCustomerStore } from "./store/memory.js";

export interface CustomerDeps {
  /** Where customers and staff live; the seeded in-memory store when omitted. */
  store?: CustomerStore;
  /** Domain events (orders, pickups, returns, attached carts) feed the timeline and loyalty; without it nothing does. */
  bus?: EventBus;
  /** Where the event consumer reports events it has to drop. */
  logger?: Logger;
  /**
   * Makes the signed client of the inventory subgraph, which checks preferred stores and store visits. A function,
   * called on first use, because the inventory subgraph's address may be known only after this subgraph is created
   * (tests start every subgraph on a free port). The subgraph closes the client when it stops. Without it, those
   * checks fail with SUBGRAPH_UNAVAILABLE and change nothing.
   */
  inventory?: () => ServiceClient;
  /**
   * Makes the signed client of the order subgraph, which says whose an order is when a case or an interaction
   * names one; a function for the same reason as `inventory`. Without it, naming an order fails with
   * SUBGRAPH_UNAVAILABLE and changes nothing.
   */
  order?: () => ServiceClient;
  /** ANONYMOUS_INTERACTION_TTL_SECONDS for the in-memory store made when `store` is omitted (a Redis store has its own). */
  anonymousInteractionTtlSeconds?: number;
}

/** The customer subgraph's schema: module-level resolvers, which take the services from each request's context. */
export const buildSchema = schemaOnce(() =>
  buildFederatedSchema(
    {
      resolvers: [
        CustomerResolver,
        AssociateResolver,
        ProfileMutations,
        InteractionMutations,
        ServiceCaseMutations,
        ServiceCaseQueries,
        InteractionResolver,
        ServiceCaseResolver,
        ServiceNoteResolver,
        SessionResolver,
        ServiceCaseSubscriptions,
        LoyaltyHoldsResolver,
      ],
    },
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
  ),
);

/** Customers, loyalty, cross-channel timelines, service cases and staff. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: CustomerDeps = {}): Promise<Subgraph<CustomerLoaders, CustomerServices>> {
  const store =
    deps.store ?? new MemoryCustomerStore(customerSeed(), { anonymousInteractionTtlSeconds: deps.anonymousInteractionTtlSeconds });
  const { bus, logger } = deps;
  let unsubscribe: (() => void) | null = null;
  let inventory: ServiceClient | null = null;
  const makeInventory = deps.inventory;
  const locations = makeInventory ? inventoryLocations(() => (inventory ??= makeInventory())) : unconfiguredLocations;
  let order: ServiceClient | null = null;
  const makeOrder = deps.order;
  const orders = makeOrder ? orderDirectory(() => (order ??= makeOrder())) : unconfiguredOrders;
  const services = createCustomerServices({
    store,
    locations,
    orders,
    // Case updates (for the gateway's subscribers) and new profiles (for the order service) go on the bus; a failure
    // to publish costs only the announcement.
    announce: bus
      ? (event) =>
          bus.publish(event).catch((error: unknown) => logger?.warn("event not announced", { eventId: event.id, type: event.type, error }))
      : undefined,
  });
  return {
    name: "customer",
    schema: await buildSchema(),
    services,
    createLoaders: () => createLoaders(store),
    // Consuming starts once the subgraph serves, so an instance that failed to start never takes a delivery.
    async start() {
      if (bus && !unsubscribe) {
        unsubscribe = consumeDomainEvents(bus, store, logger?.child({ service: "customer", consumer: TIMELINE_GROUP }));
        // Serving only once the group is registered: an event published from then on cannot be missed.
        await bus.ready();
      }
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await inventory?.close();
      inventory = null;
      await order?.close();
      order = null;
    },
  };
}
