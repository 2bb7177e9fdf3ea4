import { randomUUID } from "node:crypto";
import { deny } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent, type ServiceCaseChange } from "../../../lib/events.js";
import { isOrderOf, type OrderDirectory } from "../clients/orders.js";
import { checkText, NOTE_MAX, SUBJECT_MAX } from "../rules/validation.js";
import type { CustomerStore, ServiceCaseRecord, ServiceCaseWrite } from "../store/index.js";
import type { ServiceCaseUserError } from "../rules/error-codes.js";
import { customerActedOn, staffMemberOf } from "./acting-for.js";
import type { CustomerRequest } from "./request.js";

/** A userError of a service-case change. */
export type ServiceCaseError = ServiceCaseUserError;

/** A new case as its opener describes it. */
export interface CaseOpening {
  customerId?: string | null;
  subject: string;
  orderId?: string | null;
  note?: string | null;
}

/** What opening did: the case as stored, or why none was opened. */
export interface Opened {
  serviceCase: ServiceCaseRecord | null;
  userErrors: ServiceCaseError[];
}

/** What a change did: the case as now stored, or why nothing changed (with the case when the store answered it). */
export type CaseChange =
  { changed: ServiceCaseRecord } | { caseId: string; serviceCase?: ServiceCaseRecord; userErrors: ServiceCaseError[] };

/** Opening, noting and resolving service cases. Notes and resolution are staff work; customers open cases and read them. */
export class ServiceCaseService {
  constructor(
    private readonly store: CustomerStore,
    private readonly orders: OrderDirectory,
    private readonly announce?: (event: DomainEvent) => Promise<void>,
  ) {}

  /**
   * A customer opens a case for themselves, staff for `customerId`. Staff's note is the case's first note (they are
   * its author); a customer's is its description. The contact goes on the timeline in the same store step.
   */
  async open(request: CustomerRequest, input: CaseOpening): Promise<Opened> {
    const customerId = customerActedOn(request.viewer, input.customerId, ["input", "customerId"]);
    const userErrors: ServiceCaseError[] = [];
    const subject = checkText(input.subject, SUBJECT_MAX, "INVALID_SUBJECT", "A subject", ["input", "subject"], userErrors);
    if (subject === null && userErrors.length === 0) {
      userErrors.push({ code: "INVALID_SUBJECT", message: "Say what the case is about.", field: ["input", "subject"] });
    }
    const note = checkText(input.note, NOTE_MAX, "INVALID_NOTE", "A note", ["input", "note"], userErrors, true);
    if (userErrors.length > 0 || subject === null) return { serviceCase: null, userErrors };
    const orderId = input.orderId?.trim() || null;
    // Only the case's customer's own orders: someone else's reads exactly like one that does not exist.
    if (orderId !== null && !(await isOrderOf(this.orders, orderId, customerId, request.requestId))) {
      return {
        serviceCase: null,
        userErrors: [{ code: "ORDER_NOT_FOUND", message: `The customer has no order "${orderId}".`, field: ["input", "orderId"] }],
      };
    }

    const staff = request.viewer.kind === "customer" ? null : await author(request);
    const now = new Date().toISOString();
    const serviceCase: ServiceCaseRecord = {
      id: `case-${randomUUID()}`,
      customerId,
      subject,
      status: "OPEN",
      openedVia: request.channel,
      openedAt: now,
      orderId,
      notes:
        staff !== null && note !== null ? [{ authorId: staff, body: note, channel: request.channel, createdAt: now, internal: false }] : [],
      description: staff === null ? note : null,
      resolvedAt: null,
    };
    const opened = await this.store.openServiceCase(serviceCase, {
      id: `ix-${serviceCase.id}`,
      customerId,
      cartId: null,
      type: "SERVICE_CONTACT",
      channel: request.channel,
      occurredAt: now,
      // The subject is the customer's words when they open the case: theirs as a note, not the graph's summary.
      summary: staff === null ? "Opened a service case" : `Opened service case: ${subject}`,
      locationId: request.storeId,
      associateId: staff,
      orderId,
      sku: null,
      author: staff === null ? "CUSTOMER" : "STAFF",
      customerNote: staff === null ? subject : null,
    });
    if (!opened) throw new NotFoundError("Customer", customerId);
    return { serviceCase: opened, userErrors: [] };
  }

  /** A staff note on an open or pending case, on the request's channel; an OPEN case becomes PENDING. */
  async addNote(request: CustomerRequest, caseId: string, body: string, internal: boolean): Promise<CaseChange> {
    const userErrors: ServiceCaseError[] = [];
    const text = checkText(body, NOTE_MAX, "INVALID_NOTE", "A note", ["body"], userErrors, true);
    if (text === null && userErrors.length === 0)
      userErrors.push({ code: "INVALID_NOTE", message: "A note needs some text.", field: ["body"] });
    if (userErrors.length > 0 || text === null) return { caseId, userErrors };
    const authorId = await author(request);
    const write = await this.store.addServiceNote(caseId, {
      authorId,
      body: text,
      channel: request.channel,
      createdAt: new Date().toISOString(),
      internal,
    });
    await this.announceChange(request, write, "NOTE_ADDED");
    return changeOf(write, caseId, "This case is resolved; open a new case.");
  }

  /** Resolves an open or pending case. */
  async resolve(request: CustomerRequest, caseId: string): Promise<CaseChange> {
    const write = await this.store.resolveServiceCase(caseId, new Date().toISOString());
    await this.announceChange(request, write, "RESOLVED");
    return changeOf(write, caseId, "This case is resolved already.");
  }

  /** Tells subscribers of the case (through the gateway) what changed; after the write, before the answer. */
  private async announceChange(request: CustomerRequest, write: ServiceCaseWrite, change: ServiceCaseChange["change"]): Promise<void> {
    if (write.status !== "UPDATED" || !this.announce) return;
    const { serviceCase } = write;
    const noteIndex = change === "NOTE_ADDED" ? serviceCase.notes.length - 1 : null;
    await this.announce(
      domainEvent("SERVICE_CASE_UPDATED", request.channel, {
        caseId: serviceCase.id,
        customerId: serviceCase.customerId,
        change,
        noteIndex,
      }),
    );
  }
}

/** The signed-in associate or agent, who must be on the staff records: a note names its author. */
async function author(request: CustomerRequest): Promise<string> {
  const id = staffMemberOf(request.viewer);
  if (id === null || !(await request.loaders.associateById.load(id)))
    return deny(request.viewer, "only associates and agents on the staff records write case notes.");
  return id;
}

function changeOf(write: ServiceCaseWrite, caseId: string, refusal: string): CaseChange {
  switch (write.status) {
    case "UPDATED":
      return { changed: write.serviceCase };
    case "NOT_FOUND":
      throw new NotFoundError("Service case", caseId);
    case "CASE_RESOLVED":
      return { caseId, serviceCase: write.serviceCase, userErrors: [{ code: "CASE_RESOLVED", message: refusal, field: ["caseId"] }] };
  }
}
