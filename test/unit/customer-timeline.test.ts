import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import type { DomainEvent } from "../../lib/events.js";
import { customerChangeOf, type CustomerEvent } from "../../subgraphs/customer/rules/event-changes.js";
import { changeUnresolved, resolved, withNote } from "../../subgraphs/customer/rules/service-case.js";
import { mergeTimeline, ownerOf, serviceCaseOrder } from "../../subgraphs/customer/rules/timeline.js";
import type { InteractionRecord, ServiceCaseRecord } from "../../subgraphs/customer/store/records.js";

// Timelines and cases (subgraphs/customer/rules/): their order, merging, where an interaction goes, what each domain
// event puts on a timeline, and how a case changes.

const interaction = (id: string, occurredAt: string, fields: Partial<InteractionRecord> = {}): InteractionRecord => ({
  id,
  customerId: "c-1",
  cartId: null,
  type: "PRODUCT_VIEWED",
  channel: SalesChannel.WEB,
  occurredAt,
  summary: `Viewed ${id}`,
  locationId: null,
  associateId: null,
  orderId: null,
  sku: null,
  ...fields,
});

describe("timelines", () => {
  it("are newest first, ties broken by id descending", () => {
    const merged = mergeTimeline(
      [interaction("ix-a", "2026-01-01T10:00:00.000Z")],
      [interaction("ix-c", "2026-01-02T10:00:00.000Z"), interaction("ix-b", "2026-01-01T10:00:00.000Z")],
    );
    expect(merged.map((i) => i.id)).toEqual(["ix-c", "ix-b", "ix-a"]);
  });

  it("keep one entry per interaction id, the later write winning", () => {
    const merged = mergeTimeline(
      [interaction("ix-a", "2026-01-01T10:00:00.000Z")],
      [interaction("ix-a", "2026-01-01T10:00:00.000Z", { summary: "again" })],
    );
    expect(merged).toHaveLength(1);
    expect(merged[0].summary).toBe("again");
  });

  it("an interaction goes to its customer, else its cart's owner, else waits on its cart", () => {
    expect(ownerOf(interaction("ix", "t"), "c-2")).toEqual({ customerId: "c-1" });
    expect(ownerOf(interaction("ix", "t", { customerId: null, cartId: "cart-1" }), "c-2")).toEqual({ customerId: "c-2" });
    expect(ownerOf(interaction("ix", "t", { customerId: null, cartId: "cart-1" }), null)).toEqual({ cartId: "cart-1" });
    expect(() => ownerOf(interaction("ix", "t", { customerId: null }), null)).toThrow(/customerId or a cartId/);
  });
});

describe("what a domain event puts on a timeline", () => {
  const order = {
    orderId: "ord-1",
    orderNumber: "W-1",
    customerId: "c-1",
    locationId: "store-01",
    associateId: "assoc-1",
    total: 12_399,
    currencyCode: "USD",
    lines: [{ sku: "S", quantity: 2 }],
  };
  const event = (type: CustomerEvent["type"], payload: object, channel: SalesChannel | null = SalesChannel.WEB) =>
    ({ id: "ev-1", type, occurredAt: "2026-01-01T10:00:00.000Z", channel, payload }) as DomainEvent as CustomerEvent;

  it("a placed order earns a point per whole dollar, on an interaction whose id derives from the event", () => {
    const change = customerChangeOf(event("ORDER_PLACED", order));
    expect(change?.interaction).toMatchObject({ id: "ix-ev-1", type: "ORDER_PLACED", associateId: "assoc-1", author: "SYSTEM" });
    expect(change?.loyalty).toEqual({ kind: "EARN", orderId: "ord-1", points: 123 });
  });

  it("a till sale is in store whatever device rang it up", () => {
    const change = customerChangeOf(event("STORE_SALE_RECORDED", order, SalesChannel.KIOSK));
    expect(change?.interaction).toMatchObject({
      type: "STORE_PURCHASE",
      channel: SalesChannel.STORE,
      summary: "Bought 2 items in store, order W-1",
    });
  });

  it("a cancellation is a service contact only on a staffed channel, and always revokes", () => {
    expect(customerChangeOf(event("ORDER_CANCELLED", order, SalesChannel.CALL_CENTER))?.interaction?.type).toBe("SERVICE_CONTACT");
    const selfService = customerChangeOf(event("ORDER_CANCELLED", order, SalesChannel.WEB));
    expect(selfService?.interaction).toBeNull();
    expect(selfService?.loyalty).toEqual({ kind: "REVOKE", orderId: "ord-1" });
  });

  it("a received return deducts the refunded dollars; an anonymous order and the retailer's steps change nothing", () => {
    const returned = { ...order, returnId: "ret-1", refund: 5_050 };
    expect(customerChangeOf(event("RETURN_RECEIVED", returned))?.loyalty).toEqual({ kind: "DEDUCT", orderId: "ord-1", points: 50 });
    expect(customerChangeOf(event("ORDER_PLACED", { ...order, customerId: null }))).toBeNull();
    expect(customerChangeOf(event("FULFILLMENT_SHIPPED", { ...order, fulfillmentId: "f-1" }))).toBeNull();
  });
});

describe("service cases", () => {
  const open: ServiceCaseRecord = {
    id: "case-1",
    customerId: "c-1",
    subject: "Late",
    status: "OPEN",
    openedVia: SalesChannel.WEB,
    openedAt: "2026-01-01T10:00:00.000Z",
    orderId: null,
    notes: [],
  };
  const note = { authorId: "agent-1", body: "Called back", channel: SalesChannel.CALL_CENTER, createdAt: "2026-01-02T10:00:00.000Z" };

  it("a note is appended and makes an OPEN case PENDING", () => {
    expect(withNote(open, note)).toMatchObject({ status: "PENDING", notes: [note] });
  });

  it("resolved is final: a later change is refused with the case as it is", () => {
    const closed = resolved(open, "2026-01-03T10:00:00.000Z");
    expect(changeUnresolved(open, (c) => withNote(c, note)).status).toBe("UPDATED");
    expect(changeUnresolved(closed, (c) => withNote(c, note))).toEqual({ status: "CASE_RESOLVED", serviceCase: closed });
  });

  it("a customer's cases are listed newest first", () => {
    const later = { ...open, id: "case-2", openedAt: "2026-02-01T10:00:00.000Z" };
    expect([open, later].sort(serviceCaseOrder).map((c) => c.id)).toEqual(["case-2", "case-1"]);
  });
});
