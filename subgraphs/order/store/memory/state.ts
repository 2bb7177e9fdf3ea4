import { ExpiringMap } from "../../../../lib/expiring-map.js";
import { MemoryOutbox } from "../../../../lib/outbox.js";
import type { CartChange, CartRecord } from "../records/carts.js";
import type { OrderRecord } from "../records/orders.js";
import type { SettlementRecord } from "../records/settlement.js";
import type { EventsOf } from "../order-store.js";
import { changedCart, guestKeyOf, shipsFrom } from "../rules.js";

/**
 * The memory store's state, shared by its concerns in memory/: orders and carts held in maps, with the indexes the
 * batched reads need, settlements and their leases, and the outbox. Every write checks and changes with no await in
 * between: in one process that is what makes it atomic. Which index an order belongs in is decided by the shared
 * rules (rules/orders.ts), as in the Redis store.
 */

/** A fulfillment filed under a location, by reference, so a status changed on the order shows. */
export interface FiledFulfillment {
  order: OrderRecord;
  fulfillmentId: string;
}

export class MemoryOrderState {
  /** Recorded by every write in the same synchronous step as its change. */
  readonly outbox = new MemoryOutbox();
  readonly orders = new Map<string, OrderRecord>();
  readonly ordersByNumber = new Map<string, OrderRecord>();
  /** A customer's orders, sorted newest first on read (rules/orders.ts newestFirst). */
  readonly ordersOfCustomer = new Map<string, OrderRecord[]>();
  readonly ordersOfAssociate = new Map<string, OrderRecord[]>();
  /** Guest orders by their contact email's key, until they join the account registered with it. */
  readonly guestOrdersOf = new Map<string, OrderRecord[]>();
  readonly ordersByToken = new Map<string, OrderRecord>();
  /** Pickup fulfillments per store; a queue read puts them oldest order first (rules/orders.ts oldestOrderFirst). */
  readonly pickupsAt = new Map<string, FiledFulfillment[]>();
  readonly orderOfFulfillment = new Map<string, OrderRecord>();
  /** Shipments per origin (ship-from-store work), like pickupsAt. */
  readonly shipsFrom = new Map<string, FiledFulfillment[]>();
  /** Which order each return belongs to. */
  readonly orderOfReturn = new Map<string, OrderRecord>();
  /** The last order number handed out, as its numeric part; read from the seeded orders on first use. */
  lastOrderNumber: number | null = null;
  /**
   * Anonymous carts lapse ANONYMOUS_CART_TTL_SECONDS after their last write, as their Redis keys expire. A cart is
   * replaced, never changed in place, so a request that read it keeps a consistent copy.
   */
  readonly carts: ExpiringMap<string, CartRecord>;
  readonly activeCarts = new Map<string, CartRecord>();
  /** Settlements by ref; those not finished are also in `unfinished`, for the recovery worker's scan. */
  readonly settlements = new Map<string, SettlementRecord>();
  readonly leases = new Map<string, { holder: string; until: number }>();
  /** Refs of the settlements not finished: all the recovery worker's scan looks at. */
  readonly unfinished = new Set<string>();

  constructor(anonymousCartTtlMs: number) {
    this.carts = new ExpiringMap(anonymousCartTtlMs, (cart) => cart.customerId === null);
  }

  /** Adds an order to every index the reads use; seeded and new orders alike. */
  indexOrder(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.ordersByNumber.set(order.number, order);
    if (order.customerId) push(this.ordersOfCustomer, order.customerId, order);
    if (order.attribution.associateId) push(this.ordersOfAssociate, order.attribution.associateId, order);
    const guestKey = guestKeyOf(order);
    if (guestKey) push(this.guestOrdersOf, guestKey, order);
    if (order.orderToken) this.ordersByToken.set(order.orderToken, order);
    for (const fulfillment of order.fulfillments) {
      this.orderOfFulfillment.set(fulfillment.id, order);
      if (fulfillment.pickupLocationId) push(this.pickupsAt, fulfillment.pickupLocationId, { order, fulfillmentId: fulfillment.id });
      const origin = shipsFrom(fulfillment);
      if (origin) push(this.shipsFrom, origin, { order, fulfillmentId: fulfillment.id });
    }
    for (const ret of order.returns) this.orderOfReturn.set(ret.id, order);
  }

  /** Records a write's events in the outbox, in the same synchronous step as the write. */
  recorded<T>(written: T, events: EventsOf<T> | undefined): T {
    if (events) this.outbox.record(...events(written));
    return written;
  }

  /** Applies a change as a new version; an owned cart becomes its owner's active cart (the most recently updated). */
  changeCart(cart: CartRecord, change: CartChange): CartRecord {
    const next = changedCart(cart, change);
    this.carts.set(next.id, next);
    if (next.customerId) this.activeCarts.set(next.customerId, next);
    return next;
  }

  /** Replaces a cart without making it anyone's active cart; an index that held the old copy gets the new one. */
  putCart(next: CartRecord): CartRecord {
    this.carts.set(next.id, next);
    if (next.customerId && this.activeCarts.get(next.customerId)?.id === next.id) this.activeCarts.set(next.customerId, next);
    return next;
  }
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
