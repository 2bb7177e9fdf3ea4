/**
 * Settlement: how a checkout and a till sale turn held stock and authorized money into an order, one recorded step at
 * a time (store/index.ts SettlementState). Each side effect is idempotent on a key derived from the settlement, and
 * each step is recorded (compare-and-set on the state) right after its side effect, so a process that dies anywhere
 * leaves a record from which any instance finishes or unwinds it (`resume`, run by the recovery worker):
 *
 *   CLAIMED ─reserve→ HELD ─authorize→ AUTHORIZED ─commit→ COMMITTED ─create order→ ORDERED ─capture→ DONE
 *      └─────────┴──────────┴── refusal or failure ──→ UNWINDING ─release/restock, void→ UNWOUND
 *
 * Before the units leave, a failure unwinds; once they left (COMMITTED) the order is created from the recorded draft;
 * once the order exists nothing is undone, and a failed capture is retried with backoff.
 *
 * The parts live in settlement/: types.ts (services, plan, outcome, fault points), terms.ts (limits, failure answers,
 * keys and ids, what the card pays), run.ts (one recorded step), forward.ts (settle), unwind.ts (the way back) and
 * finish.ts (the order, the capture, resuming and waiting). This module is what the rest of the subgraph imports.
 */
export {
  attemptKeyOf,
  cardAmountOf,
  checkoutOrderIdOf,
  FAILED_UNEXPECTEDLY,
  HOLD_SECONDS,
  invalidKey,
  MAX_KEY_LENGTH,
  MAX_LINES,
  MAX_UNITS,
  orderTotalCents,
  saleOrderIdOf,
  STILL_RUNNING,
  validQuantity,
  WAIT_FOR_RUNNING_MS,
} from "./settlement/terms.js";
export {
  SimulatedCrash,
  type FaultPoint,
  type SettlementFaults,
  type SettlementOutcome,
  type SettlementPlan,
  type SettlementServices,
  type SettlementSettings,
} from "./settlement/types.js";
export { settle } from "./settlement/forward.js";
export { unwind } from "./settlement/unwind.js";
export { answerOf, finishForward, recoverNow, resume, waitForOutcome } from "./settlement/finish.js";
