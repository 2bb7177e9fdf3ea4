import type { OrderEventRecord, ReturnWithOrder } from "./orders.js";
import type { ReturnDispositionName, ReturnRecord } from "./returns.js";

/**
 * What the store is asked to record for a return — a receipt (refund, who, each line's disposition) — and what
 * adding one answers: the return created, or why a line may not be returned.
 */

/** What receiveReturn records: the refund, who received it, and each line's disposition (by order line; absent: RESTOCK). */
export interface ReturnReceipt {
  returnId: string;
  refund: number;
  receivedAt: string;
  event: OrderEventRecord;
  receivedBy?: string | null;
  dispositions?: Record<string, ReturnDispositionName>;
}

/** A received return as recorded: status REFUNDED, refund, time, who, and each line's disposition. */
export function applyReceipt(ret: ReturnRecord, receipt: ReturnReceipt): void {
  ret.status = "REFUNDED";
  ret.refund = receipt.refund;
  ret.receivedAt = receipt.receivedAt;
  ret.receivedBy = receipt.receivedBy ?? null;
  ret.lines = ret.lines.map((line) => ({ ...line, disposition: receipt.dispositions?.[line.orderLineId] ?? "RESTOCK" }));
}

/** What addReturn did: the return created, or the first line that may not be returned and how much of it may. */
export type AddReturnResult =
  { ok: true; return: ReturnWithOrder } | { ok: false; code: ReturnRefusalCode; orderLineId: string; returnable: number };

/** Why a return line is refused: no such line, not handed over yet, or more units than remain returnable. */
export type ReturnRefusalCode = "UNKNOWN_ORDER_LINE" | "LINE_NOT_RETURNABLE" | "RETURN_QUANTITY_EXCEEDED";
