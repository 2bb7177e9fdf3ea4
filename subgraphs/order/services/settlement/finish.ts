// Finishing and picking up again: from COMMITTED on (the order from the recorded draft, the capture and its retries),
// resuming a settlement from its record alone under the recovery lease, and what a retry waiting on its key answers.
import type { Logger } from "../../../../lib/logger.js";
import type { OrderRecord, OrderStore, SettlementRecord } from "../../store/index.js";
import { isFinished } from "../../store/rules.js";
import { announceOrder } from "../settlement-events.js";
import { FAILED_UNEXPECTEDLY, STILL_RUNNING, WAIT_FOR_RUNNING_MS } from "./terms.js";
import { dueIn, Run, Superseded } from "./run.js";
import { SimulatedCrash, type SettlementOutcome, type SettlementServices } from "./types.js";
import { unwind } from "./unwind.js";

const POLL_MS = 25;
/** A failed capture is retried after this, doubling per failure up to the cap. */
const CAPTURE_RETRY_MS = 1_000;
const CAPTURE_RETRY_CAP_MS = 600_000;

/**
 * From COMMITTED on: the order from the recorded draft (idempotent on its id), ORDERED (a checkout's cart closes in
 * the same step), then the capture; a capture that fails leaves the order ORDERED, due again after a backoff.
 */
export async function finishForward(
  services: SettlementServices,
  logger: Logger,
  settlement: SettlementRecord,
): Promise<SettlementOutcome> {
  const run = new Run(services, settlement);
  try {
    let order: OrderRecord | null = null;
    if (run.current.state === "COMMITTED") {
      if (!run.current.draft) throw new Error(`settlement "${settlement.ref}" is COMMITTED without an order draft`);
      order = await announceOrder(services, run.current.kind, run.current.draft);
      run.fault("before:ORDERED");
      await run.advance({ state: "ORDERED", orderId: order.id });
      await services.announcer.flush();
    }
    if (run.current.state !== "ORDERED") throw new Error(`settlement "${settlement.ref}" cannot be finished from ${run.current.state}`);
    order ??= await orderOf(services.store, run.current);
    const authorizationId = run.current.authorization?.authorizationId;
    try {
      if (authorizationId) await services.payments.capture(authorizationId);
      run.fault("before:DONE");
    } catch (error) {
      if (error instanceof SimulatedCrash) throw error;
      // The order stands and the authorization holds the money: the capture is retried, later and later.
      const failures = run.current.captureFailures + 1;
      logger.error("payment capture failed; it is retried", { ref: settlement.ref, orderId: order.id, authorizationId, failures, error });
      await run.advance({
        state: "ORDERED",
        captureFailures: failures,
        dueAt: dueIn(Math.min(CAPTURE_RETRY_MS * 2 ** (failures - 1), CAPTURE_RETRY_CAP_MS)),
      });
      return { order, userErrors: [] };
    }
    await run.advance({ state: "DONE" });
    return { order, userErrors: [] };
  } catch (error) {
    if (error instanceof Superseded) return waitForOutcome(services, logger, settlement.ref);
    throw error;
  }
}

async function orderOf(store: OrderStore, settlement: SettlementRecord): Promise<OrderRecord> {
  const [order] = await store.ordersById([settlement.orderId!]);
  if (!order) throw new Error(`settlement "${settlement.ref}" has order "${settlement.orderId}", which does not exist`);
  return order;
}

/**
 * Finishes or unwinds a settlement from its record alone: before the hold was committed it unwinds (the client had
 * its answer or gave up; a payment token is never kept to authorize again); once the units left it goes forward to
 * the order and the capture.
 */
export async function resume(services: SettlementServices, logger: Logger, settlement: SettlementRecord): Promise<SettlementOutcome> {
  switch (settlement.state) {
    case "CLAIMED":
    case "HELD":
      return unwind(services, logger, settlement, [FAILED_UNEXPECTEDLY]);
    case "AUTHORIZED": {
      const released = await services.inventory.release(settlement.reservation!.reservationId);
      if (released.status !== "COMMITTED") return unwind(services, logger, settlement, [FAILED_UNEXPECTEDLY], { reservationId: null });
      const run = new Run(services, settlement);
      await run.advance({ state: "COMMITTED" });
      return finishForward(services, logger, run.current);
    }
    case "COMMITTED":
      // Without a draft there is no order to make: the units go back instead.
      return settlement.draft ? finishForward(services, logger, settlement) : unwind(services, logger, settlement, [FAILED_UNEXPECTEDLY]);
    case "ORDERED":
      return finishForward(services, logger, settlement);
    case "UNWINDING":
      return unwind(services, logger, settlement, settlement.userErrors);
    case "DONE":
    case "UNWOUND":
      return (await answerOf(services.store, settlement))!;
  }
}

/**
 * Takes the recovery lease on a settlement that is due and resumes it. Null when another instance holds the lease or
 * the settlement is no longer due (it moved on meanwhile).
 */
export async function recoverNow(services: SettlementServices, logger: Logger, ref: string): Promise<SettlementOutcome | null> {
  const { store, settings } = services;
  if (!(await store.leaseSettlement(ref, settings.holder, settings.leaseMs))) return null;
  try {
    const [settlement] = await store.settlementsByRef([ref]);
    if (!settlement || isFinished(settlement) || !settlement.dueAt || settlement.dueAt > new Date().toISOString()) return null;
    logger.warn("recovering a settlement left half-way", { ref, state: settlement.state, updatedAt: settlement.updatedAt });
    return await resume(services, logger, settlement);
  } catch (error) {
    if (error instanceof Superseded) return null;
    throw error;
  } finally {
    await store.releaseSettlementLease(ref, settings.holder).catch(() => undefined);
  }
}

/** What a finished (or ordered) settlement answers; null while it is still running. */
export async function answerOf(store: OrderStore, settlement: SettlementRecord): Promise<SettlementOutcome | null> {
  if (settlement.orderId) return { order: await orderOf(store, settlement), userErrors: [] };
  if (settlement.state === "UNWOUND") return { order: null, userErrors: settlement.userErrors };
  return null;
}

/**
 * A retry that arrived while its key's settlement runs: the same answer as that settlement, once it has one. A
 * settlement that rests past its due time is picked up here at once rather than at the worker's next round.
 */
export async function waitForOutcome(services: SettlementServices, logger: Logger, ref: string): Promise<SettlementOutcome> {
  const deadline = Date.now() + WAIT_FOR_RUNNING_MS;
  for (;;) {
    const [settlement] = await services.store.settlementsByRef([ref]);
    if (!settlement) throw new Error(`settlement "${ref}" vanished`);
    const answer = await answerOf(services.store, settlement);
    if (answer) return answer;
    if (settlement.dueAt && settlement.dueAt <= new Date().toISOString()) {
      const recovered = await recoverNow(services, logger, ref);
      if (recovered) return recovered;
    }
    if (Date.now() >= deadline) return { order: null, userErrors: [STILL_RUNNING] };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
