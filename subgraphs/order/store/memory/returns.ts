import type { ReturnWithOrder } from "../records/orders.js";
import type { AddReturnResult, ReturnReceipt } from "../records/return-requests.js";
import type { EventsOf, ReturnRequest } from "../order-store.js";
import { applyReturn, applyReturnReceipt, returnWithOrder } from "../rules.js";
import type { MemoryOrderState } from "./state.js";

/** Returns in memory: by id, through the return → order index, and adding or receiving one on its order in place. */

export function returnsById(state: MemoryOrderState, ids: readonly string[]) {
  return ids.map((id) => returnWithOrder(state.orderOfReturn.get(id), id));
}

export function addReturn(state: MemoryOrderState, request: ReturnRequest, events?: EventsOf<ReturnWithOrder>): AddReturnResult | null {
  const order = state.orders.get(request.orderId);
  if (!order) return null;
  const result = applyReturn(order, request);
  if (!result.ok) return result;
  state.orderOfReturn.set(result.return.id, order);
  return { ok: true, return: state.recorded(result.return, events) };
}

export function receiveReturn(state: MemoryOrderState, receipt: ReturnReceipt, events?: EventsOf<ReturnWithOrder>) {
  const order = state.orderOfReturn.get(receipt.returnId);
  const received = order && applyReturnReceipt(order, receipt);
  return received ? state.recorded(received, events) : null;
}
