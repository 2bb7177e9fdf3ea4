import type { PointsHolds } from "./points-holds.js";
import type {
  AssociateFilter,
  CaseQueueFilter,
  CaseQueuePage,
  CustomerChange,
  CustomerLookup,
  EventOutcome,
  NewCustomer,
  ProfilePatch,
  ProfileWrite,
  RegisterOutcome,
  ServiceCaseWrite,
} from "./changes.js";
import type { AssociateRecord, CustomerRecord, InteractionRecord, ServiceCaseRecord, ServiceNoteRecord } from "./records.js";

/**
 * The customer store: what it holds (records.ts), what its writes take and answer (changes.ts), and the contract
 * below, which the memory store (memory.ts) and the Redis store (redis.ts) both keep, as test/stores proves. The
 * decisions both make live once in ../rules/ (profile patches, case changes, the loyalty ledger, timeline order,
 * lookups); Redis's Lua (lua/*.lua) mirrors the few that must run inside a script.
 */
export * from "./changes.js";
export * from "./records.js";

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
   * The cases `filter` asks for, oldest opened first (`queueOrder`), `limit` of them from `offset`, with the whole
   * queue's count. Redis reads an index kept with every case write (a sorted set per status and assignee), never
   * every case.
   */
  serviceCaseQueue(filter: CaseQueueFilter, offset: number, limit: number): Promise<CaseQueuePage>;
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
   * and records), the case-owner hash, the timeline and the case's queue sets.
   */
  openServiceCase(serviceCase: ServiceCaseRecord, contact: InteractionRecord | null): Promise<ServiceCaseRecord | null>;

  /**
   * Appends a note to the case as stored at the moment of the write (`withNote`: a staff note makes an OPEN case
   * PENDING, a customer's reply a PENDING case OPEN), so concurrent notes are all kept, in the order they landed. NOT_FOUND for an unknown case;
   * CASE_RESOLVED, changing nothing, when it is resolved. Redis: compare-and-set of the case record by one script,
   * which moves the case between its queue sets in the same step.
   */
  addServiceNote(caseId: string, note: ServiceNoteRecord): Promise<ServiceCaseWrite>;

  /**
   * Resolves an OPEN or PENDING case at `resolvedAt`. NOT_FOUND for an unknown case; CASE_RESOLVED, changing
   * nothing, when it was resolved already (by this call's twin, say). Redis: compare-and-set by one script.
   */
  resolveServiceCase(caseId: string, resolvedAt: string): Promise<ServiceCaseWrite>;

  /**
   * Gives an OPEN or PENDING case to `associateId` at `at` (`assigned`), moving it between the assignees' queues.
   * NOT_FOUND for an unknown case; CASE_RESOLVED, changing nothing, when it is resolved. Redis: compare-and-set.
   */
  assignServiceCase(caseId: string, associateId: string, at: string): Promise<ServiceCaseWrite>;
}
