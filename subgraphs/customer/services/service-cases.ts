import { randomUUID } from "node:crypto";
import { canSeeCustomer, deny, staffMemberOf } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent, type ServiceCaseChange } from "../../../lib/events.js";
import { isOrderOf, type OrderDirectory } from "../clients/orders.js";
import { checkText, NOTE_MAX, SUBJECT_MAX } from "../rules/validation.js";
import type {
  CaseQueueFilter,
  CaseQueuePage,
  CustomerStore,
  ServiceCaseRecord,
  ServiceCaseWrite,
  ServiceNoteRecord,
} from "../store/index.js";
import type { ServiceCaseUserError } from "../rules/error-codes.js";
import { customerActedOn } from "./acting-for.js";
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

/**
 * Opening, noting, assigning and resolving service cases, and the queue. Customers open their cases, read them and
 * reply to them; staff continue any case, whoever opened it and on whichever channel.
 */
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
      assignedTo: null,
      firstResponseAt: null,
      updatedAt: now,
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

  /** The case, when the viewer may see it: its customer, or staff; null otherwise (someone else's reads as none). */
  async get(request: CustomerRequest, caseId: string): Promise<ServiceCaseRecord | null> {
    const serviceCase = await request.loaders.serviceCaseById.load(caseId);
    return serviceCase && canSeeCustomer(request.viewer, serviceCase.customerId) ? serviceCase : null;
  }

  /** A page of the queue (staff only, by the resolver's rule): oldest opened first. */
  queue(filter: CaseQueueFilter, offset: number, limit: number): Promise<CaseQueuePage> {
    return this.store.serviceCaseQueue(filter, offset, limit);
  }

  /**
   * A note on an open or pending case, on the request's channel. Staff's note makes an OPEN case PENDING; the case's
   * customer replies (never internally), which makes a PENDING case OPEN again. Another customer's case is not found.
   */
  async addNote(request: CustomerRequest, caseId: string, body: string, internal: boolean): Promise<CaseChange> {
    const userErrors: ServiceCaseError[] = [];
    const text = checkText(body, NOTE_MAX, "INVALID_NOTE", "A note", ["body"], userErrors, true);
    if (text === null && userErrors.length === 0)
      userErrors.push({ code: "INVALID_NOTE", message: "A note needs some text.", field: ["body"] });
    const customer = request.viewer.kind === "customer" ? await this.ownCase(request, caseId) : null;
    if (customer !== null && internal)
      userErrors.push({ code: "INTERNAL_NOTE_STAFF_ONLY", message: "Only staff write internal notes.", field: ["internal"] });
    if (userErrors.length > 0 || text === null) return { caseId, userErrors };
    const createdAt = new Date().toISOString();
    const note: ServiceNoteRecord =
      customer !== null
        ? { authorId: customer, writtenBy: "CUSTOMER", body: text, channel: request.channel, createdAt, internal: false }
        : { authorId: await author(request), writtenBy: "STAFF", body: text, channel: request.channel, createdAt, internal };
    const write = await this.store.addServiceNote(caseId, note);
    await this.announceChange(request, write, "NOTE_ADDED");
    return changeOf(write, caseId, "This case is resolved; open a new case.");
  }

  /**
   * Gives an open or pending case to an associate or agent on the staff records: `associateId`, or the signed-in
   * one when null. Anyone on staff may take or hand over any case.
   */
  async assign(request: CustomerRequest, caseId: string, associateId: string | null): Promise<CaseChange> {
    const target = associateId?.trim() || staffMemberOf(request.viewer);
    if (!target) throw new BadUserInputError("Say which associate: give their associateId.", ["associateId"]);
    if (!(await request.loaders.associateById.load(target))) {
      const message = `No associate or agent "${target}" is on the staff records.`;
      return { caseId, userErrors: [{ code: "UNKNOWN_ASSOCIATE", message, field: ["associateId"] }] };
    }
    const write = await this.store.assignServiceCase(caseId, target, new Date().toISOString());
    return changeOf(write, caseId, "This case is resolved; there is nothing left to assign.");
  }

  /** The signed-in customer's id when the case is theirs; not found otherwise, exactly like a case that does not exist. */
  private async ownCase(request: CustomerRequest, caseId: string): Promise<string> {
    const serviceCase = await request.loaders.serviceCaseById.load(caseId);
    if (!serviceCase || request.viewer.kind !== "customer" || serviceCase.customerId !== request.viewer.id)
      throw new NotFoundError("Service case", caseId);
    return serviceCase.customerId;
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
