import type { CaseQueueFilter, ServiceCaseWrite } from "../store/changes.js";
import type { ServiceCaseRecord, ServiceCaseStatusKey, ServiceNoteRecord } from "../store/records.js";

/** Who wrote a note: STAFF for notes stored before customers could reply. */
export function writerOf(note: ServiceNoteRecord): "STAFF" | "CUSTOMER" {
  return note.writtenBy ?? "STAFF";
}

/**
 * The case after a note, appended last. A staff note on an OPEN case makes it PENDING (someone followed up), and the
 * first one the customer can read is the case's first response; a customer's reply makes a PENDING case OPEN again
 * (it waits for staff once more).
 */
export function withNote(serviceCase: ServiceCaseRecord, note: ServiceNoteRecord): ServiceCaseRecord {
  const fromCustomer = writerOf(note) === "CUSTOMER";
  const status: ServiceCaseStatusKey = fromCustomer
    ? serviceCase.status === "PENDING"
      ? "OPEN"
      : serviceCase.status
    : serviceCase.status === "OPEN"
      ? "PENDING"
      : serviceCase.status;
  const responded = !fromCustomer && !note.internal;
  return {
    ...serviceCase,
    status,
    notes: [...serviceCase.notes, note],
    firstResponseAt: firstResponseOf(serviceCase) ?? (responded ? note.createdAt : null),
    updatedAt: note.createdAt,
  };
}

/** The case resolved at `resolvedAt`. */
export function resolved(serviceCase: ServiceCaseRecord, resolvedAt: string): ServiceCaseRecord {
  return { ...serviceCase, status: "RESOLVED", resolvedAt, updatedAt: resolvedAt };
}

/** The case given to `associateId` at `at` (its status unchanged: being assigned is not a response). */
export function assigned(serviceCase: ServiceCaseRecord, associateId: string, at: string): ServiceCaseRecord {
  return { ...serviceCase, assignedTo: associateId, updatedAt: at };
}

/**
 * When staff first answered: as stored, or for a case stored before it was kept, the first staff note the customer
 * can read written after the case was opened (the note staff open a case with is the opening, not a response).
 */
export function firstResponseOf(serviceCase: ServiceCaseRecord): string | null {
  if (serviceCase.firstResponseAt !== undefined) return serviceCase.firstResponseAt;
  const response = serviceCase.notes.find((n) => writerOf(n) === "STAFF" && !n.internal && n.createdAt > serviceCase.openedAt);
  return response?.createdAt ?? null;
}

/** The case's last change: as stored, or the latest of its opening, notes and resolution. */
export function updatedAtOf(serviceCase: ServiceCaseRecord): string {
  if (serviceCase.updatedAt) return serviceCase.updatedAt;
  const times = [serviceCase.openedAt, ...serviceCase.notes.map((n) => n.createdAt), serviceCase.resolvedAt ?? ""];
  return times.reduce((latest, at) => (at > latest ? at : latest));
}

/**
 * What changing the case as stored comes to, in every store: refused once it is resolved (resolved is final),
 * otherwise the changed case to write.
 */
export function changeUnresolved(current: ServiceCaseRecord, change: (current: ServiceCaseRecord) => ServiceCaseRecord): ServiceCaseWrite {
  if (current.status === "RESOLVED") return { status: "CASE_RESOLVED", serviceCase: current };
  return { status: "UPDATED", serviceCase: change(current) };
}

/** Whether the case is in the queue `filter` asks for: its status (any unresolved one when null) and assignee. */
export function inQueue(serviceCase: ServiceCaseRecord, filter: CaseQueueFilter): boolean {
  const statusMatches = filter.status === null ? serviceCase.status !== "RESOLVED" : serviceCase.status === filter.status;
  if (!statusMatches) return false;
  if (filter.assignee === undefined) return true;
  return (serviceCase.assignedTo ?? null) === filter.assignee;
}

/** The queue's order in every store: oldest opened first, ties by id (as a sorted set scored by openedAt keeps them). */
export function queueOrder(a: ServiceCaseRecord, b: ServiceCaseRecord): number {
  return a.openedAt.localeCompare(b.openedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
