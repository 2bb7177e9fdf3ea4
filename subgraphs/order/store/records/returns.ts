/**
 * Returns as recorded inside their order: why the goods come back, in what condition, where they went at receipt,
 * and the refund. What a return request or receipt asks of the store is in return-requests.ts.
 */

export type ReturnMethodName = "IN_STORE" | "MAIL";
export type ReturnStatusName = "REQUESTED" | "RECEIVED" | "REFUNDED";
export type ReturnReasonName = "DOES_NOT_FIT" | "DAMAGED_IN_TRANSIT" | "NOT_AS_DESCRIBED" | "CHANGED_MIND" | "OTHER";
export type ItemConditionName = "UNOPENED" | "LIKE_NEW" | "USED" | "DAMAGED";
export type ReturnDispositionName = "RESTOCK" | "DAMAGED" | "VENDOR_RETURN";

export interface ReturnLineRecord {
  orderLineId: string;
  quantity: number;
  /** What the customer said of the goods when asking (absent on older returns). */
  condition?: ItemConditionName | null;
  /** Where staff sent the units at receipt (absent until received; older returns went back to stock). */
  disposition?: ReturnDispositionName | null;
}

export interface ReturnRecord {
  id: string;
  method: ReturnMethodName;
  dropOffLocationId: string | null;
  status: ReturnStatusName;
  lines: ReturnLineRecord[];
  /** Cents refunded; null until the return is received. */
  refund: number | null;
  requestedAt: string;
  receivedAt: string | null;
  /** Why the customer sends the goods back (absent on older returns: read as OTHER). */
  reason?: ReturnReasonName | null;
  /** A mail return's authorization code, printed on the parcel; null in store. */
  rma?: string | null;
  /** A mail return's shipping label. */
  label?: { reference: string; url: string | null; carrier: string } | null;
  /** The staff member who received it. */
  receivedBy?: string | null;
}
