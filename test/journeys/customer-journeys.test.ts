import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { pointsFor } from "../../subgraphs/customer/rules/loyalty.js";
import {
  agent,
  bystander,
  caller,
  CASE,
  clientelingQuery,
  customerOf,
  dc,
  graph,
  NOTE,
  OPEN_CASE,
  RECORD,
  RESOLVE,
  FIND,
  seller,
  shopper,
  signsIn,
  staff,
  storeName,
  till,
  useCustomerJourneyGraph,
  world,
} from "../helpers/customer-journeys.js";
import { postGraphQL } from "../helpers/graph.js";

// A customer's story across channels, as the shopper, the associate's tablet and the agent's console see it through
// the gateway: what they did on the web, at a kiosk and at the till; calling about an order; what clients may record.
// Keeping a profile is in customer-profile.test.ts.

useCustomerJourneyGraph();

describe("an associate's tablet shows what the shopper did on every channel", () => {
  it("a product viewed on the website, a kiosk check-in and a purchase at the till show first, newest first, with their channels", async () => {
    const shopperToken = await customerOf(shopper.id);
    const sku = world.variants[7].sku;
    const viewed = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED", sku } }, { ...shopperToken, "x-channel": "WEB" });
    expect(viewed.body.data.recordInteraction).toMatchObject({
      interaction: { type: "PRODUCT_VIEWED", channel: "WEB", sku, summary: `Viewed ${sku}`, location: null, associate: null },
      userErrors: [],
    });

    // At the kiosk the shopper signs in; the kiosk's key says where they are.
    const visit = await graph.query(RECORD, { input: { type: "STORE_VISIT" } }, { ...graph.key("kiosk"), ...shopperToken });
    expect(visit.body.data.recordInteraction).toMatchObject({
      interaction: { type: "STORE_VISIT", channel: "KIOSK", location: { id: till } },
      userErrors: [],
    });

    const stocked = world.stock.find((s) => s.locationId === till && s.onHand - s.reserved >= 3)!;
    const sale = await graph.query(
      `mutation($input: StoreSaleInput!) { recordStoreSale(input: $input) { order { id number total { amount } } userErrors { code } } }`,
      { input: { locationId: till, lines: [{ sku: stocked.sku, quantity: 1 }], customerId: shopper.id, paymentToken: "tok_visa" } },
      await staff(SalesChannel.STORE, "associate"),
    );
    expect(sale.body.data.recordStoreSale.userErrors).toEqual([]);
    const order = sale.body.data.recordStoreSale.order;
    await graph.bus.drain();

    const answer = await graph.query(await clientelingQuery(), { id: shopper.id }, await staff(SalesChannel.STORE, "associate"));
    expect(answer.body.errors).toBeUndefined();
    const seen = answer.body.data.customer;
    expect(seen).toMatchObject({
      id: shopper.id,
      firstName: shopper.firstName,
      email: shopper.email,
      loyalty: { number: shopper.loyaltyNumber },
    });
    expect(seen.loyalty.points).toBe(shopper.loyaltyPoints + pointsFor(Math.round(Number(order.total.amount) * 100)));
    expect(seen.preferredStore?.id ?? null).toBe(shopper.preferredStoreId);

    const timeline = seen.timeline.nodes;
    expect(timeline.length).toBeLessThanOrEqual(20);
    expect(timeline.slice(0, 3).map((n: { type: string; channel: string }) => [n.type, n.channel])).toEqual([
      ["STORE_PURCHASE", "STORE"],
      ["STORE_VISIT", "KIOSK"],
      ["PRODUCT_VIEWED", "WEB"],
    ]);
    expect(timeline[0]).toMatchObject({ orderId: order.id, location: { name: storeName(till) }, associate: { name: seller.name } });
    expect(timeline[1].location).toEqual({ name: storeName(till) });
    expect(timeline[2].sku).toBe(sku);
    const times = timeline.map((n: { occurredAt: string }) => n.occurredAt);
    expect(times).toEqual([...times].sort().reverse());

    // Orders from every channel, the till sale first, each with its fulfilment status.
    expect(seen.orders.totalCount).toBe(world.orders.filter((o) => o.customerId === shopper.id).length + 1);
    expect(seen.orders.nodes[0]).toMatchObject({ number: order.number, channel: "STORE", fulfillments: [{ status: "PICKED_UP" }] });
    expect(new Set(seen.orders.nodes.map((o: { channel: string }) => o.channel)).size).toBeGreaterThan(1);
    const unresolved = world.serviceCases.filter((c) => c.customerId === shopper.id && c.status !== "RESOLVED").length;
    expect(seen.open.length + seen.pending.length).toBe(unresolved);
  });
});

