import type { FulfillmentMethodName, FulfillmentRecord, FulfillmentStatusName, OrderStatusName } from "./store/index.js";

/**
 * The legal moves of a fulfillment, by method. Cancelling is not a move here: it goes through cancelOrder, which
 * also gives the held stock back.
 */
const MOVES: Record<FulfillmentMethodName, Partial<Record<FulfillmentStatusName, FulfillmentStatusName[]>>> = {
  SHIP_TO_HOME: { PENDING: ["PICKING"], PICKING: ["SHIPPED"], SHIPPED: ["DELIVERED"] },
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
