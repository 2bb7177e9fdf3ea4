import { createHash } from "node:crypto";
import type { Logger } from "../../../lib/logger.js";
import { orderTotalCents } from "../lifecycle.js";
import type {
  CheckoutError,
  OrderRecord,
  OrderStore,
  Redemption,
  RedemptionResult,
  SettlementRecord,
  SettlementState,
  SettlementStep,
} from "../store/index.js";
import { isFinished } from "../store/rules.js";
import { reservationLines } from "../checkout/sourcing.js";
import type { InventoryReservations, Reservation, ReservationLine } from "./inventory.js";
import type { PaymentProvider } from "./payments.js";
import type { LoyaltyPoints } from "./loyalty.js";
import { announceOrder, type OrderAnnouncer } from "./settlement-events.js";
import { cashOf } from "./tenders.js";

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
 */

/** How long stock stays held if everything else fails: the hold lapses by itself, never outliving a lost attempt for long. */
export const HOLD_SECONDS = 300;
/** Longest lines a checkout or sale may have, and units a line may ask for. */
export const MAX_LINES = 100;
export const MAX_UNITS = 99;
/** Longest idempotency key a client may send. */
export const MAX_KEY_LENGTH = 200;
/** How long a retry waits for the settlement already running under its key, well inside the gateway's MUTATION_TIMEOUT_MS. */
export const WAIT_FOR_RUNNING_MS = 8_000;
const POLL_MS = 25;
/** A failed capture is retried after this, doubling per failure up to the cap. */
const CAPTURE_RETRY_MS = 1_000;
const CAPTURE_RETRY_CAP_MS = 600_000;

/** What a settlement that failed on something thrown (not a business rule) answers, then and to retries waiting for it. */
export const FAILED_UNEXPECTEDLY: CheckoutError = {
  code: "CHECKOUT_FAILED",
  message: "The checkout could not be completed; nothing was charged and no stock is held. Try again.",
  field: null,
};

/** What a retry answers while the settlement of its key is still running after WAIT_FOR_RUNNING_MS. */
export const STILL_RUNNING: CheckoutError = {
  code: "CHECKOUT_IN_PROGRESS",
  message: "A checkout with this idempotency key is still running; retry with the same key shortly.",
  field: ["input", "idempotencyKey"],
};

export interface SettlementOutcome {
  order: OrderRecord | null;
  userErrors: CheckoutError[];
}

/** A named point of a settlement: "before:<STATE>" is after the step's side effect and before its record. */
export type FaultPoint = `${"before" | "after"}:${SettlementState}`;

/**
 * Tests only: says at which points a settlement stops dead, as if its process were killed (no undo, no record).
 * Production never sets it.
 */
export type SettlementFaults = (point: FaultPoint, settlement: SettlementRecord) => boolean;

/** Thrown where `SettlementFaults` says the process dies; nothing catches it to clean up. */
export class SimulatedCrash extends Error {
  constructor(readonly point: FaultPoint) {
    super(`settlement stopped at ${point} (simulated crash)`);
  }
}

/** Someone else (a retry, the recovery worker) moved the settlement on: they answer for it now. */
class Superseded extends Error {}

export interface SettlementServices {
  store: OrderStore;
  inventory: InventoryReservations;
  payments: PaymentProvider;
  /** Publishes what a settlement recorded (ORDER_PLACED, STORE_SALE_RECORDED). */
  announcer: OrderAnnouncer;
  settings: SettlementSettings;
  faults?: SettlementFaults;
  /** The customer service's loyalty points; only settlements that spend points call it. */
  loyalty?: LoyaltyPoints;
}

export interface SettlementSettings {
  /** CHECKOUT_RECOVERY_AFTER_MS: how long a settlement may rest in a step before the recovery worker takes it over. */
  recoveryAfterMs: number;
  /** How long the recovery lease on one settlement lasts; a worker that dies holding it is replaced after this. */
  leaseMs: number;
  /** Who holds leases from this instance. */
  holder: string;
}

