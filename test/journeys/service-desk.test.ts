import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import { domainEvent, type DomainEvent } from "../../lib/events.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// A case anyone can continue: an agent opens it on the phone, the customer answers in the app, an associate picks it
// up in the store, and the agent's queue follows it until it is resolved. Pickups and returns name the associate on
// the customer's timeline, and a new profile is announced for guest orders to join.

const world = demoWorld();
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
const associate = world.associates.find((a) => a.role === "STORE_ASSOCIATE" && a.homeStoreId)!;
/** A customer with an order of their own and no case yet in this story; and someone else. */
const order = world.orders.find((o) => o.customerId && world.orders.filter((x) => x.customerId === o.customerId).length >= 2)!;
const caller = world.customers.find((c) => c.id === order.customerId)!;
const stranger = world.customers.find((c) => c.id !== caller.id && !world.orders.some((o) => o.customerId === c.id && o.id === order.id))!;

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const console_ = async () => ({ ...(await graph.as("agent", agent.id)), "x-channel": SalesChannel.CALL_CENTER });
const tablet = async () => ({ ...(await graph.as("associate", associate.id, associate.homeStoreId!)), "x-channel": SalesChannel.STORE });
const app = async (customerId: string) => ({ ...(await graph.as("customer", customerId)), "x-channel": SalesChannel.MOBILE_APP });

const CASE = `id status openedAt firstResponseAt resolvedAt updatedAt orderId order { id number } assignedTo { id name }
  notes { body channel internal writtenBy author { id } }`;
const OPEN = `mutation($input: OpenServiceCaseInput!) { openServiceCase(input: $input) { serviceCase { ${CASE} } userErrors { code } } }`;
const NOTE = `mutation($caseId: ID!, $body: String!, $internal: Boolean) {
  addServiceNote(caseId: $caseId, body: $body, internal: $internal) { serviceCase { ${CASE} } userErrors { code field } }
}`;
const ASSIGN = `mutation($caseId: ID!, $associateId: ID) {
  assignServiceCase(caseId: $caseId, associateId: $associateId) { serviceCase { ${CASE} } userErrors { code field } }
}`;
const RESOLVE = `mutation($caseId: ID!) { resolveServiceCase(caseId: $caseId) { serviceCase { ${CASE} } userErrors { code } } }`;
const READ = `query($id: ID!) { serviceCase(id: $id) { ${CASE} } }`;
const QUEUE = `query($status: ServiceCaseStatus, $assignedTo: ID, $unassigned: Boolean, $first: Int, $after: String) {
  serviceCases(status: $status, assignedTo: $assignedTo, unassigned: $unassigned, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id openedAt status assignedTo { id } }
  }
}`;

/** Every case id of a queue, page by page, checking the pages come oldest opened first. */
async function queue(variables: Record<string, unknown>, headers: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  const opened: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const answer: any = await graph.query(QUEUE, { ...variables, first: 25, after }, headers);
    expect(answer.body.errors).toBeUndefined();
    const { nodes, pageInfo, totalCount } = answer.body.data.serviceCases;
    ids.push(...nodes.map((n: { id: string }) => n.id));
    opened.push(...nodes.map((n: { openedAt: string }) => n.openedAt));
    if (!pageInfo.hasNextPage) {
      expect(ids).toHaveLength(totalCount);
      break;
    }
    after = pageInfo.endCursor;
  }
  expect(opened).toEqual([...opened].sort());
  return ids;
}

