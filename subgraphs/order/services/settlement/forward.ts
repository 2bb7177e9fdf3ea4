// The forward path: hold, redeem, hold points, authorize, commit — each side effect recorded as a step — then the
// order and the capture (finish.ts). A business refusal unwinds and answers its userErrors.
import type { Logger } from "../../../../lib/logger.js";
import type { CheckoutError, RedemptionResult, SettlementRecord } from "../../store/index.js";
import { finishForward, waitForOutcome } from "./finish.js";
import { attemptKeyOf, cardAmountOf, FAILED_UNEXPECTEDLY } from "./terms.js";
import { Run, Superseded, type Known } from "./run.js";
import { SimulatedCrash, type SettlementOutcome, type SettlementPlan, type SettlementServices } from "./types.js";
import { giveBackUnrecorded, unwind } from "./unwind.js";

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
