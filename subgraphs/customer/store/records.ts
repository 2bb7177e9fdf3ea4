import type { AddressRecord } from "../../../lib/address.js";
import type { SalesChannel } from "../../../lib/channel.js";

/** What the customer store holds: the records every store reads and writes, in the same shape. */

export type InteractionKind =
  | "PRODUCT_VIEWED"
  | "CART_UPDATED"
  | "ORDER_PLACED"
  | "ORDER_PICKED_UP"
  | "RETURN_REQUESTED"
  | "RETURN_RECEIVED"
  | "STORE_VISIT"
  | "SERVICE_CONTACT"
  | "STORE_PURCHASE";

/** ANONYMOUS_INTERACTION_TTL_SECONDS' default: a week for an anonymous shopper to sign in and keep what they did. */
export const DEFAULT_ANONYMOUS_INTERACTION_TTL_SECONDS = 7 * 86_400;

/** Who wrote an interaction's words (types/interaction.ts InteractionAuthor). */
export type InteractionAuthorKey = "CUSTOMER" | "STAFF" | "SYSTEM";

export type AssociateRoleKey = "STORE_ASSOCIATE" | "STORE_MANAGER" | "CALL_CENTER_AGENT";

export type ServiceCaseStatusKey = "OPEN" | "PENDING" | "RESOLVED";

export type { AddressRecord } from "../../../lib/address.js";

export interface CustomerRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  addresses: AddressRecord[];
  preferredStoreId: string | null;
  loyaltyNumber: string;
  loyaltyPoints: number;
  createdAt: string;
}

export interface AssociateRecord {
  id: string;
  name: string;
  role: AssociateRoleKey;
  homeStoreId: string | null;
}

/** Something a customer did or had done for them, on any channel. */
export interface InteractionRecord {
  id: string;
  /** Null while the shopper is anonymous: the interaction is then held against `cartId` until the cart is attached. */
  customerId: string | null;
  /** The cart the shopper was using, so interactions made before signing in follow the cart to its customer. */
  cartId: string | null;
  type: InteractionKind;
  channel: SalesChannel;
  occurredAt: string;
  summary: string;
  locationId: string | null;
  associateId: string | null;
  orderId: string | null;
  sku: string | null;
  /**
   * Who wrote it. Absent on what was stored before authors were recorded: then SYSTEM for what only events record,
   * STAFF when an associate served, else CUSTOMER (`authorOf`), so an old customer-written line is never taken for
   * staff's.
   */
  author?: InteractionAuthorKey;
  /** The customer's own words, when they recorded it themselves; absent or null otherwise. */
  customerNote?: string | null;
}

/** What clients record (resolvers/interaction-mutations.ts); everything else comes from the order service's events. */
export const CLIENT_RECORDED: ReadonlySet<InteractionKind> = new Set(["PRODUCT_VIEWED", "STORE_VISIT", "SERVICE_CONTACT", "CART_UPDATED"]);

/** Who wrote an interaction, for records stored with or without an author. */
export function authorOf(interaction: InteractionRecord): InteractionAuthorKey {
  if (interaction.author) return interaction.author;
  if (!CLIENT_RECORDED.has(interaction.type)) return "SYSTEM";
  return interaction.associateId ? "STAFF" : "CUSTOMER";
}

/** Who wrote a service note: staff, or the case's customer replying from any channel. */
export type ServiceNoteWriterKey = "STAFF" | "CUSTOMER";

export interface ServiceNoteRecord {
  /** The associate or agent who wrote it; for a customer's reply, the customer's id. */
  authorId: string;
  /** Absent (everything stored before customers could reply) means STAFF. */
  writtenBy?: ServiceNoteWriterKey;
  body: string;
  channel: SalesChannel;
  createdAt: string;
  /** Staff only: a customer never sees an internal note. Absent (the seeded history) means false. */
  internal?: boolean;
}

export interface ServiceCaseRecord {
  id: string;
  customerId: string;
  subject: string;
  status: ServiceCaseStatusKey;
  openedVia: SalesChannel;
  openedAt: string;
  orderId: string | null;
  /** Oldest first, as the conversation happened. */
  notes: ServiceNoteRecord[];
  /** What the customer wrote when they opened the case themselves; staff write notes instead. Absent means none. */
  description?: string | null;
  /** When the case was resolved; absent or null while it is not (and for the seeded history). */
  resolvedAt?: string | null;
  /** The associate or agent working the case; absent or null while nobody is. */
  assignedTo?: string | null;
  /**
   * When staff first wrote a note the customer can read after the case was opened; null until then. Absent on cases
   * stored before it was kept: then derived from the notes (`firstResponseOf`).
   */
  firstResponseAt?: string | null;
  /** The last change (opening, note, assignment, resolution); absent on older cases: derived (`updatedAtOf`). */
  updatedAt?: string;
}
