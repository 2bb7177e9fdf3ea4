import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import { orderStatusOf } from "../lifecycle.js";
import type { OrderSeed } from "../seed.js";
import type {
  CartRecord,
  FulfillmentStatusName,
  OrderEventRecord,
  FulfillmentWithOrder,
  OrderRecord,
  OrderStore,
  SalesSummaryRecord,
} from "./index.js";

const newestFirst = (a: OrderRecord, b: OrderRecord) => b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id);

function orderTotal(order: OrderRecord): number {
  return order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, order.shippingTotal);
}

/** The embedded default: orders and carts held in maps, with the indexes the batched reads need. */
export class MemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, OrderRecord>();
  private readonly ordersByNumberMap = new Map<string, OrderRecord>();
  /** Oldest first, so a new order is an append; reversed on read. */
  private readonly ordersOfCustomer = new Map<string, OrderRecord[]>();
  private readonly ordersOfAssociate = new Map<string, OrderRecord[]>();
  /** Pickup fulfillments per store, oldest order first; by reference, so a status changed on the order shows. */
  private readonly pickupsAt = new Map<string, { order: OrderRecord; fulfillmentId: string }[]>();
  private readonly orderOfFulfillment = new Map<string, OrderRecord>();
  private readonly carts = new Map<string, CartRecord>();
  private readonly activeCarts = new Map<string, CartRecord>();

  constructor(seed: OrderSeed) {
    const oldestFirst = [...seed.orders].sort((a, b) => newestFirst(b, a));
    for (const order of oldestFirst) {
      this.orders.set(order.id, order);
      this.ordersByNumberMap.set(order.number, order);
      if (order.customerId) push(this.ordersOfCustomer, order.customerId, order);
      if (order.attribution.associateId) push(this.ordersOfAssociate, order.attribution.associateId, order);
      for (const fulfillment of order.fulfillments) {
        this.orderOfFulfillment.set(fulfillment.id, order);
        if (fulfillment.pickupLocationId) push(this.pickupsAt, fulfillment.pickupLocationId, { order, fulfillmentId: fulfillment.id });
      }
    }
    for (const cart of seed.carts) {
      this.carts.set(cart.id, cart);
      const current = cart.customerId ? this.activeCarts.get(cart.customerId) : undefined;
      if (cart.customerId && (!current || cart.updatedAt > current.updatedAt)) this.activeCarts.set(cart.customerId, cart);
    }
  }

  async ordersById(ids: readonly string[]) {
    return ids.map((id) => this.orders.get(id) ?? null);
  }

  async ordersByNumber(numbers: readonly string[]) {
    return numbers.map((number) => this.ordersByNumberMap.get(number) ?? null);
  }

  async ordersByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => [...(this.ordersOfCustomer.get(id) ?? [])].reverse());
  }

  async cartsById(ids: readonly string[]) {
    return ids.map((id) => this.carts.get(id) ?? null);
  }

  async activeCartByCustomer(customerIds: readonly string[]) {
    return customerIds.map((id) => this.activeCarts.get(id) ?? null);
  }

  async pickupQueue(locationIds: readonly string[], statuses: readonly FulfillmentStatusName[]) {
    const wanted = new Set(statuses);
    return locationIds.map((id) => {
      const queue: FulfillmentWithOrder[] = [];
      for (const { order, fulfillmentId } of this.pickupsAt.get(id) ?? []) {
        const fulfillment = order.fulfillments.find((f) => f.id === fulfillmentId);
        if (fulfillment && wanted.has(fulfillment.status)) queue.push({ ...fulfillment, order });
      }
      return queue;
    });
  }

  async fulfillmentsById(ids: readonly string[]) {
    return ids.map((id) => {
      const order = this.orderOfFulfillment.get(id);
      const fulfillment = order?.fulfillments.find((f) => f.id === id);
      return order && fulfillment ? { ...fulfillment, order } : null;
    });
  }

  async moveFulfillment(move: { fulfillmentId: string; from: FulfillmentStatusName; to: FulfillmentStatusName; event: OrderEventRecord }) {
    // No await between the check and the write: in one process that makes the compare-and-set atomic.
    const order = this.orderOfFulfillment.get(move.fulfillmentId);
    const fulfillment = order?.fulfillments.find((f) => f.id === move.fulfillmentId);
    if (!order || !fulfillment || fulfillment.status !== move.from) return null;
    fulfillment.status = move.to;
    order.status = orderStatusOf(order.fulfillments);
    order.events.push(move.event);
    return { ...fulfillment, order };
  }

  async attributedSales(associateIds: readonly string[], from: string, to: string): Promise<SalesSummaryRecord[]> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    return associateIds.map((id) => {
      const sold = (this.ordersOfAssociate.get(id) ?? []).filter((order) => {
        const placed = Date.parse(order.placedAt);
        return order.status !== "CANCELLED" && placed >= start && placed < end;
      });
      return {
        orderCount: sold.length,
        total: sold.reduce((sum, order) => sum + orderTotal(order), 0),
        currencyCode: sold[0]?.currencyCode ?? DEFAULT_CURRENCY,
      };
    });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
