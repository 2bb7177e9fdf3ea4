import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../../lib/channel.js";
import {
  after,
  alice,
  bob,
  carol,
  casesOf,
  dave,
  interaction,
  loyaltyOnly,
  newCustomer,
  note,
  pointsOf,
  seed,
  serviceCase,
  timeline,
  unique,
  type CustomerStoreHarness,
} from "./fixtures.js";

/** Profiles and service cases, alone and written concurrently from several instances. */
export function profilesAndCasesContract(name: string, harness: CustomerStoreHarness): void {
  describe(`${name} customer store: profiles`, () => {
    it("registers a customer with a new loyalty number and no points, findable by email, phone and loyalty number", async () => {
      const store = await harness.makeStore();
      const profile = newCustomer({ email: "Robin.Okafor@Example.com", phone: "+13125559001" });
      const outcome = await store.registerCustomer(profile);
      expect(outcome.status).toBe("REGISTERED");
      const customer = outcome.status === "REGISTERED" ? outcome.customer : null!;
      expect(customer).toEqual({ ...profile, loyaltyNumber: expect.stringMatching(/^LOY\d{8}$/), loyaltyPoints: 0 });
      expect(seed.customers.map((c) => c.loyaltyNumber)).not.toContain(customer.loyaltyNumber);
      expect(await store.customersById([profile.id])).toEqual([customer]);
      expect(await store.findCustomers({ email: " robin.okafor@example.COM" })).toEqual([customer]);
      expect(await store.findCustomers({ phone: "(312) 555-9001" })).toEqual([customer]);
      expect(await store.findCustomers({ loyaltyNumber: customer.loyaltyNumber })).toEqual([customer]);

      const second = await store.registerCustomer(newCustomer());
      expect(second.status === "REGISTERED" && second.customer.loyaltyNumber).not.toBe(customer.loyaltyNumber);
    });

    it("refuses a second registration of one id, and an email another customer has in any letter case, changing nothing", async () => {
      const store = await harness.makeStore();
      const profile = newCustomer();
      const first = await store.registerCustomer(profile);
      const again = await store.registerCustomer({ ...profile, firstName: "Changed", email: "changed@example.com" });
      expect(again).toEqual({ status: "ALREADY_REGISTERED", customer: first.status === "REGISTERED" ? first.customer : null });
      expect(await store.findCustomers({ email: "changed@example.com" })).toEqual([]);

      expect(await store.registerCustomer(newCustomer({ email: profile.email.toUpperCase() }))).toEqual({ status: "EMAIL_TAKEN" });
      // One address however it is written: a trailing space, another Unicode form of the same letters.
      expect(await store.registerCustomer(newCustomer({ email: `${profile.email} ` }))).toEqual({ status: "EMAIL_TAKEN" });
      const composed = newCustomer({ email: `ren\u00e9.${unique("mail")}@example.com` });
      expect((await store.registerCustomer(composed)).status).toBe("REGISTERED");
      expect(await store.registerCustomer(newCustomer({ email: composed.email.replace("\u00e9", "e\u0301").toUpperCase() }))).toEqual({
        status: "EMAIL_TAKEN",
      });
      expect((await store.findCustomers({ email: composed.email.replace("\u00e9", "e\u0301") })).map((c) => c.id)).toEqual([composed.id]);
      expect(await store.registerCustomer(newCustomer({ email: alice.email }))).toEqual({ status: "EMAIL_TAKEN" });
      expect(await store.findCustomers({ email: alice.email })).toEqual([alice]);
    });

    it("changes only the fields given, re-files a new email and phone, and keeps the points balance", async () => {
      const store = await harness.makeStore();
      await store.applyEvent(unique("evt"), loyaltyOnly(bob.id, { kind: "EARN", orderId: unique("order"), points: 15 }));
      const write = await store.updateCustomer(bob.id, { email: "Bob.New@Example.com", phone: "+13125559002", firstName: "Bobby" });
      const updated = {
        ...bob,
        email: "Bob.New@Example.com",
        phone: "+13125559002",
        firstName: "Bobby",
        loyaltyPoints: pointsOf(bob.id) + 15,
      };
      expect(write).toEqual({ status: "UPDATED", customer: updated });
      expect(await store.customersById([bob.id])).toEqual([updated]);
      expect(await store.findCustomers({ email: bob.email })).toEqual([]);
      expect(await store.findCustomers({ phone: bob.phone })).toEqual([]);
      expect(await store.findCustomers({ email: "bob.new@example.com" })).toEqual([updated]);
      expect(await store.findCustomers({ phone: "312 555 9002" })).toEqual([updated]);
      expect(await store.findCustomers({ loyaltyNumber: bob.loyaltyNumber })).toEqual([updated]);

      // A new letter case of one's own email is no conflict; removing the phone unfiles it.
      const own = await store.updateCustomer(bob.id, { email: "BOB.NEW@example.com", phone: null, preferredStoreId: "store-02" });
      expect(own).toEqual({
        status: "UPDATED",
        customer: { ...updated, email: "BOB.NEW@example.com", phone: null, preferredStoreId: "store-02" },
      });
      expect(await store.findCustomers({ phone: "+13125559002" })).toEqual([]);
    });

    it("refuses an email another customer has and an unknown customer, changing nothing", async () => {
      const store = await harness.makeStore();
      expect(await store.updateCustomer(carol.id, { email: alice.email.toUpperCase(), firstName: "Nope" })).toEqual({
        status: "EMAIL_TAKEN",
      });
      expect(await store.customersById([carol.id])).toEqual([carol]);
      expect(await store.findCustomers({ email: alice.email })).toEqual([alice]);
      expect(await store.updateCustomer("cust-nobody", { firstName: "Ghost" })).toEqual({ status: "NOT_FOUND" });
      expect(await store.customersById(["cust-nobody"])).toEqual([null]);
    });

    it("answers at most the limit asked of findCustomers, lowest ids first", async () => {
      const store = await harness.makeStore();
      const household = ["cust-zz-1", "cust-zz-3", "cust-zz-2"].map((id) =>
        newCustomer({ id, email: `${id}@example.com`, phone: "+13125559777" }),
      );
      for (const member of household) await store.registerCustomer(member);
      expect((await store.findCustomers({ phone: "3125559777" })).map((c) => c.id)).toEqual(["cust-zz-1", "cust-zz-2", "cust-zz-3"]);
      expect((await store.findCustomers({ phone: "3125559777" }, 2)).map((c) => c.id)).toEqual(["cust-zz-1", "cust-zz-2"]);
    });
  });

  describe(`${name} customer store: service cases`, () => {
    it("reads service cases by id, null for an unknown one", async () => {
      const store = await harness.makeStore();
      const [first, last] = [seed.serviceCases[0], seed.serviceCases.at(-1)!];
      expect(await store.serviceCasesById([last.id, "case-nobody", first.id])).toEqual([last, null, first]);
      expect(await store.serviceCasesById([])).toEqual([]);
    });

    it("opens a case first in the customer's list with its contact on the timeline, or nothing for an unknown customer", async () => {
      const store = await harness.makeStore();
      const opened = serviceCase(dave.id, { notes: [note("Customer explained.")], orderId: "order-0001" });
      const contact = interaction({
        id: `ix-${opened.id}`,
        customerId: dave.id,
        type: "SERVICE_CONTACT",
        channel: SalesChannel.CALL_CENTER,
        sku: null,
      });
      expect(await store.openServiceCase(opened, contact)).toEqual(opened);
      expect((await store.serviceCasesByCustomer([dave.id]))[0]).toEqual([opened, ...casesOf(dave.id)]);
      expect(await store.serviceCasesById([opened.id])).toEqual([opened]);
      expect((await timeline(store, dave.id))[0]).toEqual(contact);

      const stranger = serviceCase("cust-nobody");
      expect(await store.openServiceCase(stranger, interaction({ customerId: "cust-nobody" }))).toBeNull();
      expect(await store.serviceCasesById([stranger.id])).toEqual([null]);
      expect(await store.interactionsByCustomer(["cust-nobody"])).toEqual([[]]);
    });

    it("appends notes in order, moves an open case to pending, and resolves it once; a resolved case takes no more", async () => {
      const store = await harness.makeStore();
      const opened = serviceCase(alice.id);
      await store.openServiceCase(opened, null);
      const first = await store.addServiceNote(opened.id, note("Called the carrier."));
      // The first staff note the customer can read is the case's first response.
      expect(first).toEqual({
        status: "UPDATED",
        serviceCase: { ...opened, status: "PENDING", notes: [note("Called the carrier.")], firstResponseAt: after(2), updatedAt: after(2) },
      });
      const second = await store.addServiceNote(opened.id, note("Staff only.", { internal: true }));
      expect(second.status === "UPDATED" && second.serviceCase.notes.map((n) => [n.body, n.internal])).toEqual([
        ["Called the carrier.", false],
        ["Staff only.", true],
      ]);

      const resolved = await store.resolveServiceCase(opened.id, after(3));
      expect(resolved.status === "UPDATED" && resolved.serviceCase).toMatchObject({
        status: "RESOLVED",
        resolvedAt: after(3),
        notes: [{}, {}],
      });
      const stored = (await store.serviceCasesById([opened.id]))[0]!;
      expect(await store.resolveServiceCase(opened.id, after(4))).toEqual({ status: "CASE_RESOLVED", serviceCase: stored });
      expect(await store.addServiceNote(opened.id, note("Too late."))).toEqual({ status: "CASE_RESOLVED", serviceCase: stored });
      expect(await store.serviceCasesById([opened.id])).toEqual([stored]);
      expect(await store.addServiceNote("case-nobody", note("Lost."))).toEqual({ status: "NOT_FOUND" });
      expect(await store.resolveServiceCase("case-nobody", after(5))).toEqual({ status: "NOT_FOUND" });
    });

    it("changes a seeded case found by its id alone", async () => {
      const store = await harness.makeStore();
      const pending = seed.serviceCases.find((c) => c.status === "PENDING")!;
      const write = await store.addServiceNote(pending.id, note("Followed up again."));
      // A seeded case kept no first response: it is its first follow-up after the opening note, and stays that.
      expect(pending.notes[1].createdAt > pending.openedAt).toBe(true);
      expect(write).toEqual({
        status: "UPDATED",
        serviceCase: {
          ...pending,
          notes: [...pending.notes, note("Followed up again.")],
          firstResponseAt: pending.notes[1].createdAt,
          updatedAt: after(2),
        },
      });
      const list = (await store.serviceCasesByCustomer([pending.customerId]))[0];
      expect(list.map((c) => c.id)).toEqual(casesOf(pending.customerId).map((c) => c.id));
      expect(list.find((c) => c.id === pending.id)).toEqual(write.status === "UPDATED" ? write.serviceCase : null);
    });
  });

  describe(`${name} customer store: concurrent profile and case writes from several instances`, () => {
    it("registers exactly one of 10 customers racing for one email", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const email = `${unique("race")}@example.com`;
      const racers = Array.from({ length: 10 }, (_, n) => newCustomer({ email: n % 2 ? email.toUpperCase() : email }));
      const outcomes = await Promise.all(racers.map((profile, n) => instances[n % 4].registerCustomer(profile)));
      expect(outcomes.filter((o) => o.status === "REGISTERED")).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === "EMAIL_TAKEN")).toHaveLength(9);
      const winner = racers[outcomes.findIndex((o) => o.status === "REGISTERED")];
      expect((await store.findCustomers({ email })).map((c) => c.id)).toEqual([winner.id]);
      expect((await store.customersById(racers.map((r) => r.id))).filter(Boolean)).toHaveLength(1);
    });

    it("gives 20 customers registering at once 20 different loyalty numbers", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => instances[n % 4].registerCustomer(newCustomer())));
      const numbers = outcomes.map((o) => (o.status === "REGISTERED" ? o.customer.loyaltyNumber : null));
      expect(numbers.every(Boolean)).toBe(true);
      expect(new Set(numbers).size).toBe(20);
    });

    it("lets exactly one of two customers take a free email at once, and keeps the index in step with the profile", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const email = `${unique("wanted")}@example.com`;
      const outcomes = await Promise.all([alice, bob, alice, bob].map((c, n) => instances[n].updateCustomer(c.id, { email })));
      const winners = new Set(outcomes.flatMap((o) => (o.status === "UPDATED" ? [o.customer.id] : [])));
      expect(winners.size).toBe(1);
      expect(outcomes.filter((o) => o.status === "EMAIL_TAKEN").length).toBeGreaterThanOrEqual(1);
      const [winner] = winners;
      expect((await store.findCustomers({ email })).map((c) => c.id)).toEqual([winner]);
      const loser = winner === alice.id ? bob : alice;
      expect(await store.findCustomers({ email: loser.email })).toEqual(await store.customersById([loser.id]));
    });

    it("leaves a customer whose email changed 12 times at once findable by the last one only, with every other field and point kept", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const emails = Array.from({ length: 12 }, () => `${unique("carol")}@example.com`);
      await Promise.all([
        ...emails.map((email, n) => instances[n % 4].updateCustomer(carol.id, { email })),
        instances[1].updateCustomer(carol.id, { firstName: "Caroline" }),
        instances[2].applyEvent(unique("evt"), loyaltyOnly(carol.id, { kind: "EARN", orderId: unique("order"), points: 7 })),
      ]);
      const [now] = await store.customersById([carol.id]);
      expect(now).toMatchObject({ firstName: "Caroline", loyaltyPoints: pointsOf(carol.id) + 7 });
      expect(emails).toContain(now!.email);
      const found = await Promise.all(emails.map((email) => store.findCustomers({ email })));
      expect(found.filter((list) => list.length > 0)).toEqual([[now]]);
      expect(await store.findCustomers({ email: carol.email })).toEqual([]);
    });

    it("keeps all of 20 notes added to one case at once, and of notes racing its resolution keeps exactly those that answered UPDATED", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const busy = serviceCase(dave.id);
      await store.openServiceCase(busy, null);
      const bodies = Array.from({ length: 20 }, (_, n) => `note ${n}`);
      const writes = await Promise.all(bodies.map((body, n) => instances[n % 4].addServiceNote(busy.id, note(body))));
      expect(writes.every((w) => w.status === "UPDATED")).toBe(true);
      const [stored] = await store.serviceCasesById([busy.id]);
      expect(stored!.notes.map((n) => n.body).sort()).toEqual([...bodies].sort());

      const racing = serviceCase(dave.id);
      await store.openServiceCase(racing, null);
      const outcomes = await Promise.all([
        ...Array.from({ length: 10 }, (_, n) => instances[n % 4].addServiceNote(racing.id, note(`race ${n}`))),
        ...Array.from({ length: 4 }, (_, n) => instances[n].resolveServiceCase(racing.id, after(9))),
      ]);
      const notes = outcomes.slice(0, 10);
      const resolutions = outcomes.slice(10);
      expect(resolutions.filter((o) => o.status === "UPDATED")).toHaveLength(1);
      expect(resolutions.filter((o) => o.status === "CASE_RESOLVED")).toHaveLength(3);
      const [final] = await store.serviceCasesById([racing.id]);
      expect(final!.status).toBe("RESOLVED");
      const kept = notes.flatMap((o, n) => (o.status === "UPDATED" ? [`race ${n}`] : []));
      expect(final!.notes.map((n) => n.body).sort()).toEqual(kept.sort());
      expect(notes.every((o) => o.status === "UPDATED" || o.status === "CASE_RESOLVED")).toBe(true);
    });
  });
}
