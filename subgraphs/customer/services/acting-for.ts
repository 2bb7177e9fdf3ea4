import { deny, isStaff } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import type { Viewer } from "../../../lib/viewer.js";

/**
 * The customer a mutation acts on. A customer acts on themselves: they may leave the id out, and any other id reads
 * as not found. Staff act for any customer, and must say which. Nobody else acts for a customer.
 */
export function customerActedOn(viewer: Viewer, customerId: string | null | undefined, field: string[]): string {
  const named = customerId?.trim() || null;
  if (viewer.kind === "customer") {
    if (named !== null && named !== viewer.id) throw new NotFoundError("Customer", named);
    return viewer.id;
  }
  if (isStaff(viewer)) {
    if (named === null) throw new BadUserInputError("Say which customer: give their customerId.", field);
    return named;
  }
  return deny(viewer, "only the customer or staff act for a customer.");
}
