// The way back: unwinding a settlement whose units have not left for an order (hold released or restocked,
// authorization voided, redemptions and points given back), and what a live call that lost the record gives back.
import type { Logger } from "../../../../lib/logger.js";
import type { CheckoutError, OrderStore, SettlementRecord } from "../../store/index.js";
import { reservationLines } from "../../checkout/sourcing.js";
import type { ReservationLine } from "../inventory.js";
import { attemptKeyOf, HOLD_SECONDS } from "./terms.js";
import { Run, type Known } from "./run.js";
import type { SettlementOutcome, SettlementServices } from "./types.js";

/**
 * The live call lost a race for the record (a recovery worker took over a settlement that seemed stuck): what it did
 * after the record's last step is its own to give back, since nobody else knows of it.
 */
export async function giveBackUnrecorded(
  services: SettlementServices,
  logger: Logger,
  lost: SettlementRecord,
  known: Known,
): Promise<void> {
  const [now] = await services.store.settlementsByRef([lost.ref]);
  if (known.authorizationId && now?.authorization?.authorizationId !== known.authorizationId && !now?.orderId) {
    await services.payments
      .void(known.authorizationId)
      .catch((error: unknown) => logger.error("could not void an authorization nobody recorded", { ref: lost.ref, error }));
  }
}

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
