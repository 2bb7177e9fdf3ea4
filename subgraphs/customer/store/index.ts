import type { PointsHolds } from "./points-holds.js";
import type { SalesChannel } from "../../../lib/channel.js";

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

export interface AddressRecord {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

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

export interface ServiceNoteRecord {
  authorId: string;
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
}

/** A profile to register. The store allocates the loyalty number and starts the balance at 0. */
export type NewCustomer = Omit<CustomerRecord, "loyaltyNumber" | "loyaltyPoints">;

/** What registering did: the new customer; the one already registered under that id; or nothing, the email being someone else's. */
export type RegisterOutcome =
  | { status: "REGISTERED"; customer: CustomerRecord }
  | { status: "ALREADY_REGISTERED"; customer: CustomerRecord }
  | { status: "EMAIL_TAKEN" };

/** Profile fields to change; a field left undefined stays as it is. */
export interface ProfilePatch {
  firstName?: string;
  lastName?: string;
  /** Unique across customers, compared as `emailKey` (case and surrounding spaces do not count). */
  email?: string;
  /** null removes the phone number. */
  phone?: string | null;
  /** null clears the preferred store. */
  preferredStoreId?: string | null;
  /** Replaces the saved addresses (the first is the default). */
  addresses?: AddressRecord[];
}

/** What a profile change did: the customer as now stored, or why nothing changed. */
export type ProfileWrite = { status: "UPDATED"; customer: CustomerRecord } | { status: "NOT_FOUND" } | { status: "EMAIL_TAKEN" };

/** What a service-case change did: the case as now stored, or why nothing changed (a resolved case is closed to changes). */
export type ServiceCaseWrite =
  | { status: "UPDATED"; serviceCase: ServiceCaseRecord }
  | { status: "NOT_FOUND" }
  | { status: "CASE_RESOLVED"; serviceCase: ServiceCaseRecord };

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

/** The case after a staff note: appended last; an OPEN case becomes PENDING, someone having followed up. */
export function withNote(serviceCase: ServiceCaseRecord, note: ServiceNoteRecord): ServiceCaseRecord {
  return { ...serviceCase, status: serviceCase.status === "OPEN" ? "PENDING" : serviceCase.status, notes: [...serviceCase.notes, note] };
}

/** Exact-match lookup of customers; every field given must match. */
export interface CustomerLookup {
  /** Compared case-insensitively. */
  email?: string | null;
  /** Compared on digits only, so "+1 (312) 555-1000" finds "+13125551000". */
  phone?: string | null;
  loyaltyNumber?: string | null;
}

export interface AssociateFilter {
  storeId?: string | null;
  role?: AssociateRoleKey | null;
}

/**
 * How a domain event moves a customer's loyalty points. Points are tracked per order, so that what an order earned
 * can be taken back exactly when it is cancelled.
 */
export type LoyaltyChange =
  /** An order earns `points` once: another earning for the same order adds nothing, nor does one for a cancelled order. */
  | { kind: "EARN"; orderId: string; points: number }
  /** A refund takes up to `points` back from the balance, which never goes below 0. */
  | { kind: "DEDUCT"; orderId: string; points: number }
  /** A cancelled order gives back what it still holds (earned minus refunds already deducted), at most the balance. */
  | { kind: "REVOKE"; orderId: string };

/** What one domain event does to one customer: the consumer (`events.ts`) decides it, the store applies it. */
export interface CustomerChange {
  customerId: string;
  /** Added to the customer's timeline in occurredAt order; null when the event is not something the customer did. */
  interaction: InteractionRecord | null;
  /** Null when the event leaves points alone. */
  loyalty: LoyaltyChange | null;
}

/** What applying an event did: APPLIED, nothing because it was applied before, or nothing because nobody has that id. */
export type EventOutcome = "APPLIED" | "DUPLICATE" | "UNKNOWN_CUSTOMER";

/**
 * Everything the customer subgraph reads. Batched reads take many keys and answer one entry per key, in order,
 * null (or an empty list) where nothing exists. The resolvers only ever see this interface.
 */
export interface CustomerStore {
  /** Loyalty points held by checkouts, and given back (store/points-holds.ts). */
  readonly pointsHolds: PointsHolds;
  customersById(ids: readonly string[]): Promise<(CustomerRecord | null)[]>;
  associatesById(ids: readonly string[]): Promise<(AssociateRecord | null)[]>;
  /** Each customer's interactions, newest first. */
  interactionsByCustomer(customerIds: readonly string[]): Promise<InteractionRecord[][]>;
  /** Each customer's service cases, newest first. */
  serviceCasesByCustomer(customerIds: readonly string[]): Promise<ServiceCaseRecord[][]>;
  /** Service cases by id, null for an unknown id. */
  serviceCasesById(ids: readonly string[]): Promise<(ServiceCaseRecord | null)[]>;
  /**
   * Customers matching every given field of `lookup`, by id; at least one field must be given. At most `limit`
   * (lowest ids first) when given, so that a broad detail cannot list the customer base.
   */
  findCustomers(lookup: CustomerLookup, limit?: number): Promise<CustomerRecord[]>;
  /** Associates of a store and/or in a role, by id. */
  listAssociates(filter: AssociateFilter): Promise<AssociateRecord[]>;

