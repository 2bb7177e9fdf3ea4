import type { ProfilePatch } from "../store/changes.js";
import type { CustomerRecord } from "../store/records.js";

/** `customer` with `patch` applied: the same computation in every store, inside its atomic step. */
export function applyProfilePatch<T extends Omit<CustomerRecord, "loyaltyPoints">>(customer: T, patch: ProfilePatch): T {
  const next = { ...customer };
  if (patch.firstName !== undefined) next.firstName = patch.firstName;
  if (patch.lastName !== undefined) next.lastName = patch.lastName;
  if (patch.email !== undefined) next.email = patch.email;
  if (patch.phone !== undefined) next.phone = patch.phone;
  if (patch.preferredStoreId !== undefined) next.preferredStoreId = patch.preferredStoreId;
  if (patch.addresses !== undefined) next.addresses = patch.addresses;
  return next;
}
