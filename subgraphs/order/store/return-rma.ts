import type { OrderRecord, ReturnRecord } from "./index.js";

/** A mail return's RMA code and shipping label, drawn by the store in the step that adds the return (rules/changes.ts). */

/** The carrier that takes mail returns: the label's issuer. */
export const MAIL_RETURN_CARRIER = "UPS";

/**
 * A mail return as the store records it: with its RMA code and label reference, drawn in the same step that adds it to
 * the order, so two returns can never share one. The code is the order number's digits and the mail return's count on
 * that order (RMA-100123-1): short, digits only (nothing to misread), unique because order numbers are. A return in
 * store, or one that has its code already, is left as it is.
 */
export function withMailReturnCode(order: Pick<OrderRecord, "number" | "returns">, ret: ReturnRecord): ReturnRecord {
  if (ret.method !== "MAIL" || ret.rma) return ret;
  const digits = order.number.replace(/\D/g, "");
  const count = order.returns.filter((r) => r.rma).length + 1;
  const rma = `RMA-${digits}-${count}`;
  return { ...ret, rma, label: { reference: `RL-${digits}-${count}`, url: null, carrier: MAIL_RETURN_CARRIER } };
}
