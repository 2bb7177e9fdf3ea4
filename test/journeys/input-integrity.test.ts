import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import {
  agent,
  alice,
  bob,
  carol,
  colleague,
  CREATE_CART,
  elsewhere,
  FIND,
  kioskStore,
  OPEN_CASE,
  orderOf,
  RECORD,
  REGISTER,
  UPDATE,
  world,
} from "../helpers/input-integrity.js";

// Input that cannot lie, as clients meet it through the gateway: what people type is normalized and refused when it
// hides something; emails are one however they are written; cases and interactions name only the customer's own
// orders; a customer's words are labelled as theirs; kiosks credit only their own store's associates.
// Anonymous carts lapsing is in anonymous-lapse.test.ts, the limits the gateway keeps in entity-fetch-limits.test.ts.

describe("input that cannot lie", () => {
  let graph: TestGraph;
  let staff: Record<string, string>;
  beforeAll(async () => {
    graph = await startGraph();
    staff = { ...(await graph.as("agent", agent.id)), "x-channel": "CALL_CENTER" };
  });
  afterAll(() => graph?.close());

  const register = (firstName: string, email: string) =>
    graph.query(REGISTER, { input: { firstName, lastName: "Integrity", email } }, staff).then((a) => a.body.data.registerCustomer);

  it("an email with a trailing NUL is refused, naming the field, and nobody is registered", async () => {
    const refused = await register("Nul", "nul.byte@example.com\u0000");
    expect(refused).toEqual({ customer: null, userErrors: [{ code: "INVALID_TEXT", field: ["input", "email"] }] });
    const found = await graph.query(FIND, { email: "nul.byte@example.com" }, staff);
    expect(found.body.data.findCustomers).toEqual([]);
    // A lookup with one is refused too, not quietly matched against something else.
    const lookup = await graph.query(FIND, { email: "nul.byte@example.com\u0000" }, staff);
    expect(lookup.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: ["email"] });
  });

  it("a name with a right-to-left override (or an isolate, or a zero-width space) is refused", async () => {
    for (const name of ["Eve\u202Egnp.exe", "Mallory\u2067x", "Tr\u200Bent"]) {
      const refused = await register(name, `rtl.${name.length}.${Math.random().toString(36).slice(2)}@example.com`);
      expect(refused).toEqual({ customer: null, userErrors: [{ code: "INVALID_TEXT", field: ["input", "firstName"] }] });
    }
    // Writing that needs a joiner keeps it: a Persian name with a zero-width non-joiner, stored as typed.
    const persian = await register("می\u200Cخواهم", `persian.${Math.random().toString(36).slice(2)}@example.com`);
    expect(persian.userErrors).toEqual([]);
    expect(persian.customer.firstName).toBe("می\u200Cخواهم");
  });

  it("names are stored in NFC: an accent typed as a combining mark reads back as one character", async () => {
    const decomposed = "Jose\u0301";
    const answer = await register(decomposed, `nfc.${Math.random().toString(36).slice(2)}@example.com`);
    expect(answer.customer.firstName).toBe("Jos\u00e9");
  });

  it("two customers differing only by email case, Unicode form or a trailing space cannot both exist; lookups find either form", async () => {
    const tag = Math.random().toString(36).slice(2);
    const first = await register("First", `Zoe.${tag}@Example.com`);
    expect(first.userErrors).toEqual([]);
    for (const variant of [`zoe.${tag}@example.com`, `ZOE.${tag}@EXAMPLE.COM `, ` zoe.${tag}@example.COM`]) {
      expect(await register("Second", variant)).toEqual({
        customer: null,
        userErrors: [{ code: "EMAIL_TAKEN", field: ["input", "email"] }],
      });
    }
    // The same for é composed and decomposed.
    const composed = await register("Third", `ren\u00e9.${tag}@example.com`);
    expect(composed.userErrors).toEqual([]);
    expect(await register("Fourth", `rene\u0301.${tag}@example.com`)).toEqual({
      customer: null,
      userErrors: [{ code: "EMAIL_TAKEN", field: ["input", "email"] }],
    });
    // Moving another profile onto a case variant is refused the same way.
    const moved = await graph.query(UPDATE, { input: { email: `ZOE.${tag}@example.com` }, customerId: composed.customer.id }, staff);
    expect(moved.body.data.updateProfile.userErrors).toEqual([{ code: "EMAIL_TAKEN", field: ["input", "email"] }]);

    const found = await graph.query(FIND, { email: ` ZOE.${tag}@EXAMPLE.com ` }, staff);
    expect(found.body.data.findCustomers).toEqual([{ id: first.customer.id, email: `Zoe.${tag}@Example.com` }]);
    const byDecomposed = await graph.query(FIND, { email: `RENE\u0301.${tag}@example.com` }, staff);
    expect(byDecomposed.body.data.findCustomers.map((c: { id: string }) => c.id)).toEqual([composed.customer.id]);
  });

  it("a customer cannot attach another customer's order to their interaction or case; their own order is fine", async () => {
    const headers = await graph.as("customer", alice.id);
    const foreign = orderOf(bob.id).id;
    const interaction = await graph.query(RECORD, { input: { type: "SERVICE_CONTACT", orderId: foreign } }, headers);
    expect(interaction.body.data.recordInteraction).toEqual({
      interaction: null,
      userErrors: [{ code: "ORDER_NOT_FOUND", field: ["input", "orderId"] }],
    });
    const serviceCase = await graph.query(OPEN_CASE, { input: { subject: "Where is it?", orderId: foreign } }, headers);
    expect(serviceCase.body.data.openServiceCase).toEqual({
      serviceCase: null,
      userErrors: [{ code: "ORDER_NOT_FOUND", field: ["input", "orderId"] }],
    });
    // An order that does not exist reads exactly the same: the answer never tells whether someone else's exists.
    const missing = await graph.query(RECORD, { input: { type: "SERVICE_CONTACT", orderId: "order-does-not-exist" } }, headers);
    expect(missing.body.data.recordInteraction).toEqual(interaction.body.data.recordInteraction);
    expect(JSON.stringify(interaction.body)).not.toContain(bob.id);

    const own = orderOf(alice.id).id;
    const fine = await graph.query(OPEN_CASE, { input: { subject: "Where is it?", orderId: own } }, headers);
    expect(fine.body.data.openServiceCase).toMatchObject({ serviceCase: { orderId: own }, userErrors: [] });
  });

  it("staff may name only orders of the customer the case or interaction is about", async () => {
    const foreign = orderOf(bob.id).id;
    const onCase = await graph.query(
      OPEN_CASE,
      { input: { customerId: carol.id, subject: "Caller asks about an order", orderId: foreign } },
      staff,
    );
    expect(onCase.body.data.openServiceCase.userErrors).toEqual([{ code: "ORDER_NOT_FOUND", field: ["input", "orderId"] }]);
    const onInteraction = await graph.query(RECORD, { input: { type: "SERVICE_CONTACT", customerId: carol.id, orderId: foreign } }, staff);
    expect(onInteraction.body.data.recordInteraction.userErrors).toEqual([{ code: "ORDER_NOT_FOUND", field: ["input", "orderId"] }]);
    const own = await graph.query(
      RECORD,
      { input: { type: "SERVICE_CONTACT", customerId: carol.id, orderId: orderOf(carol.id).id, summary: "Asked about delivery" } },
      staff,
    );
    expect(own.body.data.recordInteraction).toMatchObject({
      interaction: { summary: "Asked about delivery", author: "STAFF", customerNote: null },
      userErrors: [],
    });
  });

  it("a customer's 'Refund approved by agent' shows as their own note under the graph's summary, to them and to staff", async () => {
    const headers = await graph.as("customer", carol.id);
    const recorded = await graph.query(RECORD, { input: { type: "SERVICE_CONTACT", summary: "Refund approved by agent" } }, headers);
    expect(recorded.body.data.recordInteraction).toMatchObject({
      interaction: {
        type: "SERVICE_CONTACT",
        summary: "Contacted customer service",
        customerNote: "Refund approved by agent",
        author: "CUSTOMER",
      },
      userErrors: [],
    });
    const id = recorded.body.data.recordInteraction.interaction.id;
    const seen = await graph.query(
      `query($id: ID!) { customer(id: $id) { timeline(first: 20) { nodes { id summary customerNote author associate { id } } } } }`,
      { id: carol.id },
      staff,
    );
    const entry = seen.body.data.customer.timeline.nodes.find((n: { id: string }) => n.id === id);
    expect(entry).toEqual({
      id,
      summary: "Contacted customer service",
      customerNote: "Refund approved by agent",
      author: "CUSTOMER",
      associate: null,
    });
    expect(seen.body.data.customer.timeline.nodes.filter((n: { summary: string }) => n.summary.includes("Refund approved"))).toEqual([]);
  });

  it("free text keeps its lines but not what hides in them: a case note with a bidi override is refused", async () => {
    const headers = await graph.as("customer", alice.id);
    const multiline = await graph.query(
      OPEN_CASE,
      { input: { subject: "Two things", note: "First line\r\nSecond line\tindented 👩‍💻" } },
      headers,
    );
    expect(multiline.body.data.openServiceCase).toMatchObject({
      serviceCase: { description: "First line\nSecond line\tindented 👩‍💻" },
      userErrors: [],
    });
    const hidden = await graph.query(OPEN_CASE, { input: { subject: "Hidden", note: "Fine text \u202Ereversed" } }, headers);
    expect(hidden.body.data.openServiceCase).toEqual({
      serviceCase: null,
      userErrors: [{ code: "INVALID_TEXT", field: ["input", "note"] }],
    });
    const subject = await graph.query(OPEN_CASE, { input: { subject: "One\nline" } }, headers);
    expect(subject.body.data.openServiceCase.userErrors).toEqual([{ code: "INVALID_TEXT", field: ["input", "subject"] }]);
  });

  it("a kiosk credits only associates of its own store: another store's associate or an unknown id is refused", async () => {
    const kiosk = graph.key("kiosk");
    const other = await graph.query(CREATE_CART, { input: { attribution: { associateId: elsewhere.id } } }, kiosk);
    expect(other.body.data.createCart).toEqual({
      cart: null,
      userErrors: [{ code: "INVALID_ATTRIBUTION", field: ["input", "attribution", "associateId"] }],
    });
    const unknown = await graph.query(CREATE_CART, { input: { attribution: { associateId: "assoc-999" } } }, kiosk);
    expect(unknown.body.data.createCart).toEqual(other.body.data.createCart);
    const own = await graph.query(CREATE_CART, { input: { attribution: { associateId: colleague.id } } }, kiosk);
    expect(own.body.data.createCart).toMatchObject({
      cart: { attribution: { location: { id: kioskStore }, associate: { id: colleague.id } } },
      userErrors: [],
    });
  });

  it("a till sale is credited only to an associate on the staff records at that store", async () => {
    const SALE = `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { id } userErrors { code } } }`;
    const sku = world.stock.find((level) => level.locationId === kioskStore && level.onHand - level.reserved > 5)!.sku;
    const input = { locationId: kioskStore, lines: [{ sku, quantity: 1 }], paymentToken: "tok_visa" };
    // Signed in at the store by the identity provider, but not on the staff records.
    const stranger = await graph.query(SALE, { input }, await graph.as("associate", "assoc-999", kioskStore));
    expect(stranger.body.data.recordStoreSale).toEqual({ order: null, userErrors: [{ code: "INVALID_ATTRIBUTION" }] });
    const seller = await graph.query(SALE, { input }, await graph.as("associate", colleague.id, kioskStore));
    expect(seller.body.data.recordStoreSale).toMatchObject({ order: { id: expect.any(String) }, userErrors: [] });
  });
});
