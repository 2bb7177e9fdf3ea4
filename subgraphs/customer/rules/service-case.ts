import type { ServiceCaseWrite } from "../store/changes.js";
import type { ServiceCaseRecord, ServiceNoteRecord } from "../store/records.js";

/** The case after a staff note: appended last; an OPEN case becomes PENDING, someone having followed up. */
export function withNote(serviceCase: ServiceCaseRecord, note: ServiceNoteRecord): ServiceCaseRecord {
  return { ...serviceCase, status: serviceCase.status === "OPEN" ? "PENDING" : serviceCase.status, notes: [...serviceCase.notes, note] };
}

/** The case resolved at `resolvedAt`. */
export function resolved(serviceCase: ServiceCaseRecord, resolvedAt: string): ServiceCaseRecord {
  return { ...serviceCase, status: "RESOLVED", resolvedAt };
}

/**
 * What changing the case as stored comes to, in every store: refused once it is resolved (resolved is final),
 * otherwise the changed case to write.
 */
export function changeUnresolved(current: ServiceCaseRecord, change: (current: ServiceCaseRecord) => ServiceCaseRecord): ServiceCaseWrite {
  if (current.status === "RESOLVED") return { status: "CASE_RESOLVED", serviceCase: current };
  return { status: "UPDATED", serviceCase: change(current) };
}
