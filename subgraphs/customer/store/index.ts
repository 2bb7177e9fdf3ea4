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
  customerId: string;
  type: InteractionKind;
  channel: SalesChannel;
  occurredAt: string;
  summary: string;
  locationId: string | null;
  associateId: string | null;
  orderId: string | null;
  sku: string | null;
}

export interface ServiceNoteRecord {
  authorId: string;
  body: string;
  channel: SalesChannel;
  createdAt: string;
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
 * Everything the customer subgraph reads. Batched reads take many keys and answer one entry per key, in order,
 * null (or an empty list) where nothing exists. The resolvers only ever see this interface.
 */
export interface CustomerStore {
  customersById(ids: readonly string[]): Promise<(CustomerRecord | null)[]>;
  associatesById(ids: readonly string[]): Promise<(AssociateRecord | null)[]>;
  /** Each customer's interactions, newest first. */
  interactionsByCustomer(customerIds: readonly string[]): Promise<InteractionRecord[][]>;
  /** Each customer's service cases, newest first. */
  serviceCasesByCustomer(customerIds: readonly string[]): Promise<ServiceCaseRecord[][]>;
  /** Customers matching every given field of `lookup`, by id; at least one field must be given. */
  findCustomers(lookup: CustomerLookup): Promise<CustomerRecord[]>;
  /** Associates of a store and/or in a role, by id. */
  listAssociates(filter: AssociateFilter): Promise<AssociateRecord[]>;
}
