import { randomInt } from "node:crypto";
import type { CartRecord, CartWrite, OrderRecord } from "./index.js";

// Rules both order stores apply identically, so the memory and Redis stores cannot drift apart.

/** Why a cart may not be written at `expectedVersion`; null when it may. */
export function cartRefusal(cart: CartRecord, expectedVersion: number): CartWrite | null {
  if (cart.orderId || cart.mergedIntoId) return { status: "CLOSED", cart };
  if (cart.checkoutKey) return { status: "CHECKING_OUT", cart };
  if (cart.version !== expectedVersion) return { status: "CHANGED", cart };
  return null;
}

/** Six characters a person can read out without confusing 0/O or 1/I. */
const PICKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function newPickupCode(): string {
  return Array.from({ length: 6 }, () => PICKUP_CODE_ALPHABET[randomInt(PICKUP_CODE_ALPHABET.length)]).join("");
}

/** A customer's orders: newest first, ties by id. */
export function newestFirst(a: OrderRecord, b: OrderRecord): number {
  return b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id);
}
