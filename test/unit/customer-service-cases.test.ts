import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { domainEvent, type DomainEvent } from "../../lib/events.js";
import { customerChangeOf, type CustomerEvent } from "../../subgraphs/customer/rules/event-changes.js";
import {
  assigned,
  firstResponseOf,
  inQueue,
  queueOrder,
  resolved,
  updatedAtOf,
  withNote,
  writerOf,
} from "../../subgraphs/customer/rules/service-case.js";
import type { ServiceCaseRecord, ServiceNoteRecord } from "../../subgraphs/customer/store/index.js";

// How a case moves as staff and its customer write in it, and which queue lists it: pure rules, no servers.

const at = (day: number) => `2026-01-0${day}T10:00:00.000Z`;
const open: ServiceCaseRecord = {
  id: "case-1",
  customerId: "c-1",
  subject: "Late",
  status: "OPEN",
  openedVia: SalesChannel.CALL_CENTER,
  openedAt: at(1),
  orderId: null,
  notes: [],
  assignedTo: null,
  firstResponseAt: null,
  updatedAt: at(1),
};
const staffNote = (day: number, fields: Partial<ServiceNoteRecord> = {}): ServiceNoteRecord => ({
  authorId: "agent-1",
  writtenBy: "STAFF",
  body: "Called back",
  channel: SalesChannel.CALL_CENTER,
  createdAt: at(day),
  internal: false,
  ...fields,
});
const reply = (day: number): ServiceNoteRecord => ({
  authorId: "c-1",
  writtenBy: "CUSTOMER",
  body: "Still waiting",
  channel: SalesChannel.MOBILE_APP,
  createdAt: at(day),
  internal: false,
});

describe("a case's notes", () => {
  it("the first staff note the customer can read is the first response; an internal one is not", () => {
    const internal = withNote(open, staffNote(2, { internal: true }));
    expect(internal).toMatchObject({ status: "PENDING", firstResponseAt: null, updatedAt: at(2) });
    const answered = withNote(internal, staffNote(3));
    expect(answered).toMatchObject({ firstResponseAt: at(3), updatedAt: at(3) });
    expect(withNote(answered, staffNote(4)).firstResponseAt).toBe(at(3));
  });

  it("a customer's reply reopens a PENDING case, leaves an OPEN one OPEN and is no response", () => {
    expect(withNote(open, reply(2))).toMatchObject({ status: "OPEN", firstResponseAt: null, updatedAt: at(2) });
    const pending = withNote(open, staffNote(2));
    expect(withNote(pending, reply(3))).toMatchObject({ status: "OPEN", firstResponseAt: at(2), updatedAt: at(3) });
  });

  it("notes stored before writers were kept are staff's", () => {
    const { writtenBy: _writer, ...older } = staffNote(2);
    expect(writerOf(older)).toBe("STAFF");
    expect(writerOf(reply(2))).toBe("CUSTOMER");
  });

  it("a case stored before the first response was kept derives it from its notes, the opening note aside", () => {
    const { firstResponseAt: _first, updatedAt: _updated, ...older } = open;
    const seeded = { ...older, notes: [staffNote(1), staffNote(2, { internal: true }), reply(3), staffNote(4)] };
    expect(firstResponseOf(seeded)).toBe(at(4));
    expect(updatedAtOf(seeded)).toBe(at(4));
    expect(firstResponseOf({ ...older, notes: [staffNote(1)] })).toBeNull();
    expect(updatedAtOf({ ...older, notes: [staffNote(1)], resolvedAt: at(5) })).toBe(at(5));
  });

  it("assignment and resolution are changes, neither a response", () => {
    expect(assigned(open, "assoc-1", at(2))).toMatchObject({
      status: "OPEN",
      assignedTo: "assoc-1",
      firstResponseAt: null,
      updatedAt: at(2),
    });
    expect(resolved(open, at(3))).toMatchObject({ status: "RESOLVED", resolvedAt: at(3), updatedAt: at(3) });
  });
});

describe("the queue", () => {
  const pending = { ...open, id: "case-2", status: "PENDING" as const, assignedTo: "assoc-1" };
  const closed = { ...open, id: "case-3", status: "RESOLVED" as const };

  it("lists every unresolved case unless a status is asked, by assignee or unassigned", () => {
    const cases = [open, pending, closed];
    const ids = (filter: Parameters<typeof inQueue>[1]) => cases.filter((c) => inQueue(c, filter)).map((c) => c.id);
    expect(ids({ status: null })).toEqual(["case-1", "case-2"]);
    expect(ids({ status: "RESOLVED" })).toEqual(["case-3"]);
    expect(ids({ status: null, assignee: null })).toEqual(["case-1"]);
    expect(ids({ status: null, assignee: "assoc-1" })).toEqual(["case-2"]);
    expect(ids({ status: "OPEN", assignee: "assoc-1" })).toEqual([]);
  });

  it("is oldest opened first, ties by id", () => {
    const later = { ...open, id: "case-0", openedAt: at(2) };
    const tie = { ...open, id: "case-0b" };
    expect([later, tie, open].sort(queueOrder).map((c) => c.id)).toEqual(["case-0b", "case-1", "case-0"]);
  });
});

describe("the timeline names who served", () => {
  const facts = { orderId: "ord-1", orderNumber: "OG-1", customerId: "c-1", locationId: "store-01" };
  const event = (type: CustomerEvent["type"], payload: DomainEvent["payload"]) =>
    domainEvent(type, SalesChannel.STORE, payload) as DomainEvent as CustomerEvent;

  it("a pickup and a received return carry the associate when the event names one, and nobody otherwise", () => {
    const pickup = event("FULFILLMENT_PICKED_UP", {
      ...facts,
      fulfillmentId: "f-1",
      associateId: "assoc-1",
    });
    expect(customerChangeOf(pickup)?.interaction?.associateId).toBe("assoc-1");
    const returned = { ...facts, returnId: "r-1", refund: 0, currencyCode: "USD", associateId: "assoc-2" };
    expect(customerChangeOf(event("RETURN_RECEIVED", returned))?.interaction?.associateId).toBe("assoc-2");
    const older = event("FULFILLMENT_PICKED_UP", {
      ...facts,
      fulfillmentId: "f-2",
    });
    expect(customerChangeOf(older)?.interaction?.associateId).toBeNull();
  });
});