/** What a settlement is asked to hold and how the order is priced from the holds. */
export interface SettlementPlan {
  holdLines: ReservationLine[];
  hold: { ttlSeconds?: number; ignoreSafetyStock?: boolean };
  paymentToken: string;
  /** The priced order the holds make; throws when the holds do not cover the lines (the caller unwinds). */
  draftOf(reservation: Reservation): Omit<OrderRecord, "number">;
  /** userErrors for a refused reservation (out of stock). */
  refused(reservation: Reservation): CheckoutError[];
  /** Where a declined payment points. */
  paymentField: string[];
  /**
   * Discount code uses and gift card amounts to spend, atomically under the attempt key, once the stock is held and
   * before the card is authorized; given back if the settlement unwinds. Null: nothing to spend.
   */
  redemption?: Redemption | null;
  /** Loyalty points to hold in the customer service under the attempt key, after the redemption; null: none. */
  points?: { customerId: string; points: number } | null;
}

/** What the card is authorized for: the order's total less what gift cards (and a till sale's cash) pay. */
export function cardAmountOf(
  draft: Pick<OrderRecord, "lines" | "shippingTotal" | "discountTotal" | "taxTotal" | "giftCards" | "tenders">,
): number {
  return orderTotalCents(draft) - (draft.giftCards ?? []).reduce((sum, card) => sum + card.amount, 0) - cashOf(draft);
}

function redemptionErrors(refusal: Extract<RedemptionResult, { status: "REFUSED" }>): CheckoutError[] {
  const messages = {
    CODE_USED_UP: `The code "${refusal.code}" has been used as often as it may.`,
    CODE_CUSTOMER_LIMIT: `You have used the code "${refusal.code}" as often as you may.`,
    GIFT_CARD_BALANCE: `Gift card "${refusal.code}" no longer covers its part of the order.`,
    GIFT_CARD_UNKNOWN: `No gift card "${refusal.code}".`,
  };
  const code =
    refusal.reason === "CODE_USED_UP"
      ? "DISCOUNT_CODE_USED_UP"
      : refusal.reason === "CODE_CUSTOMER_LIMIT"
        ? "DISCOUNT_CODE_CUSTOMER_LIMIT"
        : refusal.reason;
  return [{ code, message: messages[refusal.reason], field: refusal.reason.startsWith("CODE") ? ["discountCodes"] : ["giftCards"] }];
}

// ── derivations: one place for keys and ids ──

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The key stock and money of a settlement are held under, derived so any client key fits the inventory and payment
 * services' limits: a checkout's from its client key and attempt; a till sale's from its order id (as tills have
 * always been charged).
 */
export function attemptKeyOf(settlement: Pick<SettlementRecord, "kind" | "key" | "ref" | "attempt">): string {
  if (settlement.kind === "SALE") return `sale-${saleOrderIdOf(settlement.ref)}${settlement.attempt > 1 ? `:${settlement.attempt}` : ""}`;
  return `checkout:${sha256(settlement.key).slice(0, 40)}:${settlement.attempt}`;
}

/** The order a checkout places: derived from its attempt key, so a dead attempt's order can be found again. */
export function checkoutOrderIdOf(settlement: Pick<SettlementRecord, "kind" | "key" | "ref" | "attempt">): string {
  return `order-${sha256(attemptKeyOf(settlement)).slice(0, 24)}`;
}

/** The order a till sale records: one per store and till key, however often it is sent. */
export function saleOrderIdOf(ref: string): string {
  return `order-${sha256(ref).slice(0, 24)}`;
}

/** A client's idempotency key: 1 to MAX_KEY_LENGTH characters; null when it is not. */
export function invalidKey(key: string): string | null {
  return key.length === 0 || key.length > MAX_KEY_LENGTH ? `"idempotencyKey" must be 1 to ${MAX_KEY_LENGTH} characters.` : null;
}

/** A line's quantity: a whole number of units from 1 to MAX_UNITS. */
export function validQuantity(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_UNITS;
}

export { orderTotalCents };

function dueIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

// ── the forward path ──

/**
 * Settles a claimed settlement: hold, authorize, commit, create the order, capture. A business refusal (out of stock,
 * declined) unwinds and answers its userErrors; anything thrown before the units left unwinds and is rethrown; after
 * that the order is created from the record, by this call or, if it dies, by the recovery worker.
 */
