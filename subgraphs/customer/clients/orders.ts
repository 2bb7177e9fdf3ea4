import { ErrorCode, OmnigraphError } from "../../../lib/errors.js";
import type { ServiceClient } from "../../../lib/service-client.js";

/** The order service's orders, as this subgraph checks them: a case or an interaction names only the customer's own. */
export interface OrderDirectory {
  /**
   * Who bought each order, in the order asked: the customer's id, or null for an order that does not exist or has
   * no customer (an anonymous till sale). One call for the whole batch.
   */
  buyersOf(orderIds: readonly string[], requestId: string): Promise<(string | null)[]>;
}

/** Asks the order subgraph for the orders as entities, with a signed service identity; `client` is called on first use. */
export function orderDirectory(client: () => ServiceClient): OrderDirectory {
  return {
    async buyersOf(orderIds, requestId) {
      if (orderIds.length === 0) return [];
      const data = await client().request<{ _entities: ({ customer: { id: string } | null } | null)[] }>(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { customer { id } } } }`,
        { representations: orderIds.map((id) => ({ __typename: "Order", id })) },
        { requestId },
      );
      return orderIds.map((_, i) => data._entities[i]?.customer?.id ?? null);
    },
  };
}

/** Without an order client nothing can be checked, so nothing that names an order is recorded. */
export const unconfiguredOrders: OrderDirectory = {
  async buyersOf() {
    throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "Orders cannot be checked right now; nothing was changed.");
  },
};

/**
 * Whether `orderId` may be named on a case or an interaction about `customerId`: only that customer's own orders.
 * A foreign or unknown order is refused alike, so the answer never tells that someone else's order exists.
 */
export async function isOrderOf(orders: OrderDirectory, orderId: string, customerId: string | null, requestId: string): Promise<boolean> {
  if (customerId === null) return false;
  const [buyer] = await orders.buyersOf([orderId], requestId);
  return buyer === customerId;
}