  // Writes. Each is one atomic step: the in-memory store checks and changes with no await in between; a Redis store
  // runs each as one Lua script over the keys named in its contract, so a crash or a concurrent delivery of the same
  // event never leaves half of it applied.

  /**
   * Applies what domain event `eventId` does to a customer, at most once per event id (delivery is at-least-once).
   * Atomically: if `eventId` is already recorded, changes nothing and answers DUPLICATE; otherwise records it and,
   * when the customer exists, adds `change.interaction` to their timeline and applies `change.loyalty` to their
   * points and the order's points ledger (APPLIED), or applies nothing for an unknown customer (UNKNOWN_CUSTOMER,
   * recorded all the same so that redelivery does not retry forever).
   * Redis: one script over `customer:events:applied` (SET NX of the id, with a TTL longer than any redelivery window),
   * the customer's timeline sorted set, the customer hash's points (never below 0) and the order's ledger hash.
   */
  applyEvent(eventId: string, change: CustomerChange): Promise<EventOutcome>;

  /**
   * A shopper who was anonymous on cart `cartId` signed in as `customerId` (domain event `eventId`, at most once).
   * Atomically: unless `eventId` is recorded (DUPLICATE), records it; when the customer exists, moves every
   * interaction held against the cart to the customer's timeline and remembers the cart's owner, so interactions
   * recorded against the cart later go straight to the customer. Redis: one script over the applied-events set, the
   * cart's pending list, the cart-owner key and the customer's timeline.
   */
  attachCart(eventId: string, cartId: string, customerId: string): Promise<EventOutcome>;

  /**
   * Records one interaction and answers it as stored. With a customer id it goes on that customer's timeline (null
   * when no such customer); without one it is held against `interaction.cartId` (required) — or, when the cart is
   * already attached, goes on its owner's timeline with `customerId` filled in. One atomic step: the owner check and
   * the write happen together, so an interaction racing an attachment lands on one side, never lost.
   */
  recordInteraction(interaction: InteractionRecord): Promise<InteractionRecord | null>;

  /**
   * Registers `profile` under its id with a newly allocated loyalty number and 0 points. One atomic step: when the
   * id is registered already, changes nothing (ALREADY_REGISTERED, with that customer); when another customer has
   * the email (`emailKey`), changes nothing (EMAIL_TAKEN); otherwise writes the customer together with its email,
   * phone and loyalty-number index entries. So of two registrations with one email, however concurrent, exactly
   * one succeeds. Loyalty numbers come from a sequence (`loyaltyNumberOf`) that may skip numbers, never repeat one.
   * Redis: INCR of the sequence, then one script over the record, the points, the three indexes and the
   * filed-under hash (a number that somehow is filed already is skipped and the script runs again).
   */
  registerCustomer(profile: NewCustomer): Promise<RegisterOutcome>;

  /**
   * Applies `patch` (`applyProfilePatch`) to the customer as stored at the moment of the write, so two concurrent
   * changes of different fields both land and neither is lost. One atomic step: NOT_FOUND for an unknown id;
   * EMAIL_TAKEN, changing nothing, when the resulting email belongs to another customer; otherwise the record and
   * its index entries change together (the old email and phone no longer find the customer, the new ones do).
   * Loyalty points are left alone. Redis: compare-and-set: the record is read, patched, and written by one script
   * only if it is still the record read (else read again); the script checks the email and re-files the indexes.
   */
  updateCustomer(customerId: string, patch: ProfilePatch): Promise<ProfileWrite>;

  /**
   * Opens `serviceCase` for its customer and, when given, adds `contact` (the SERVICE_CONTACT it was) to their
   * timeline, both or neither. Null, changing nothing, when the customer does not exist. Case ids are unique; an
   * id in use is a programming error. Redis: one script over the customer record, the customer's cases (sorted set
   * and records), the case-owner hash and the timeline.
   */
  openServiceCase(serviceCase: ServiceCaseRecord, contact: InteractionRecord | null): Promise<ServiceCaseRecord | null>;

  /**
   * Appends a staff note to the case as stored at the moment of the write (`withNote`: an OPEN case becomes
   * PENDING), so concurrent notes are all kept, in the order they landed. NOT_FOUND for an unknown case;
   * CASE_RESOLVED, changing nothing, when it is resolved. Redis: compare-and-set of the case record by one script.
   */
  addServiceNote(caseId: string, note: ServiceNoteRecord): Promise<ServiceCaseWrite>;

  /**
   * Resolves an OPEN or PENDING case at `resolvedAt`. NOT_FOUND for an unknown case; CASE_RESOLVED, changing
   * nothing, when it was resolved already (by this call's twin, say). Redis: compare-and-set by one script.
   */
  resolveServiceCase(caseId: string, resolvedAt: string): Promise<ServiceCaseWrite>;
}
