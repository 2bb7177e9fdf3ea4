// What a settlement is given and answers: its services and settings, the plan a checkout or till sale hands it, the
// outcome, and the fault points tests use to stop it dead.
import type { OrderRecord, OrderStore, Redemption, SettlementRecord, SettlementState, CheckoutError } from "../../store/index.js";
import type { InventoryReservations, Reservation, ReservationLine } from "../inventory.js";
import type { PaymentProvider } from "../payments.js";
import type { LoyaltyPoints } from "../loyalty.js";
import type { OrderAnnouncer } from "../settlement-events.js";

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
