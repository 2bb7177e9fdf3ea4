import type { CaseQueueFilter } from "./changes.js";
import type { ServiceCaseRecord, ServiceCaseStatusKey } from "./records.js";

/** Where the Redis customer store keeps what (the README's key table), and the helpers every Redis module of it shares. */

/**
 * Every key under one hash tag, so each script, MULTI and MGET lands in one cluster slot. The client's keyPrefix
 * (per deployment or test) goes in front of these.
 */
const TAG = "{customer}";
export const customerKeys = {
  /** Set once by the first seeding; its presence means "never seed again". */
  seeded: `${TAG}:seeded`,
  /** The profile as JSON, without loyaltyPoints, which scripts change in `points` without re-encoding the record. */
  customer: (id: string) => `${TAG}:customer:${id}`,
  points: (customerId: string) => `${TAG}:points:${customerId}`,
  /** Hashes of normalised key → JSON array of customer ids. */
  emailIndex: `${TAG}:index:email`,
  phoneIndex: `${TAG}:index:phone`,
  loyaltyNumberIndex: `${TAG}:index:loyalty-number`,
  /** Customer id → the [email, phone, loyalty-number] keys it is filed under, to unfile them when they change. */
  filedUnder: `${TAG}:index:filed-under`,
  associate: (id: string) => `${TAG}:associate:${id}`,
  /** Sets of associate ids: all of them, by home store, by role. */
  associates: `${TAG}:associates`,
  associatesAtStore: (storeId: string) => `${TAG}:associates:store:${storeId}`,
  associatesInRole: (role: string) => `${TAG}:associates:role:${role}`,
  /** Sorted set of interaction ids scored by occurredAt (epoch ms), with the records in a hash beside it. */
  timeline: (customerId: string) => `${TAG}:timeline:${customerId}`,
  timelineRecords: (customerId: string) => `${TAG}:timeline-records:${customerId}`,
  /** Sorted set of case ids scored by openedAt, with the records in a hash beside it. */
  serviceCases: (customerId: string) => `${TAG}:cases:${customerId}`,
  serviceCaseRecords: (customerId: string) => `${TAG}:case-records:${customerId}`,
  /** Hash of case id → customer id: where to find a case by its id alone. */
  caseOwner: `${TAG}:case-owner`,
  /**
   * The queues: sorted sets of case ids scored by openedAt, one per status (and UNRESOLVED for OPEN and PENDING
   * together) and assignee (`any`, `unassigned`, `assigned:<associateId>`); `queueKeysOf` names a case's.
   */
  caseQueue: (bucket: ServiceCaseStatusKey | "UNRESOLVED", assignee: string) => `${TAG}:case-queue:${bucket}:${assignee}`,
  /** The last loyalty sequence number handed out (`loyaltyNumberOf`), advanced with INCR. */
  loyaltySequence: `${TAG}:loyalty-sequence`,
  /** An anonymous cart's interactions, shaped like a timeline, until the cart is attached. */
  cartPending: (cartId: string) => `${TAG}:cart-pending:${cartId}`,
  cartPendingRecords: (cartId: string) => `${TAG}:cart-pending-records:${cartId}`,
  cartOwner: (cartId: string) => `${TAG}:cart-owner:${cartId}`,
  /** Marker of a domain event already applied; expires after `appliedEventTtlSeconds`. */
  appliedEvent: (eventId: string) => `${TAG}:applied-event:${eventId}`,
  /** Hash { earned: 0|1, held, cancelled: 0|1 }: what one order did to its customer's points. */
  orderPoints: (orderId: string) => `${TAG}:order-points:${orderId}`,
  /** Hash of a checkout's loyalty hold (store/points-holds.ts). */
  pointsHold: (key: string) => `${TAG}:points-hold:${key}`,
};

/** The queue sorted set a filter reads (`CaseQueueFilter`). */
export function queueKeyOf(filter: CaseQueueFilter): string {
  const assignee = filter.assignee === undefined ? "any" : filter.assignee === null ? "unassigned" : `assigned:${filter.assignee}`;
  return customerKeys.caseQueue(filter.status ?? "UNRESOLVED", assignee);
}

/** Every queue sorted set a case belongs in, as its status and assignee are: two for a resolved case, four otherwise. */
export function queueKeysOf(serviceCase: Pick<ServiceCaseRecord, "status" | "assignedTo">): string[] {
  const statuses = serviceCase.status === "RESOLVED" ? [serviceCase.status] : [serviceCase.status, null];
  const assignee = serviceCase.assignedTo ?? null;
  return statuses.flatMap((status) => [queueKeyOf({ status }), queueKeyOf({ status, assignee })]);
}

/** KEYS of the profile scripts (put, register, update), in their order. */
export function profileKeys(customerId: string): string[] {
  return [
    customerKeys.customer(customerId),
    customerKeys.points(customerId),
    customerKeys.emailIndex,
    customerKeys.phoneIndex,
    customerKeys.loyaltyNumberIndex,
    customerKeys.filedUnder,
  ];
}

/** A sorted-set score for an ISO-8601 instant; anything else would sort nowhere sensible. */
export function scoreOf(at: string, what: string): number {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`${what} must be an ISO-8601 timestamp, got ${JSON.stringify(at)}`);
  return ms;
}
