import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { sseSubscribe, wsClient, wsSubscribe } from "../helpers/subscriptions.js";

// The call center works a case while the customer watches it in the app: both subscribed to the case through the
// gateway, the customer over SSE and the agent over WebSocket.

const world = demoWorld();
const openCase = world.serviceCases.find((c) => c.status !== "RESOLVED")!;
const otherCustomer = world.customers.find((c) => c.id !== openCase.customerId)!;
const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;

const CASE_UPDATED = `subscription($id: ID!) {
  serviceCaseUpdated(id: $id) {
    change
    note { body internal author { id } }
    serviceCase { id status notes { body internal } }
  }
}`;
const ADD_NOTE = `mutation($id: ID!, $body: String!, $internal: Boolean) { addServiceNote(caseId: $id, body: $body, internal: $internal) { userErrors { code } } }`;
const RESOLVE = `mutation($id: ID!) { resolveServiceCase(caseId: $id) { userErrors { code } } }`;

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

describe("a service case, live", () => {
  it("the customer hears of public notes without internal ones, staff hear both, and both hear the resolution", async () => {
    const asCustomer = await graph.as("customer", openCase.customerId);
    const asAgent = await graph.as("agent", agent.id);
    const customer = await sseSubscribe(
      `${graph.gateway.origin}/graphql/stream`,
      { query: CASE_UPDATED, variables: { id: openCase.id } },
      asCustomer,
    );
    expect(customer.status).toBe(200);
    const ws = wsClient(graph.gateway.url, asAgent);
    const staff = wsSubscribe(ws, { query: CASE_UPDATED, variables: { id: openCase.id } });
    try {
      // Both are subscribed once their first fetch is done; a note added now is heard.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        (await graph.query(ADD_NOTE, { id: openCase.id, body: "Checked the warehouse notes.", internal: true }, asAgent)).body.data
          .addServiceNote.userErrors,
      ).toEqual([]);
      expect(
        (await graph.query(ADD_NOTE, { id: openCase.id, body: "We are sending a replacement.", internal: false }, asAgent)).body.data
          .addServiceNote.userErrors,
      ).toEqual([]);

      const internalForStaff = await staff.next((p) => p.data?.serviceCaseUpdated?.note?.internal === true);
      expect(internalForStaff.data.serviceCaseUpdated.note).toEqual({
        body: "Checked the warehouse notes.",
        internal: true,
        author: { id: agent.id },
      });
      const publicForStaff = await staff.next((p) => p.data?.serviceCaseUpdated?.note?.body === "We are sending a replacement.");
      expect(publicForStaff.data.serviceCaseUpdated.serviceCase.notes.map((n: { body: string }) => n.body)).toEqual(
        expect.arrayContaining(["Checked the warehouse notes.", "We are sending a replacement."]),
      );

      const publicForCustomer = await customer.next((p) => p.data?.serviceCaseUpdated?.note?.body === "We are sending a replacement.");
      expect(publicForCustomer.errors).toBeUndefined();
      expect(publicForCustomer.data.serviceCaseUpdated.note.internal).toBe(false);
      expect(publicForCustomer.data.serviceCaseUpdated.serviceCase.id).toBe(openCase.id);
      expect(publicForCustomer.data.serviceCaseUpdated.serviceCase.notes.some((n: { internal: boolean }) => n.internal)).toBe(false);
      // Nothing about the internal note ever reached the customer: not as a payload, not as text in one.
      expect(JSON.stringify(customer.events)).not.toContain("warehouse");

      expect((await graph.query(RESOLVE, { id: openCase.id }, asAgent)).body.data.resolveServiceCase.userErrors).toEqual([]);
      const resolved = await customer.next((p) => p.data?.serviceCaseUpdated?.change === "RESOLVED");
      expect(resolved.data.serviceCaseUpdated.serviceCase.status).toBe("RESOLVED");
      expect((await staff.next((p) => p.data?.serviceCaseUpdated?.change === "RESOLVED")).data.serviceCaseUpdated.note).toBeNull();
      // Every payload over SSE carries the bus's id of its event, for Last-Event-ID.
      expect(customer.events.filter((e) => e.event === "next").every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
    } finally {
      customer.close();
      staff.stop();
      await ws.dispose();
    }
  });

  it("another customer cannot subscribe to the case: NOT_FOUND, and the stream ends", async () => {
    const stranger = await sseSubscribe(
      `${graph.gateway.origin}/graphql/stream`,
      { query: CASE_UPDATED, variables: { id: openCase.id } },
      await graph.as("customer", otherCustomer.id),
    );
    const refused = await stranger.next();
    expect(refused.data).toBeNull();
    expect(refused.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["NOT_FOUND"]);
    await stranger.done();
    expect(stranger.events.at(-1)!.event).toBe("complete");
  });
});
