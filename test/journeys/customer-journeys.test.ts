import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { createServiceClient, type ServiceClient } from "../../lib/service-client.js";
import { pointsFor } from "../../subgraphs/customer/rules/loyalty.js";
import { FIND_CUSTOMERS_LIMIT } from "../../subgraphs/customer/services/directory.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import type { CustomerStore } from "../../subgraphs/customer/store/index.js";
import { MemoryCustomerStore } from "../../subgraphs/customer/store/memory.js";
import { createRedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { countingStore, DEFAULT_BACKEND, postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

// A customer's story across channels, as the shopper, the associate's tablet and the agent's console see it through
// the gateway: what they did on the web, at a kiosk and at the till; calling about an order; keeping a profile.

const world = demoWorld();
let redis: RedisClient | null = null;
let counted: ReturnType<typeof countingStore<CustomerStore>>;
let graph: TestGraph;
beforeAll(async () => {
  // Our own customer store, counted, on whichever backend the suite runs.
  if (DEFAULT_BACKEND === "redis") redis = createRedis({ url: inject("redisUrl"), keyPrefix: `test:${randomUUID()}:` });
  counted = countingStore<CustomerStore>(
    redis ? await createRedisCustomerStore(redis, { seed: customerSeed() }) : new MemoryCustomerStore(customerSeed()),
  );
  graph = await startGraph({
    customer: {
      store: counted.store,
      // The inventory subgraph's port is known only once the graph runs: the client is made on first use.
      inventory: (): ServiceClient =>
        createServiceClient({ caller: "customer", url: graph.subgraphs.inventory.url, serviceSecret: graph.auth.serviceSecret }),
    },
  });
});
afterAll(async () => {
  await graph?.close();
  await redis?.quit();
});

const used = new Set<string>();
/** A seeded customer no other story in this file uses. */
function customerWhere(test: (c: (typeof world.customers)[number]) => boolean) {
  const found = world.customers.find((c) => !used.has(c.id) && test(c))!;
  used.add(found.id);
  return found;
}
const channelsOf = (customerId: string) => new Set(world.orders.filter((o) => o.customerId === customerId).map((o) => o.channel));
const hasCart = (customerId: string) => world.carts.some((c) => c.customerId === customerId);

const shopper = customerWhere((c) => channelsOf(c.id).size >= 3);
const caller = customerWhere((c) => c.phone !== null && world.orders.some((o) => o.customerId === c.id && o.channel === SalesChannel.WEB));
const bystander = customerWhere(() => true);
const mover = customerWhere(() => true);
const signsIn = customerWhere((c) => !hasCart(c.id));
const till = "store-01";
const seller = world.associates.find((a) => a.homeStoreId === till)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const storeName = (id: string) => world.locations.find((l) => l.id === id)!.name;
const dc = world.locations.find((l) => l.type === "DISTRIBUTION_CENTER")!;

const RECORD = `mutation($input: RecordInteractionInput!) {
  recordInteraction(input: $input) { interaction { id type channel sku summary location { id } associate { id } } userErrors { code field } }
}`;
const REGISTER = `mutation($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) { customer { id firstName lastName email phone loyalty { number tier points } createdAt } userErrors { code field } }
}`;
const UPDATE = `mutation($input: UpdateProfileInput!, $customerId: ID) {
  updateProfile(input: $input, customerId: $customerId) { customer { id firstName email phone } userErrors { code field } }
}`;
const PREFERRED = `mutation($locationId: ID!, $customerId: ID) {
  setPreferredStore(locationId: $locationId, customerId: $customerId) { customer { id preferredStore { id name } } userErrors { code field } }
}`;
const CASE = `id subject status openedVia orderId description resolvedAt notes { body channel internal author { id name } }`;
const OPEN_CASE = `mutation($input: OpenServiceCaseInput!) { openServiceCase(input: $input) { serviceCase { ${CASE} } userErrors { code field } } }`;
const NOTE = `mutation($caseId: ID!, $body: String!, $internal: Boolean) {
  addServiceNote(caseId: $caseId, body: $body, internal: $internal) { serviceCase { ${CASE} } userErrors { code field } }
}`;
const RESOLVE = `mutation($caseId: ID!) { resolveServiceCase(caseId: $caseId) { serviceCase { ${CASE} } userErrors { code } } }`;
const FIND = `query($email: String, $phone: String) { findCustomers(email: $email, phone: $phone) { id email phone } }`;

/** The clienteling query exactly as the README shows it, so the example cannot rot. */
async function clientelingQuery(): Promise<string> {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const block = readme.match(/### Clienteling[\s\S]*?```graphql\n([\s\S]*?)```/);
  expect(block, "README has a Clienteling example").not.toBeNull();
  return block![1];
}

const customerOf = async (id: string) => ({ ...(await graph.as("customer", id)) });
const staff = async (channel: SalesChannel, role: "associate" | "agent" = "agent") =>
  role === "agent"
    ? { ...(await graph.as("agent", agent.id)), "x-channel": channel }
    : { ...(await graph.as("associate", seller.id, till)), "x-channel": channel };

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

describe("registering and keeping a profile", () => {
  const profile = { firstName: "Noor", lastName: "Haddad", email: "Noor.Haddad@Example.com", phone: "(312) 555-0142" };

  it("a signed-in shopper registers themselves once, as a bronze member with a new loyalty number", async () => {
    const token = await customerOf("cust-journey-noor");
    const answer = await graph.query(REGISTER, { input: profile }, token);
    const { customer, userErrors } = answer.body.data.registerCustomer;
    expect(userErrors).toEqual([]);
    expect(customer).toMatchObject({
      id: "cust-journey-noor",
      firstName: "Noor",
      email: "Noor.Haddad@Example.com",
      phone: "+13125550142",
      loyalty: { tier: "BRONZE", points: 0 },
    });
    expect(customer.loyalty.number).toMatch(/^LOY\d{8}$/);
    expect(world.customers.map((c) => c.loyaltyNumber)).not.toContain(customer.loyalty.number);
    expect((await graph.query(`{ me { id loyalty { number } } }`, undefined, token)).body.data.me).toEqual({
      id: customer.id,
      loyalty: { number: customer.loyalty.number },
    });

    const again = await graph.query(REGISTER, { input: { ...profile, email: "noor.again@example.com" } }, token);
    expect(again.body.data.registerCustomer).toMatchObject({
      customer: { id: customer.id, email: profile.email },
      userErrors: [{ code: "ALREADY_REGISTERED" }],
    });
  });

  it("refuses an email someone has in any letter case, and says which fields are malformed", async () => {
    const token = await customerOf("cust-journey-late");
    const taken = await graph.query(REGISTER, { input: { ...profile, email: bystander.email.toUpperCase() } }, token);
    expect(taken.body.data.registerCustomer).toEqual({ customer: null, userErrors: [{ code: "EMAIL_TAKEN", field: ["input", "email"] }] });

    const malformed = await graph.query(
      REGISTER,
      { input: { firstName: " ", lastName: "x".repeat(81), email: "noor@", phone: "555-CALL-NOW" } },
      token,
    );
    expect(malformed.body.data.registerCustomer).toEqual({
      customer: null,
      userErrors: [
        { code: "INVALID_NAME", field: ["input", "firstName"] },
        { code: "INVALID_NAME", field: ["input", "lastName"] },
        { code: "INVALID_EMAIL", field: ["input", "email"] },
        { code: "INVALID_PHONE", field: ["input", "phone"] },
      ],
    });
    const short = await graph.query(REGISTER, { input: { ...profile, email: "late@example.com", phone: "+1 234 56" } }, token);
    expect(short.body.data.registerCustomer.userErrors).toEqual([{ code: "INVALID_PHONE", field: ["input", "phone"] }]);
    expect((await graph.query(`{ me { id } }`, undefined, token)).body.data.me).toBeNull();
  });

  it("of 10 shoppers registering one email at the same moment, exactly one gets it", async () => {
    const email = "shared.inbox@example.com";
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, n) =>
        graph.query(
          REGISTER,
          { input: { firstName: "Racer", lastName: `No ${n}`, email: n % 2 ? email.toUpperCase() : email } },
          await customerOf(`cust-journey-racer-${n}`),
        ),
      ),
    );
    const payloads = answers.map((a) => a.body.data.registerCustomer);
    const winners = payloads.filter((p) => p.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    expect(payloads.filter((p) => p.userErrors[0]?.code === "EMAIL_TAKEN")).toHaveLength(9);
    const found = await graph.query(FIND, { email }, await staff(SalesChannel.CALL_CENTER));
    expect(found.body.data.findCustomers.map((c: { id: string }) => c.id)).toEqual([winners[0].customer.id]);
  });

  it("an agent registers a caller under a new id, and the caller is found by phone", async () => {
    const console = await staff(SalesChannel.CALL_CENTER);
    const answer = await graph.query(
      REGISTER,
      { input: { firstName: "Sam", lastName: "Rossi", email: "sam.rossi@example.com", phone: "312.555.0199" } },
      console,
    );
    const { customer } = answer.body.data.registerCustomer;
    expect(customer.id).toMatch(/^cust-/);
    expect(customer.id).not.toBe(agent.id);
    const found = await graph.query(FIND, { phone: "3125550199" }, console);
    expect(found.body.data.findCustomers).toEqual([{ id: customer.id, email: "sam.rossi@example.com", phone: "+13125550199" }]);
  });

  it("updateProfile re-files a new email: findCustomers finds the new one and not the old", async () => {
    const token = await customerOf(mover.id);
    const moved = await graph.query(UPDATE, { input: { email: "Moved.Customer@Example.com", phone: "" } }, token);
    expect(moved.body.data.updateProfile).toEqual({
      customer: { id: mover.id, firstName: mover.firstName, email: "Moved.Customer@Example.com", phone: null },
      userErrors: [],
    });
    const counter = await staff(SalesChannel.STORE, "associate");
    expect(
      (await graph.query(FIND, { email: "moved.customer@example.com" }, counter)).body.data.findCustomers.map((c: { id: string }) => c.id),
    ).toEqual([mover.id]);
    expect((await graph.query(FIND, { email: mover.email }, counter)).body.data.findCustomers).toEqual([]);

    const taken = await graph.query(UPDATE, { input: { email: bystander.email, firstName: "Changed" } }, token);
    expect(taken.body.data.updateProfile).toEqual({
      customer: { id: mover.id, firstName: mover.firstName, email: "Moved.Customer@Example.com", phone: null },
      userErrors: [{ code: "EMAIL_TAKEN", field: ["input", "email"] }],
    });
    const invalid = await graph.query(UPDATE, { input: { email: "moved@", lastName: "" } }, token);
    expect(invalid.body.data.updateProfile.userErrors).toEqual([
      { code: "INVALID_NAME", field: ["input", "lastName"] },
      { code: "INVALID_EMAIL", field: ["input", "email"] },
    ]);

    // Staff change a customer they name; a customer naming someone else finds no one.
    const byAgent = await graph.query(
      UPDATE,
      { input: { firstName: "Morgan" }, customerId: mover.id },
      await staff(SalesChannel.CALL_CENTER),
    );
    expect(byAgent.body.data.updateProfile.customer).toMatchObject({
      id: mover.id,
      firstName: "Morgan",
      email: "Moved.Customer@Example.com",
    });
    const unnamed = await graph.query(UPDATE, { input: { firstName: "Nobody" } }, await staff(SalesChannel.CALL_CENTER));
    expect(unnamed.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const someoneElse = await graph.query(UPDATE, { input: { firstName: "Intruder" }, customerId: bystander.id }, token);
    expect(someoneElse.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("setPreferredStore takes a store, and refuses a distribution center or an unknown location", async () => {
    const token = await customerOf(mover.id);
    const refusedDc = await graph.query(PREFERRED, { locationId: dc.id }, token);
    expect(refusedDc.body.data.setPreferredStore).toEqual({
      customer: {
        id: mover.id,
        preferredStore: mover.preferredStoreId ? { id: mover.preferredStoreId, name: storeName(mover.preferredStoreId) } : null,
      },
      userErrors: [{ code: "INVALID_LOCATION", field: ["locationId"] }],
    });
    const unknown = await graph.query(PREFERRED, { locationId: "store-nowhere" }, token);
    expect(unknown.body.data.setPreferredStore.userErrors).toEqual([{ code: "INVALID_LOCATION", field: ["locationId"] }]);
    const chosen = await graph.query(PREFERRED, { locationId: "store-07" }, token);
    expect(chosen.body.data.setPreferredStore).toEqual({
      customer: { id: mover.id, preferredStore: { id: "store-07", name: storeName("store-07") } },
      userErrors: [],
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

describe("lookups stay bounded", () => {
  it(`findCustomers answers at most ${FIND_CUSTOMERS_LIMIT} customers, even when more share a phone`, async () => {
    const console = await staff(SalesChannel.CALL_CENTER);
    for (let n = 0; n <= FIND_CUSTOMERS_LIMIT; n++) {
      const answer = await graph.query(
        REGISTER,
        { input: { firstName: "Flat", lastName: `Mate ${n}`, email: `flatmate.${n}@example.com`, phone: "+1 312 555 0777" } },
        console,
      );
      expect(answer.body.data.registerCustomer.userErrors).toEqual([]);
    }
    const found = await graph.query(FIND, { phone: "3125550777" }, console);
    expect(found.body.data.findCustomers).toHaveLength(FIND_CUSTOMERS_LIMIT);
  });

  it("50 customers' timelines cost one timeline read and one customer read from the store", async () => {
    const ids = world.customers.slice(0, 50).map((c) => c.id);
    counted.reset();
    const answer = await postGraphQL(
      graph.subgraphs.customer.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id timeline(first: 5) { totalCount nodes { id type } } } } }`,
      { r: ids.map((id) => ({ __typename: "Customer", id })) },
      graph.identity({ kind: "agent", id: agent.id }),
    );
    expect(answer.body.errors).toBeUndefined();
    const entities = answer.body.data._entities;
    expect(entities.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(entities.every((e: { timeline: { nodes: unknown[] } }) => e.timeline.nodes.length <= 5)).toBe(true);
    expect(entities.some((e: { timeline: { totalCount: number } }) => e.timeline.totalCount > 5)).toBe(true);
    expect(Object.fromEntries(counted.calls)).toEqual({ customersById: [50], interactionsByCustomer: [50] });
  });
});

describe("a customer keeps their addresses on file", () => {
  it("replaces the saved addresses through updateProfile, validated, and sees them on every channel", async () => {
    const graph = await startGraph();
    try {
      const me = await graph.as("customer", "cust-030");
      const update = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { customer { addresses { line1 city postalCode country } } userErrors { code field } } }`;
      const bad = await graph.query(
        update,
        { input: { addresses: [{ line1: "1 Main St", city: "Chicago", postalCode: "60601", country: "USA" }] } },
        me,
      );
      expect(bad.body.data.updateProfile.userErrors).toEqual([{ code: "INVALID_ADDRESS", field: ["input", "addresses", "0", "country"] }]);
      const saved = await graph.query(
        update,
        {
          input: {
            addresses: [
              { line1: " 233 S Wacker Dr ", city: "Chicago", region: "IL", postalCode: "60606", country: "us" },
              { line1: "1 Main St", city: "Evanston", postalCode: "60201", country: "US" },
            ],
          },
        },
        me,
      );
      expect(saved.body.data.updateProfile.userErrors).toEqual([]);
      expect(saved.body.data.updateProfile.customer.addresses[0]).toEqual({
        line1: "233 S Wacker Dr",
        city: "Chicago",
        postalCode: "60606",
        country: "US",
      });
      const onTheApp = await graph.query(`{ me { addresses { city } } }`, undefined, { ...me, "x-channel": "MOBILE_APP" });
      expect(onTheApp.body.data.me.addresses).toEqual([{ city: "Chicago" }, { city: "Evanston" }]);
    } finally {
      await graph.close();
    }
  });
});
