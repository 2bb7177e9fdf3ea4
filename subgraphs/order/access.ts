import { canSeeCustomer } from "../../lib/auth/access.js";
import type { Viewer } from "../../lib/viewer.js";
import type { CartRecord, OrderRecord } from "./store/index.js";

/** A customer sees their own orders; staff see all; an anonymous till sale is staff-only. */
export function canSeeOrder(viewer: Viewer, order: OrderRecord): boolean {
  return canSeeCustomer(viewer, order.customerId);
}

/** An anonymous cart is usable by whoever holds its id; once attached, by its customer and staff only. */
export function canUseCart(viewer: Viewer, cart: CartRecord): boolean {
  if (viewer.kind === "partner") return false;
  return cart.customerId === null || canSeeCustomer(viewer, cart.customerId);
}