describe("a service case anyone can continue", () => {
  let caseId: string;

  it("an agent opens a case about the caller's order; it waits unassigned at the end of the queue", async () => {
    const agentHeaders = await console_();
    const opened = await graph.query(
      OPEN,
      { input: { customerId: caller.id, subject: "Parcel arrived damaged", orderId: order.id, note: "Caller reports a torn box." } },
      agentHeaders,
    );
    expect(opened.body.errors).toBeUndefined();
    const serviceCase = opened.body.data.openServiceCase.serviceCase;
    caseId = serviceCase.id;
    expect(serviceCase).toMatchObject({
      status: "OPEN",
      orderId: order.id,
      // The case's order is the order subgraph's, through the gateway.
      order: { id: order.id, number: order.number },
      assignedTo: null,
      firstResponseAt: null,
      resolvedAt: null,
      updatedAt: serviceCase.openedAt,
      notes: [{ body: "Caller reports a torn box.", channel: "CALL_CENTER", writtenBy: "STAFF", author: { id: agent.id } }],
    });
    const unassigned = await queue({ unassigned: true }, agentHeaders);
    expect(unassigned.at(-1)).toBe(caseId);
    expect(await queue({ status: "OPEN" }, agentHeaders)).toContain(caseId);
    expect(await queue({ status: "PENDING" }, agentHeaders)).not.toContain(caseId);
  });

  it("the agent takes the case; the queue of their cases shows it and the unassigned one no longer does", async () => {
    const agentHeaders = await console_();
    const taken = await graph.query(ASSIGN, { caseId }, agentHeaders);
    expect(taken.body.data.assignServiceCase).toMatchObject({
      serviceCase: { assignedTo: { id: agent.id, name: agent.name } },
      userErrors: [],
    });
    expect(await queue({ assignedTo: agent.id }, agentHeaders)).toContain(caseId);
    expect(await queue({ unassigned: true }, agentHeaders)).not.toContain(caseId);

    const nobody = await graph.query(ASSIGN, { caseId, associateId: "assoc-nobody" }, agentHeaders);
    expect(nobody.body.data.assignServiceCase.userErrors).toEqual([{ code: "UNKNOWN_ASSOCIATE", field: ["associateId"] }]);
    expect(nobody.body.data.assignServiceCase.serviceCase.assignedTo.id).toBe(agent.id);
    const both = await graph.query(QUEUE, { assignedTo: agent.id, unassigned: true }, agentHeaders);
    expect(both.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("the customer reads the case in the app and answers; never internally", async () => {
    const mine = await app(caller.id);
    const read = await graph.query(READ, { id: caseId }, mine);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.serviceCase).toMatchObject({ id: caseId, order: { number: order.number } });

    const reply = await graph.query(NOTE, { caseId, body: "Photos are attached to my email." }, mine);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.addServiceNote).toMatchObject({ serviceCase: { status: "OPEN", firstResponseAt: null }, userErrors: [] });
    expect(reply.body.data.addServiceNote.serviceCase.notes.at(-1)).toEqual({
      body: "Photos are attached to my email.",
      channel: "MOBILE_APP",
      internal: false,
      writtenBy: "CUSTOMER",
      author: null,
    });
    const hidden = await graph.query(NOTE, { caseId, body: "Between us.", internal: true }, mine);
    expect(hidden.body.data.addServiceNote.userErrors).toEqual([{ code: "INTERNAL_NOTE_STAFF_ONLY", field: ["internal"] }]);
    expect(hidden.body.data.addServiceNote.serviceCase.notes).toHaveLength(2);
  });

  it("another customer cannot read, answer or list the case", async () => {
    const theirs = await app(stranger.id);
    const read = await graph.query(READ, { id: caseId }, theirs);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.serviceCase).toBeNull();
    const reply = await graph.query(NOTE, { caseId, body: "Hello?" }, theirs);
    expect(reply.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const list = await graph.query(QUEUE, {}, theirs);
    expect(list.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    // Partners never see cases: the field is not in what a partner key may ask.
    const partner = await graph.query(READ, { id: caseId }, graph.key("partner"));
    expect(partner.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("an associate in the store continues it: the first response; the customer's next reply reopens it", async () => {
    const store = await tablet();
    const continued = await graph.query(NOTE, { caseId, body: "Replacement set aside at the store." }, store);
    expect(continued.body.errors).toBeUndefined();
    const answered = continued.body.data.addServiceNote.serviceCase;
    expect(answered.status).toBe("PENDING");
    expect(answered.firstResponseAt).toEqual(expect.any(String));
    expect(answered.updatedAt).toBe(answered.firstResponseAt);
    expect(answered.notes.at(-1)).toMatchObject({ channel: "STORE", writtenBy: "STAFF", author: { id: associate.id } });
    // Still the agent's case, in their queue as PENDING.
    expect(answered.assignedTo.id).toBe(agent.id);
    expect(await queue({ status: "PENDING", assignedTo: agent.id }, await console_())).toContain(caseId);

    const again = await graph.query(NOTE, { caseId, body: "I will come on Saturday." }, await app(caller.id));
    expect(again.body.data.addServiceNote.serviceCase).toMatchObject({ status: "OPEN", firstResponseAt: answered.firstResponseAt });
  });

  it("the case is resolved in the store; the agent's queue no longer shows it, the resolved queue does", async () => {
    const resolved = await graph.query(RESOLVE, { caseId }, await tablet());
    const serviceCase = resolved.body.data.resolveServiceCase.serviceCase;
    expect(serviceCase).toMatchObject({ status: "RESOLVED", resolvedAt: expect.any(String) });
    expect(serviceCase.updatedAt).toBe(serviceCase.resolvedAt);
    const agentHeaders = await console_();
    expect(await queue({}, agentHeaders)).not.toContain(caseId);
    expect(await queue({ assignedTo: agent.id }, agentHeaders)).not.toContain(caseId);
    expect(await queue({ status: "RESOLVED", assignedTo: agent.id }, agentHeaders)).toEqual([caseId]);
    const late = await graph.query(NOTE, { caseId, body: "One more thing." }, await app(caller.id));
    expect(late.body.data.addServiceNote.userErrors).toEqual([{ code: "CASE_RESOLVED", field: ["caseId"] }]);
  });
});

describe("the timeline names the associate, and new profiles are announced", () => {
  async function publish(event: DomainEvent): Promise<void> {
    await graph.bus.publish(event);
    await graph.bus.drain();
  }
  async function timelineEntry(customerId: string, id: string) {
    const answer = await graph.query(
      `query($id: ID!) { customer(id: $id) { timeline(first: 100) { nodes { id type channel associate { id name } location { id } } } } }`,
      { id: customerId },
      await app(customerId),
    );
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data.customer.timeline.nodes.find((n: { id: string }) => n.id === id);
  }

  it("a pickup handed over and a return received by an associate show who served the customer", async () => {
    const store = associate.homeStoreId!;
    const facts = { orderId: order.id, orderNumber: order.number, customerId: caller.id, locationId: store, associateId: associate.id };
    // The order subgraph's events as it publishes them when an associate completes a pickup and receives a return.
    const pickedUp = domainEvent("FULFILLMENT_PICKED_UP", SalesChannel.STORE, { ...facts, fulfillmentId: "ful-desk-1" });
    const received = domainEvent("RETURN_RECEIVED", SalesChannel.STORE, {
      ...facts,
      returnId: "ret-desk-1",
      refund: 0,
      currencyCode: "USD",
    });
    await publish(pickedUp);
    await publish(received);
    const handedOver = { channel: "STORE", associate: { id: associate.id, name: associate.name }, location: { id: store } };
    expect(await timelineEntry(caller.id, `ix-${pickedUp.id}`)).toMatchObject({ type: "ORDER_PICKED_UP", ...handedOver });
    expect(await timelineEntry(caller.id, `ix-${received.id}`)).toMatchObject({ type: "RETURN_RECEIVED", ...handedOver });

    // Older events name nobody, and the entry says so.
    const { associateId: _nobody, ...older } = facts;
    const anonymous = domainEvent("FULFILLMENT_PICKED_UP", SalesChannel.STORE, { ...older, fulfillmentId: "ful-desk-2" });
    await publish(anonymous);
    expect(await timelineEntry(caller.id, `ix-${anonymous.id}`)).toMatchObject({ type: "ORDER_PICKED_UP", associate: null });
  });

  it("registering a profile announces CUSTOMER_REGISTERED with the email key guest orders are joined by", async () => {
    const heard: DomainEvent[] = [];
    const stop = graph.bus.subscribe("service-desk-test", async (event) => {
      if (event.type === "CUSTOMER_REGISTERED") heard.push(event);
    });
    await graph.bus.ready();
    try {
      const registered = await graph.query(
        `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customer { id } userErrors { code } } }`,
        { input: { firstName: "Ines", lastName: "Duarte", email: "  Ines.Duarte@Example.COM " } },
        await graph.as("customer", "cust-desk-ines"),
      );
      expect(registered.body.data.registerCustomer).toEqual({ customer: { id: "cust-desk-ines" }, userErrors: [] });
      await graph.bus.drain();
      expect(heard.map((e) => e.payload)).toEqual([{ customerId: "cust-desk-ines", email: "ines.duarte@example.com" }]);
      // Registering again is refused and announces nothing more.
      await graph.query(
        `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { userErrors { code } } }`,
        { input: { firstName: "Ines", lastName: "Duarte", email: "ines.duarte@example.com" } },
        await graph.as("customer", "cust-desk-ines"),
      );
      await graph.bus.drain();
      expect(heard).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