export async function settle(
  services: SettlementServices,
  logger: Logger,
  claimed: SettlementRecord,
  plan: SettlementPlan,
): Promise<SettlementOutcome> {
  const { inventory, payments } = services;
  const attemptKey = attemptKeyOf(claimed);
  const run = new Run(services, claimed);
  // What this call did that the record may not know yet, so an unwind gives back exactly that without asking around.
  const known: Known = {};
  try {
    const reservation = await inventory.reserve(attemptKey, plan.holdLines, plan.hold);
    run.fault("before:HELD");
    if (reservation.status === "REFUSED") {
      // A refusal holds nothing, and nothing was authorized yet.
      known.reservationId = null;
      known.authorizationId = null;
      return await unwind(services, logger, run.current, plan.refused(reservation), known);
    }
    if (reservation.status !== "HELD" || !reservation.reservationId)
      throw new Error(`reservation "${attemptKey}" came back ${reservation.status}`);
    known.reservationId = reservation.reservationId;
    const draft = plan.draftOf(reservation);
    await run.advance({ state: "HELD", reservation: { reservationId: reservation.reservationId, holds: reservation.holds }, draft });

    if (plan.redemption) {
      // Spent under the attempt key, so an unwind (this call's or the recovery worker's) finds and gives it back.
      const redeemed = await services.store.redeem(attemptKey, plan.redemption);
      if (redeemed.status === "REFUSED") {
        known.authorizationId = null;
        return await unwind(services, logger, run.current, redemptionErrors(redeemed), known);
      }
    }

    if (plan.points) {
      if (!services.loyalty) throw new Error("loyalty points are spent, but the customer service is not configured");
      const held = await services.loyalty.hold(attemptKey, plan.points.customerId, plan.points.points);
      if (held.status !== "HELD") {
        known.authorizationId = null;
        const message =
          held.status === "INSUFFICIENT"
            ? `Only ${held.points} loyalty points are left to spend.`
            : "These loyalty points cannot be spent.";
        return await unwind(
          services,
          logger,
          run.current,
          [{ code: "LOYALTY_POINTS_INSUFFICIENT", message, field: ["loyaltyPoints"] }],
          known,
        );
      }
    }

    const amount = cardAmountOf(draft);
    if (amount > 0) {
      const authorization = await payments.authorize({
        token: plan.paymentToken,
        amount,
        currencyCode: draft.currencyCode,
        idempotencyKey: attemptKey,
      });
      run.fault("before:AUTHORIZED");
      if (authorization.status === "DECLINED") {
        known.authorizationId = null;
        return await unwind(
          services,
          logger,
          run.current,
          [{ code: "PAYMENT_DECLINED", message: `Payment declined: ${authorization.reason}`, field: plan.paymentField }],
          known,
        );
      }
      known.authorizationId = authorization.authorizationId;
      await run.advance({
        state: "AUTHORIZED",
        authorization: { authorizationId: authorization.authorizationId, amount, currencyCode: draft.currencyCode },
      });
    } else {
      // Gift cards pay it all: there is nothing to authorize.
      known.authorizationId = null;
      await run.advance({ state: "AUTHORIZED", authorization: null });
    }

    const commit = await inventory.commit(reservation.reservationId);
    run.fault("before:COMMITTED");
    // Anything but COMMITTED (a hold that lapsed meanwhile) means the units did not leave.
    if (commit.status !== "COMMITTED")
      throw new Error(`reservation "${reservation.reservationId}" could not be committed: ${commit.status}`);
    await run.advance({ state: "COMMITTED" });
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    if (error instanceof Superseded) {
      await giveBackUnrecorded(services, logger, run.current, known);
      return waitForOutcome(services, logger, claimed.ref);
    }
    if (run.current.state !== "COMMITTED") {
      await unwind(services, logger, run.current, [FAILED_UNEXPECTEDLY], known).catch((undoError: unknown) =>
        // Left UNWINDING: the recovery worker finishes it.
        logger.error("settlement could not unwind; the recovery worker will", { ref: claimed.ref, error: undoError }),
      );
      throw error;
    }
  }
  return finishForward(services, logger, run.current);
}

/** What the live call knows for sure: undefined means "ask the record, or the service, by key". */
interface Known {
  reservationId?: string | null;
  authorizationId?: string | null;
}

/**
 * The live call lost a race for the record (a recovery worker took over a settlement that seemed stuck): what it did
 * after the record's last step is its own to give back, since nobody else knows of it.
 */
async function giveBackUnrecorded(services: SettlementServices, logger: Logger, lost: SettlementRecord, known: Known): Promise<void> {
  const [now] = await services.store.settlementsByRef([lost.ref]);
  if (known.authorizationId && now?.authorization?.authorizationId !== known.authorizationId && !now?.orderId) {
    await services.payments
      .void(known.authorizationId)
      .catch((error: unknown) => logger.error("could not void an authorization nobody recorded", { ref: lost.ref, error }));
  }
}