describe("a customer calls about a web order", () => {
  const webOrder = world.orders.find((o) => o.customerId === caller.id && o.channel === SalesChannel.WEB)!;
  let caseId: string;

  it("the agent finds them by phone typed another way, opens a case about the order and adds notes", async () => {
    const console = await staff(SalesChannel.CALL_CENTER);
    const digits = caller.phone!.replace(/\D/g, "").slice(1);
    const found = await graph.query(FIND, { phone: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` }, console);
    expect(found.body.data.findCustomers.map((c: { id: string }) => c.id)).toEqual([caller.id]);

    const opened = await graph.query(
      OPEN_CASE,
      {
        input: {
          customerId: caller.id,
          subject: "Parcel has not arrived",
          orderId: webOrder.id,
          note: "Caller says the parcel has not arrived.",
        },
      },
      console,
    );
    expect(opened.body.data.openServiceCase.userErrors).toEqual([]);
    const serviceCase = opened.body.data.openServiceCase.serviceCase;
    expect(serviceCase).toMatchObject({
      status: "OPEN",
      openedVia: "CALL_CENTER",
      orderId: webOrder.id,
      description: null,
      notes: [
        {
          body: "Caller says the parcel has not arrived.",
          channel: "CALL_CENTER",
          internal: false,
          author: { id: agent.id, name: agent.name },
        },
      ],
    });
    caseId = serviceCase.id;

    const noted = await graph.query(NOTE, { caseId, body: "Carrier trace opened; we will call back tomorrow." }, console);
    expect(noted.body.data.addServiceNote.serviceCase).toMatchObject({
      status: "PENDING",
      notes: [{}, { body: "Carrier trace opened; we will call back tomorrow." }],
    });
    const internal = await graph.query(NOTE, { caseId, body: "Carrier is slow in this area.", internal: true }, console);
    expect(internal.body.data.addServiceNote.serviceCase.notes).toHaveLength(3);
    const blank = await graph.query(NOTE, { caseId, body: "   " }, console);
    expect(blank.body.data.addServiceNote.userErrors).toEqual([{ code: "INVALID_NOTE", field: ["body"] }]);
  });

  it("the customer sees the case in the app with the notes written to them, and the call on their timeline", async () => {
    const app = { ...(await customerOf(caller.id)), "x-channel": "MOBILE_APP" };
    const answer = await graph.query(
      `{ me { serviceCases { ${CASE} } timeline(first: 1) { nodes { type channel summary orderId associate { name } } } } }`,
      undefined,
      app,
    );
    expect(answer.body.errors).toBeUndefined();
    const mine = answer.body.data.me.serviceCases.find((c: { id: string }) => c.id === caseId);
    expect(mine).toMatchObject({ subject: "Parcel has not arrived", status: "PENDING", orderId: webOrder.id });
    // The staff-only note is not among them.
    expect(mine.notes.map((n: { body: string }) => n.body)).toEqual([
      "Caller says the parcel has not arrived.",
      "Carrier trace opened; we will call back tomorrow.",
    ]);
    expect(answer.body.data.me.timeline.nodes[0]).toEqual({
      type: "SERVICE_CONTACT",
      channel: "CALL_CENTER",
      summary: "Opened service case: Parcel has not arrived",
      orderId: webOrder.id,
      associate: { name: agent.name },
    });
  });

  it("another customer cannot see the case, open one for them, or write in it", async () => {
    const other = await customerOf(bystander.id);
    const peek = await graph.query(`query($id: ID!) { customer(id: $id) { serviceCases { id } } }`, { id: caller.id }, other);
    expect(peek.body.data.customer).toBeNull();
    const own = await graph.query(`{ me { serviceCases { id } } }`, undefined, other);
    expect(own.body.data.me.serviceCases.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const direct = await postGraphQL(
      graph.subgraphs.customer.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { serviceCases { id } } } }`,
      { r: [{ __typename: "Customer", id: caller.id }] },
      graph.identity({ kind: "customer", id: bystander.id }),
    );
    expect(direct.body.data._entities).toEqual([null]);
    const forThem = await graph.query(OPEN_CASE, { input: { customerId: caller.id, subject: "Pretending" } }, other);
    expect(forThem.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const write = await graph.query(NOTE, { caseId, body: "Hello" }, other);
    expect(write.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("the agent resolves the case once; it takes no more notes", async () => {
    const console = await staff(SalesChannel.CALL_CENTER);
    const resolved = await graph.query(RESOLVE, { caseId }, console);
    expect(resolved.body.data.resolveServiceCase).toMatchObject({
      serviceCase: { status: "RESOLVED", resolvedAt: expect.any(String) },
      userErrors: [],
    });
    const again = await graph.query(RESOLVE, { caseId }, console);
    expect(again.body.data.resolveServiceCase.userErrors).toEqual([{ code: "CASE_RESOLVED" }]);
    const late = await graph.query(NOTE, { caseId, body: "One more thing" }, console);
    expect(late.body.data.addServiceNote).toMatchObject({ serviceCase: { notes: [{}, {}, {}] }, userErrors: [{ code: "CASE_RESOLVED" }] });
    const unknown = await graph.query(RESOLVE, { caseId: "case-nobody" }, console);
    expect(unknown.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("a customer opens a case in the app in their own words", async () => {
    const app = { ...(await customerOf(caller.id)), "x-channel": "MOBILE_APP" };
    const opened = await graph.query(OPEN_CASE, { input: { subject: "Wrong size", note: "The jacket is a size too small." } }, app);
    expect(opened.body.data.openServiceCase).toMatchObject({
      serviceCase: { status: "OPEN", openedVia: "MOBILE_APP", description: "The jacket is a size too small.", notes: [] },
      userErrors: [],
    });
    const blank = await graph.query(OPEN_CASE, { input: { subject: "  " } }, app);
    expect(blank.body.data.openServiceCase).toEqual({
      serviceCase: null,
      userErrors: [{ code: "INVALID_SUBJECT", field: ["input", "subject"] }],
    });
  });
});

describe("what clients may record on the timeline", () => {
  it("an anonymous shopper's product view follows them to their timeline when they sign in and claim the cart", async () => {
    const web = { "x-channel": "WEB" };
    const cart = await graph.query(`mutation { createCart(input: {}) { cart { id } } }`, undefined, web);
    const cartId = cart.body.data.createCart.cart.id;
    const sku = world.variants[3].sku;
    const viewed = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED", sku, cartId } }, web);
    expect(viewed.body.data.recordInteraction.userErrors).toEqual([]);
    const viewId = viewed.body.data.recordInteraction.interaction.id;

    const app = { ...(await customerOf(signsIn.id)), "x-channel": "MOBILE_APP" };
    const attached = await graph.query(
      `mutation($id: ID!) { attachCartToCustomer(cartId: $id) { userErrors { code } } }`,
      { id: cartId },
      app,
    );
    expect(attached.body.data.attachCartToCustomer.userErrors).toEqual([]);
    await graph.bus.drain();
    const mine = await graph.query(`{ me { timeline(first: 1) { nodes { id type channel sku } } } }`, undefined, app);
    expect(mine.body.data.me.timeline.nodes).toEqual([{ id: viewId, type: "PRODUCT_VIEWED", channel: "WEB", sku }]);
  });

  it("refuses what only events record, a view without a variant, a kiosk claiming another store, and an anonymous caller naming a customer", async () => {
    const shopperToken = await customerOf(signsIn.id);
    const placed = await graph.query(RECORD, { input: { type: "ORDER_PLACED", orderId: "order-0001" } }, shopperToken);
    expect(placed.body.data.recordInteraction).toEqual({
      interaction: null,
      userErrors: [{ code: "TYPE_NOT_RECORDABLE", field: ["input", "type"] }],
    });
    const noSku = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED" } }, shopperToken);
    expect(noSku.body.data.recordInteraction.userErrors).toEqual([{ code: "SKU_REQUIRED", field: ["input", "sku"] }]);
    const elsewhere = await graph.query(
      RECORD,
      { input: { type: "STORE_VISIT", locationId: "store-05" } },
      { ...graph.key("kiosk"), ...shopperToken },
    );
    expect(elsewhere.body.data.recordInteraction.userErrors).toEqual([{ code: "INVALID_LOCATION", field: ["input", "locationId"] }]);
    const atDc = await graph.query(RECORD, { input: { type: "STORE_VISIT", locationId: dc.id } }, shopperToken);
    expect(atDc.body.data.recordInteraction.userErrors).toEqual([{ code: "INVALID_LOCATION", field: ["input", "locationId"] }]);
    const anonymous = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED", sku: "SKU-0001-01", customerId: signsIn.id } });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a call-center contact is credited to the signed-in agent", async () => {
    const answer = await graph.query(
      RECORD,
      { input: { type: "SERVICE_CONTACT", customerId: bystander.id, summary: "Asked about store hours" } },
      await staff(SalesChannel.CALL_CENTER),
    );
    expect(answer.body.data.recordInteraction).toEqual({
      interaction: {
        id: expect.any(String),
        type: "SERVICE_CONTACT",
        channel: "CALL_CENTER",
        sku: null,
        summary: "Asked about store hours",
        location: null,
        associate: { id: agent.id },
      },
      userErrors: [],
    });
  });
});
