import type {
  AddressRecord,
  AssociateRoleKey,
  CustomerRecord,
  InteractionRecord,
  ServiceCaseRecord,
  ServiceCaseStatusKey,
} from "./records.js";

/** What the customer store's writes take and answer. */

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

/** Which service cases a queue lists. */
export interface CaseQueueFilter {
  /** Cases in this status; every unresolved one (OPEN and PENDING) when null. */
  status: ServiceCaseStatusKey | null;
  /** Cases assigned to this associate id; null: unassigned cases only; undefined: whoever has them. */
  assignee?: string | null;
}

/** One page of a queue, oldest opened first, and how many cases the whole queue holds. */
export interface CaseQueuePage {
  cases: ServiceCaseRecord[];
  totalCount: number;
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