/** Moves one settlement step by step, compare-and-set on the state it last saw. */
class Run {
  constructor(
    private readonly services: SettlementServices,
    public current: SettlementRecord,
  ) {}

  fault(point: FaultPoint): void {
    if (this.services.faults?.(point, this.current)) throw new SimulatedCrash(point);
  }

  async advance(step: Omit<SettlementStep, "dueAt"> & { dueAt?: string | null }): Promise<SettlementRecord> {
    const next = await this.services.store.advanceSettlement(this.current.ref, this.current.state, this.current.attempt, {
      ...step,
      dueAt: step.dueAt === undefined ? dueIn(this.services.settings.recoveryAfterMs) : step.dueAt,
    });
    if (!next) throw new Superseded(`settlement "${this.current.ref}" moved on from ${this.current.state}`);
    this.current = next;
    this.fault(`after:${next.state}`);
    return next;
  }
}

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

// ── the way back ──

/**
 * Unwinds a settlement whose units have not left for an order: UNWINDING (with the userErrors every retry answers),
 * the hold released — or, when its commit did happen, the units restocked —, the authorization voided, then UNWOUND
 * and the cart free. Each step is idempotent, so an unwind that stops half-way is finished by the recovery worker.
 */
export async function unwind(
  services: SettlementServices,
  logger: Logger,
  settlement: SettlementRecord,
  userErrors: CheckoutError[],
  known: Known = {},
): Promise<SettlementOutcome> {
  const { inventory, payments } = services;
  const run = new Run(services, settlement);
  if (run.current.state !== "UNWINDING") await run.advance({ state: "UNWINDING", userErrors });
  const attemptKey = attemptKeyOf(run.current);

  const reservationId =
    known.reservationId !== undefined
      ? known.reservationId
      : (run.current.reservation?.reservationId ?? (await discoverReservation(services, run.current)));
  if (reservationId) {
    const released = await inventory.release(reservationId);
    // A commit whose answer (or record) was lost did happen: the units left, so they go back where they were taken,
    // and the reservation says so (RETURNED), so no committed hold is left without its order.
    if (released.status === "COMMITTED") await inventory.returnCommitted(reservationId);
  }
  const authorizationId =
    known.authorizationId !== undefined
      ? known.authorizationId
      : (run.current.authorization?.authorizationId ?? (await payments.authorizationByKey(attemptKey)));
  if (authorizationId) await payments.void(authorizationId);
  // Code uses and gift card amounts spent under the key, if any: idempotent, so safe whoever unwinds.
  await services.store.releaseRedemption(attemptKey);
  // Points held under the key (a hold arriving later finds the give-back and holds nothing).
  if (run.current.draft?.loyaltyRedemption && services.loyalty) await services.loyalty.giveBack(attemptKey, `${attemptKey}:unwind`, null);
  await run.advance({ state: "UNWOUND" });
  logger.info("settlement unwound", { ref: settlement.ref, from: settlement.state, codes: run.current.userErrors.map((e) => e.code) });
  return { order: null, userErrors: run.current.userErrors };
}

/**
 * A settlement recorded CLAIMED may have held stock before its process died: asking again under its key answers that
 * reservation (or makes one, given back at once), so whatever it holds is found.
 */
async function discoverReservation(services: SettlementServices, settlement: SettlementRecord): Promise<string | null> {
  const lines = settlement.holdLines ?? (await heldCartLines(services.store, settlement));
  if (!lines || lines.length === 0) return null;
  const reservation = await services.inventory.reserve(attemptKeyOf(settlement), lines, { ttlSeconds: HOLD_SECONDS });
  return reservation.status === "HELD" || reservation.status === "COMMITTED" ? reservation.reservationId : null;
}

/** A checkout's lines as held: its cart cannot change while the checkout holds it. */
async function heldCartLines(store: OrderStore, settlement: SettlementRecord): Promise<ReservationLine[] | null> {
  if (!settlement.cartId) return null;
  const [cart] = await store.cartsById([settlement.cartId]);
  if (!cart || cart.checkoutKey !== settlement.key) return null;
  return reservationLines(cart.lines);
}

// ── picking a stopped settlement up again ──

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
