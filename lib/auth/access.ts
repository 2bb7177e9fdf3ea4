import type { AuthChecker } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../errors.js";
import type { Viewer } from "../viewer.js";

/**
 * Who may do what, enforced in the subgraphs. Root fields declare the kinds of viewer they serve with
 * `@Authorized(...roles)`; objects a role may only partly see (a customer's own orders) are checked here too, and a
 * hidden object reads as not found rather than revealing that it exists.
 */
export type Role = Viewer["kind"];

/** Signed-in people and services: anyone with a name. */
export const PEOPLE: Role[] = ["customer", "associate", "agent", "service"];
/** Store associates, call-center agents and services acting for them. */
export const STAFF: Role[] = ["associate", "agent", "service"];
/** Everyone who may shop: catalog, locations, stock, anonymous carts. */
export const SHOPPERS: Role[] = ["anonymous", "customer", "associate", "agent", "kiosk", "service"];

/** UNAUTHENTICATED for someone not signed in, FORBIDDEN for someone who is but may not. */
export function deny(viewer: Viewer, message?: string): never {
  if (viewer.kind === "anonymous" || viewer.kind === "kiosk") throw new UnauthenticatedError(message ? `Sign in: ${message}` : undefined);
  throw new ForbiddenError(message);
}

/** type-graphql's auth checker: `@Authorized(...roles)`; with no roles, anyone signed in. */
export const authChecker: AuthChecker<{ viewer: Viewer }, Role> = ({ context }, roles) => {
  const kind = context.viewer.kind;
  if (roles.length === 0 ? PEOPLE.includes(kind) : roles.includes(kind)) return true;
  return deny(context.viewer);
};

export function isStaff(viewer: Viewer): boolean {
  return STAFF.includes(viewer.kind);
}

/** The associate or agent signed in (what a note, a sale or a received return is credited to); null for anyone else. */
export function staffMemberOf(viewer: Viewer): string | null {
  return viewer.kind === "associate" || viewer.kind === "agent" ? viewer.id : null;
}

/** A customer sees only themselves; staff see every customer; nobody else sees any. */
export function canSeeCustomer(viewer: Viewer, customerId: string | null): boolean {
  if (isStaff(viewer)) return true;
  return viewer.kind === "customer" && customerId !== null && viewer.id === customerId;
}

/** The store an associate works at may act on it; services may act anywhere. */
export function actsForStore(viewer: Viewer, storeId: string | null): boolean {
  if (viewer.kind === "service") return true;
  return viewer.kind === "associate" && storeId !== null && viewer.storeId === storeId;
}
