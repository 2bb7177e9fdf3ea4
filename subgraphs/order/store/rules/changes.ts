import { orderStatusOf, returnRefusal } from "../../lifecycle.js";
import type { FulfillmentRecord } from "../records/fulfilment.js";
import type { OrderRecord, ReturnWithOrder } from "../records/orders.js";
import { applyReceipt, type AddReturnResult, type ReturnReceipt } from "../records/return-requests.js";
import type { FulfillmentMove, OrderCancellation, ReturnRequest } from "../order-store.js";
import { withMailReturnCode } from "../return-rma.js";

/**
 * What each order write does to the order it read, the same in both order stores: a fulfillment's move, a
 * cancellation, a return added or received. Each checks that the order is still as the caller saw it and changes
 * the record in place; the store then saves it (memory: it is the stored object; Redis: compare-and-set on its JSON).
 */

/** Moves the fulfillment as asked, with the order's status and event; null (nothing changed) when it is not in `from`. */
export function applyMove(order: OrderRecord, move: FulfillmentMove): FulfillmentRecord | null {
  const fulfillment = order.fulfillments.find((f) => f.id === move.fulfillmentId);
  if (!fulfillment || fulfillment.status !== move.from) return null;
  fulfillment.status = move.to;
  if (move.parkingSpot !== undefined) fulfillment.parkingSpot = move.parkingSpot;
  if (move.tracking) Object.assign(fulfillment, { carrier: move.tracking.carrier, trackingNumber: move.tracking.number });
  order.status = orderStatusOf(order.fulfillments);
  order.events.push(move.event);
  return fulfillment;
}

/**
 * Cancels the order when every fulfillment is still as the caller saw it: the live ones CANCELLED, the order's status,
 * cancellation and event recorded. Answers the live fulfillments as they were before (null: nothing changed).
 */
export function applyCancellation(order: OrderRecord, request: OrderCancellation): FulfillmentRecord[] | null {
  if (request.expected.length !== order.fulfillments.length) return null;
  const seen = new Map(request.expected.map((e) => [e.fulfillmentId, e.status]));
  if (order.fulfillments.some((f) => seen.get(f.id) !== f.status)) return null;
  const live = order.fulfillments.filter((f) => f.status !== "CANCELLED");
  const before = live.map((f) => ({ ...f }));
  for (const fulfillment of live) fulfillment.status = "CANCELLED";
  order.status = orderStatusOf(order.fulfillments);
  order.cancellation = { ...request.cancellation, fulfillmentIds: live.map((f) => f.id) };
  order.events.push(request.event);
  return before;
}

/**
 * Adds the return (a mail return with its RMA code) and its event, unless a line may not be returned: checked against
 * exactly this order, so a return that slipped in meanwhile counts.
 */
export function applyReturn(order: OrderRecord, request: ReturnRequest): AddReturnResult {
  const ret = withMailReturnCode(order, request.ret);
  const refusal = returnRefusal(order, ret.lines);
  if (refusal) return { ok: false, ...refusal };
  order.returns.push(ret);
  order.events.push(request.event);
  return { ok: true, return: { ...ret, order } };
}

/** Records the receipt on a REQUESTED return, with its event; null (nothing changed) when gone or received already. */
export function applyReturnReceipt(order: OrderRecord, receipt: ReturnReceipt): ReturnWithOrder | null {
  const ret = order.returns.find((r) => r.id === receipt.returnId);
  if (!ret || ret.status !== "REQUESTED") return null;
  applyReceipt(ret, receipt);
  order.events.push(receipt.event);
  return { ...ret, order };
}
