import type { LoyaltyChange } from "../store/changes.js";

/** What one order did to its customer's points; a cancellation gives back exactly `held`. */
export interface OrderPoints {
  earned: boolean;
  /** Points the order still holds: earned minus what its refunds took back. */
  held: number;
  cancelled: boolean;
}

/** An order's ledger before any event about it. */
export const NOTHING_EARNED: OrderPoints = { earned: false, held: 0, cancelled: false };

/**
 * A customer's balance and an order's ledger after one loyalty change (store/lua/apply-event.lua is the same rule on
 * Redis): an order earns once, and never after it was cancelled; a refund takes back up to its points, never below
 * 0; a cancellation takes back what the order still holds, at most the balance, and bars later earning.
 */
export function moveLoyaltyPoints(balance: number, ledger: OrderPoints, change: LoyaltyChange): { balance: number; ledger: OrderPoints } {
  switch (change.kind) {
    case "EARN":
      if (ledger.earned || ledger.cancelled) return { balance, ledger };
      return { balance: balance + change.points, ledger: { ...ledger, earned: true, held: change.points } };
    case "DEDUCT": {
      const taken = Math.min(change.points, balance);
      return { balance: balance - taken, ledger: { ...ledger, held: Math.max(0, ledger.held - taken) } };
    }
    case "REVOKE": {
      const taken = Math.min(ledger.held, balance);
      return { balance: balance - taken, ledger: { ...ledger, held: 0, cancelled: true } };
    }
  }
}
