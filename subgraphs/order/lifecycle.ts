import type { FulfillmentProgressType, OrderFacts } from "../../lib/events.js";
import type {
  FulfillmentMethodName,
  FulfillmentRecord,
  FulfillmentStatusName,
  OrderRecord,
  OrderStatusName,
  ReturnRefusalCode,
} from "./store/index.js";

/**
 * The legal moves of a fulfillment, by method. Cancelling is not a move here: it goes through cancelOrder, which
 * also gives the held stock back.
 */
const MOVES: Record<FulfillmentMethodName, Partial<Record<FulfillmentStatusName, FulfillmentStatusName[]>>> = {
  // A shipment may be packed before it ships (ship-from-store: pick, pack, ship); a distribution center ships from picking.
  SHIP_TO_HOME: { PENDING: ["PICKING"], PICKING: ["PACKED", "SHIPPED"], PACKED: ["SHIPPED"], SHIPPED: ["DELIVERED"] },
  PICKUP_IN_STORE: { PENDING: ["PICKING"], PICKING: ["READY_FOR_PICKUP"], READY_FOR_PICKUP: ["PICKED_UP"] },
  CURBSIDE: {
    PENDING: ["PICKING"],
    PICKING: ["READY_FOR_PICKUP"],
    READY_FOR_PICKUP: ["CUSTOMER_ARRIVED", "PICKED_UP"],
    CUSTOMER_ARRIVED: ["PICKED_UP"],
  },
};

export function canMove(method: FulfillmentMethodName, from: FulfillmentStatusName, to: FulfillmentStatusName): boolean {
  return MOVES[method][from]?.includes(to) ?? false;
}

const DONE: FulfillmentStatusName[] = ["PICKED_UP", "DELIVERED"];

/** An order's status follows its fulfillments. */
export function orderStatusOf(fulfillments: readonly FulfillmentRecord[]): OrderStatusName {
  const live = fulfillments.filter((f) => f.status !== "CANCELLED");
  if (live.length === 0) return "CANCELLED";
  const done = live.filter((f) => DONE.includes(f.status)).length;
  if (done === live.length) return "FULFILLED";
  if (done > 0) return "PARTIALLY_FULFILLED";
  return live.every((f) => f.status === "PENDING") ? "PLACED" : "IN_PROGRESS";
}

/** True once the customer has the goods: only those lines can be returned. */
export function isHandedOver(status: FulfillmentStatusName): boolean {
  return DONE.includes(status);
}

/** Once the customer is at the curb or the goods have left, cancelling is too late. */
const PAST_CANCELLING: FulfillmentStatusName[] = ["CUSTOMER_ARRIVED", "PICKED_UP", "SHIPPED", "DELIVERED"];

/** An order can be cancelled while it is live and none of its fulfillments is on its way or handed over. */
export function isCancellable(order: Pick<OrderRecord, "status" | "fulfillments">): boolean {
  return order.status !== "CANCELLED" && !order.fulfillments.some((f) => PAST_CANCELLING.includes(f.status));
}

/**
 * The domain event a fulfillment move publishes: the timeline cares about READY, SHIPPED and PICKED_UP; live updates
 * (gateway subscriptions: the order's screen, the store's pickup queue) about every step.
 */
export function fulfillmentEventType(
  to: FulfillmentStatusName,
): "FULFILLMENT_READY" | "FULFILLMENT_SHIPPED" | "FULFILLMENT_PICKED_UP" | FulfillmentProgressType | null {
  if (to === "READY_FOR_PICKUP") return "FULFILLMENT_READY";
  if (to === "SHIPPED") return "FULFILLMENT_SHIPPED";
  if (to === "PICKED_UP") return "FULFILLMENT_PICKED_UP";
  if (to === "PICKING") return "FULFILLMENT_PICKING";
  if (to === "PACKED") return "FULFILLMENT_PACKED";
  if (to === "CUSTOMER_ARRIVED") return "FULFILLMENT_CUSTOMER_ARRIVED";
  if (to === "DELIVERED") return "FULFILLMENT_DELIVERED";
  return null;
}

/**
 * Units of an order line that may still be asked back: none until its fulfillment is handed over, then what was
 * bought minus what earlier returns (whatever their status) already cover.
 */
export function returnableUnits(order: Pick<OrderRecord, "lines" | "fulfillments" | "returns">, orderLineId: string): number {
  const line = order.lines.find((l) => l.id === orderLineId);
  if (!line) return 0;
  const fulfillment = order.fulfillments.find((f) => f.id === line.fulfillmentId || f.lineIds.includes(line.id));
  if (!fulfillment || !isHandedOver(fulfillment.status)) return 0;
  const asked = order.returns
    .flatMap((r) => r.lines)
    .filter((l) => l.orderLineId === orderLineId)
    .reduce((sum, l) => sum + l.quantity, 0);
  return Math.max(0, line.quantity - asked);
}

/**
 * The first line of a return request that may not be returned, or null when all may. Lines naming the same order
 * line add up, so splitting a request cannot get around the limit.
 */
export function returnRefusal(
  order: Pick<OrderRecord, "lines" | "fulfillments" | "returns">,
  lines: readonly { orderLineId: string; quantity: number }[],
): { code: ReturnRefusalCode; orderLineId: string; returnable: number } | null {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.orderLineId, (wanted.get(line.orderLineId) ?? 0) + line.quantity);
  for (const [orderLineId, quantity] of wanted) {
    const line = order.lines.find((l) => l.id === orderLineId);
    if (!line) return { code: "UNKNOWN_ORDER_LINE", orderLineId, returnable: 0 };
    const returnable = returnableUnits(order, orderLineId);
    const fulfillment = order.fulfillments.find((f) => f.id === line.fulfillmentId || f.lineIds.includes(line.id));
    if (!fulfillment || !isHandedOver(fulfillment.status)) return { code: "LINE_NOT_RETURNABLE", orderLineId, returnable };
    if (quantity > returnable) return { code: "RETURN_QUANTITY_EXCEEDED", orderLineId, returnable };
  }
  return null;
}

// What the lifecycle tells the rest of the graph (the customer timeline listens).

/** An order as the domain events describe it. */
export function orderFacts(order: OrderRecord): OrderFacts {
  return {
    orderId: order.id,
    orderNumber: order.number,
    customerId: order.customerId,
    locationId: order.attribution.locationId,
    associateId: order.attribution.associateId,
    total: orderTotalCents(order),
    currencyCode: order.currencyCode,
    lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  };
}

/** What the customer paid, in cents: the lines at the prices charged plus shipping, less discounts, plus tax. */
export function orderTotalCents(order: Pick<OrderRecord, "lines" | "shippingTotal" | "discountTotal" | "taxTotal">): number {
  return (
    order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, order.shippingTotal) -
    (order.discountTotal ?? 0) +
    (order.taxTotal ?? 0)
  );
}
