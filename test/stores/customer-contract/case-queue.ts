import { describe, expect, it } from "vitest";
import type { CaseQueueFilter, CustomerStore } from "../../../subgraphs/customer/store/index.js";
import { after, alice, bob, note, seed, serviceCase, type CustomerStoreHarness } from "./fixtures.js";

/** The queue as the seed alone would answer it: every case the filter asks for, oldest opened first, ties by id. */
function seededQueue(filter: CaseQueueFilter): string[] {
  return seed.serviceCases
    .filter((c) => (filter.status === null ? c.status !== "RESOLVED" : c.status === filter.status))
    .filter((c) => filter.assignee === undefined || (c.assignedTo ?? null) === filter.assignee)
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || (a.id < b.id ? -1 : 1))
    .map((c) => c.id);
}

/** Every id of a queue, read page by page. */
async function wholeQueue(store: CustomerStore, filter: CaseQueueFilter, pageSize = 7): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.serviceCaseQueue(filter, offset, pageSize);
    ids.push(...page.cases.map((c) => c.id));
    if (page.cases.length < pageSize) return ids;
  }
}

/** Which of the queues a case is listed in, by status and assignee. */
async function queuesOf(store: CustomerStore, caseId: string, assignees: (string | null)[]): Promise<string[]> {
  const listed: string[] = [];
  for (const status of [null, "OPEN", "PENDING", "RESOLVED"] as const) {
    for (const assignee of [undefined, ...assignees]) {
      if ((await wholeQueue(store, { status, assignee }, 100)).includes(caseId))
        listed.push(`${status ?? "UNRESOLVED"}:${assignee === undefined ? "any" : (assignee ?? "unassigned")}`);
    }
  }
  return listed;
}

export function caseQueueContract(name: string, harness: CustomerStoreHarness): void {
  describe(`${name} customer store: the service-case queue`, () => {
    it("lists every unresolved seeded case oldest first, paged, with the whole queue's count", async () => {
      const store = await harness.makeStore();
      const expected = seededQueue({ status: null });
      expect(expected.length).toBeGreaterThan(7);
      const first = await store.serviceCaseQueue({ status: null }, 0, 3);
      expect(first.totalCount).toBe(expected.length);
      expect(first.cases.map((c) => c.id)).toEqual(expected.slice(0, 3));
      expect(first.cases[0]).toEqual(seed.serviceCases.find((c) => c.id === expected[0]));
      expect(await wholeQueue(store, { status: null })).toEqual(expected);
      for (const status of ["OPEN", "PENDING", "RESOLVED"] as const)
        expect(await wholeQueue(store, { status })).toEqual(seededQueue({ status }));
      // Nobody is assigned a seeded case.
      expect(await wholeQueue(store, { status: null, assignee: null })).toEqual(expected);
      expect(await store.serviceCaseQueue({ status: null, assignee: "assoc-001" }, 0, 10)).toEqual({ cases: [], totalCount: 0 });
      expect(await store.serviceCaseQueue({ status: null }, 0, 0)).toEqual({ cases: [], totalCount: expected.length });
    });

    it("moves a case between queues as it is opened, answered, assigned, replied to and resolved", async () => {
      const store = await harness.makeStore();
      const agent = seed.associates.find((a) => a.role === "CALL_CENTER_AGENT")!.id;
      const opened = serviceCase(alice.id, { openedAt: after(1), updatedAt: after(1), firstResponseAt: null, assignedTo: null });
      await store.openServiceCase(opened, null);
      expect(await queuesOf(store, opened.id, [null, agent])).toEqual([
        "UNRESOLVED:any",
        "UNRESOLVED:unassigned",
        "OPEN:any",
        "OPEN:unassigned",
      ]);
      // The newest case comes last: the queue is oldest first.
      expect((await wholeQueue(store, { status: null })).at(-1)).toBe(opened.id);

      const answered = await store.addServiceNote(opened.id, note("We are on it.", { createdAt: after(2) }));
      expect(answered).toMatchObject({ status: "UPDATED", serviceCase: { status: "PENDING", firstResponseAt: after(2) } });
      const taken = await store.assignServiceCase(opened.id, agent, after(3));
      expect(taken).toMatchObject({ status: "UPDATED", serviceCase: { status: "PENDING", assignedTo: agent, updatedAt: after(3) } });
      expect(await queuesOf(store, opened.id, [null, agent])).toEqual([
        "UNRESOLVED:any",
        `UNRESOLVED:${agent}`,
        "PENDING:any",
        `PENDING:${agent}`,
      ]);

      // The customer's reply sends the case back to staff: OPEN again, still the agent's, first response unchanged.
      const reply = note("It has still not arrived.", { authorId: alice.id, writtenBy: "CUSTOMER", createdAt: after(4) });
      const replied = await store.addServiceNote(opened.id, reply);
      expect(replied).toMatchObject({
        status: "UPDATED",
        serviceCase: { status: "OPEN", assignedTo: agent, firstResponseAt: after(2), updatedAt: after(4) },
      });
      expect(await queuesOf(store, opened.id, [null, agent])).toEqual([
        "UNRESOLVED:any",
        `UNRESOLVED:${agent}`,
        "OPEN:any",
        `OPEN:${agent}`,
      ]);

      const resolved = await store.resolveServiceCase(opened.id, after(5));
      expect(resolved).toMatchObject({ status: "UPDATED", serviceCase: { status: "RESOLVED", resolvedAt: after(5), updatedAt: after(5) } });
      expect(await queuesOf(store, opened.id, [null, agent])).toEqual(["RESOLVED:any", `RESOLVED:${agent}`]);
      expect(await store.assignServiceCase(opened.id, agent, after(6))).toEqual({
        status: "CASE_RESOLVED",
        serviceCase: (await store.serviceCasesById([opened.id]))[0],
      });
      expect(await store.assignServiceCase("case-nobody", agent, after(6))).toEqual({ status: "NOT_FOUND" });
    });

    it("keeps a case in exactly one assignee's queue when staff of several instances take it, note it and hand it over at once", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const staff = seed.associates.slice(0, 6).map((a) => a.id);
      const opened = serviceCase(bob.id);
      await store.openServiceCase(opened, null);
      await Promise.all([
        ...staff.map((id, n) => instances[n % 4].assignServiceCase(opened.id, id, after(2 + n))),
        ...staff.map((id, n) => instances[(n + 1) % 4].addServiceNote(opened.id, note(`Note ${n}`, { authorId: id }))),
      ]);
      const [stored] = await store.serviceCasesById([opened.id]);
      expect(stored!.notes).toHaveLength(staff.length);
      expect(staff).toContain(stored!.assignedTo);
      expect(await queuesOf(store, opened.id, [null, ...staff])).toEqual([
        "UNRESOLVED:any",
        `UNRESOLVED:${stored!.assignedTo}`,
        "PENDING:any",
        `PENDING:${stored!.assignedTo}`,
      ]);
    });
  });
}
