import type { GraphQLSchema } from "graphql";
import { canSeeCustomer } from "../../lib/auth/access.js";
import { buildFederatedSchema } from "../../lib/federation.js";
import { canSeeOrder, canUseCart } from "./access.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { OrderContext } from "./context.js";
import { createLoaders, type OrderLoaders } from "./loaders.js";
import { AssociateResolver } from "./resolvers/associate.js";
import { CartResolver } from "./resolvers/cart.js";
import { CustomerResolver } from "./resolvers/customer.js";
import { FulfillmentResolver } from "./resolvers/fulfillment.js";
import { fulfillmentMutations } from "./resolvers/fulfillment-mutations.js";
import { LocationResolver } from "./resolvers/location.js";
import { OrderResolver } from "./resolvers/order.js";
import { ReturnResolver } from "./resolvers/return.js";
import { orderSeed } from "./seed.js";
import type { OrderStore } from "./store/index.js";
import { MemoryOrderStore } from "./store/memory.js";

export interface OrderDeps {
  /** Where orders and carts live; the seeded in-memory store when omitted. */
  store?: OrderStore;
}

/**
 * The order subgraph's schema. Every read goes through the request's loaders (wired to the store in
 * `createSubgraph`); the mutations write through `store`.
 */
export function buildSchema(store: OrderStore): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        OrderResolver,
        FulfillmentResolver,
        ReturnResolver,
        CartResolver,
        CustomerResolver,
        LocationResolver,
        AssociateResolver,
        fulfillmentMutations(store),
      ],
    },
    {
      // References obey the root fields' rules: what the viewer may not see reads as not found.
      Order: {
        __resolveReference: async (ref: { id: string }, ctx: OrderContext) => {
          const order = await ctx.loaders.orderById.load(ref.id);
          return order && canSeeOrder(ctx.viewer, order) ? order : null;
        },
      },
      Cart: {
        __resolveReference: async (ref: { id: string }, ctx: OrderContext) => {
          const cart = await ctx.loaders.cartById.load(ref.id);
          return cart && canUseCart(ctx.viewer, cart) ? cart : null;
        },
      },
      // Entities owned elsewhere: the key is all this subgraph needs to resolve the fields it adds.
      Customer: { __resolveReference: (ref: { id: string }, ctx: OrderContext) => (canSeeCustomer(ctx.viewer, ref.id) ? { id: ref.id } : null) },
      Location: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
      Associate: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  );
}

/** Carts, orders on every channel, fulfillments, returns and sales attribution. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: OrderDeps = {}): Promise<Subgraph<OrderLoaders>> {
  const store = deps.store ?? new MemoryOrderStore(orderSeed());
  return { name: "order", schema: await buildSchema(store), createLoaders: () => createLoaders(store) };
}
