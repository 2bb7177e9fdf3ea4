import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { DEMO_NOW } from "../../lib/demo/world.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import type {
  CustomerChange,
  CustomerStore,
  InteractionRecord,
  NewCustomer,
  ServiceCaseRecord,
  ServiceNoteRecord,
} from "../../subgraphs/customer/store/index.js";

/**
 * What every CustomerStore must do, whatever holds the data: the memory store and the Redis store run the same
 * stories. `instancesOf` gives several handles on one store's data, as several customer-subgraph instances sharing
 * one Redis would have; the memory store, living in one process, can only hand back itself.
 */
export interface CustomerStoreHarness {
  /** A store holding the demo seed and nothing else, shared with no other call; pending interactions lapsing as `options` say. */
  makeStore(options?: { anonymousInteractionTtlSeconds?: number }): Promise<CustomerStore>;
  instancesOf(store: CustomerStore, count: number): Promise<CustomerStore[]>;
}

const seed = customerSeed();
const newestFirst =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T) =>
    at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));
const timelineOf = (customerId: string) =>
  seed.interactions
    .filter((i) => i.customerId === customerId)
    .sort(
      newestFirst(
        (i) => i.occurredAt,
        (i) => i.id,
      ),
    );
const casesOf = (customerId: string) =>
  seed.serviceCases
    .filter((c) => c.customerId === customerId)
    .sort(
      newestFirst(
        (c) => c.openedAt,
        (c) => c.id,
      ),
    );
const pointsOf = (customerId: string) => seed.customers.find((c) => c.id === customerId)!.loyaltyPoints;

/** Minutes after the demo world's "now": newer than anything seeded. */
const after = (minutes: number) => new Date(DEMO_NOW + minutes * 60_000).toISOString();
let sequence = 0;
const unique = (what: string) => `${what}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

function interaction(fields: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id: unique("ix"),
    customerId: null,
    cartId: null,
    type: "PRODUCT_VIEWED",
    channel: SalesChannel.WEB,
    occurredAt: after(1),
    summary: "Viewed SKU-0001-01",
    locationId: null,
    associateId: null,
    orderId: null,
    sku: "SKU-0001-01",
    ...fields,
  };
}

/** An order placement as the event consumer turns it into a change: a timeline entry and points earned. */
function placement(customerId: string, orderId: string, points: number, minutes = 1): CustomerChange {
  return {
    customerId,
    interaction: interaction({
      id: unique("ix-order"),
      customerId,
      type: "ORDER_PLACED",
      occurredAt: after(minutes),
      orderId,
      summary: `Placed ${orderId}`,
      sku: null,
    }),
    loyalty: { kind: "EARN", orderId, points },
  };
}

const loyaltyOnly = (customerId: string, loyalty: CustomerChange["loyalty"]): CustomerChange => ({
  customerId,
  interaction: null,
  loyalty,
});

async function points(store: CustomerStore, customerId: string): Promise<number> {
  const [customer] = await store.customersById([customerId]);
  return customer!.loyaltyPoints;
}

async function timeline(store: CustomerStore, customerId: string): Promise<InteractionRecord[]> {
  const [list] = await store.interactionsByCustomer([customerId]);
  return list;
}

/** A profile nobody has registered: its own id and email. */
function newCustomer(fields: Partial<NewCustomer> = {}): NewCustomer {
  const id = unique("cust-new");
  return {
    id,
    firstName: "Robin",
    lastName: "Okafor",
    email: `${id}@example.com`,
    phone: null,
    addresses: [],
    preferredStoreId: null,
    createdAt: after(1),
    ...fields,
  };
}

function serviceCase(customerId: string, fields: Partial<ServiceCaseRecord> = {}): ServiceCaseRecord {
  return {
    id: unique("case"),
    customerId,
    subject: "Where is my order?",
    status: "OPEN",
    openedVia: SalesChannel.CALL_CENTER,
    openedAt: after(1),
    orderId: null,
    notes: [],
    description: null,
    resolvedAt: null,
    ...fields,
  };
}

function note(body: string, fields: Partial<ServiceNoteRecord> = {}): ServiceNoteRecord {
  return { authorId: seed.associates.at(-1)!.id, body, channel: SalesChannel.CALL_CENTER, createdAt: after(2), internal: false, ...fields };
}

export function customerStoreContract(name: string, harness: CustomerStoreHarness): void {
  const withCases = [...new Set(seed.serviceCases.map((c) => c.customerId))];
  const withoutPhone = seed.customers.find((c) => !c.phone)!;
  const [alice, bob, carol, dave] = seed.customers.filter((c) => c.phone);

  describe(`${name} customer store: reads`, () => {
    it("answers customers by id in the order asked, null for an unknown id, the same record for a repeated id", async () => {
      const store = await harness.makeStore();
      const answer = await store.customersById([bob.id, "cust-nobody", alice.id, bob.id]);
      expect(answer).toEqual([bob, null, alice, bob]);
      expect(await store.customersById([])).toEqual([]);
    });

    it("answers associates by id, null for an unknown one", async () => {
      const store = await harness.makeStore();
      const [first, last] = [seed.associates[0], seed.associates.at(-1)!];
      expect(await store.associatesById([last.id, "assoc-nobody", first.id])).toEqual([last, null, first]);
    });

    it("reads each customer's timeline newest first, and an empty one for a customer with no history", async () => {
      const store = await harness.makeStore();
      const answer = await store.interactionsByCustomer([alice.id, "cust-nobody", carol.id]);
      expect(answer).toEqual([timelineOf(alice.id), [], timelineOf(carol.id)]);
      expect(answer[0].length).toBeGreaterThan(1);
    });

    it("reads each customer's service cases newest first", async () => {
      const store = await harness.makeStore();
      const ids = [...withCases.slice(0, 3), "cust-nobody"];
      expect(await store.serviceCasesByCustomer(ids)).toEqual(ids.map(casesOf));
    });

    it("finds a customer by email in any case, by phone however it is typed, and by loyalty number", async () => {
      const store = await harness.makeStore();
      expect(await store.findCustomers({ email: `  ${alice.email.toUpperCase()} ` })).toEqual([alice]);
      const digits = alice.phone!.replace(/\D/g, "");
      const typed = `(${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`;
      expect(await store.findCustomers({ phone: typed })).toEqual([alice]);
      expect(await store.findCustomers({ phone: `+${digits.slice(0, 1)} ${digits.slice(1)}` })).toEqual([alice]);
      expect(await store.findCustomers({ loyaltyNumber: ` ${bob.loyaltyNumber}` })).toEqual([bob]);
      expect(await store.findCustomers({ email: carol.email, phone: carol.phone, loyaltyNumber: carol.loyaltyNumber })).toEqual([carol]);
    });

    it("finds nobody when the details given belong to different customers, or to no one", async () => {
      const store = await harness.makeStore();
      expect(await store.findCustomers({ email: alice.email, loyaltyNumber: bob.loyaltyNumber })).toEqual([]);
      expect(await store.findCustomers({ email: "nobody@example.com" })).toEqual([]);
      expect(await store.findCustomers({ phone: "" })).toEqual([]);
      expect(await store.findCustomers({ email: withoutPhone.email, phone: "" })).toEqual([]);
      await expect(store.findCustomers({})).rejects.toThrow(/at least one/);
    });

    it("lists associates by store, by role, by both, or all of them, by id", async () => {
      const store = await harness.makeStore();
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const storeId = seed.associates.find((a) => a.homeStoreId)!.homeStoreId!;
      expect(await store.listAssociates({ storeId })).toEqual(seed.associates.filter((a) => a.homeStoreId === storeId).sort(byId));
      expect(await store.listAssociates({ role: "CALL_CENTER_AGENT" })).toEqual(
        seed.associates.filter((a) => a.role === "CALL_CENTER_AGENT").sort(byId),
      );
      expect(await store.listAssociates({ storeId, role: "STORE_MANAGER" })).toEqual(
        seed.associates.filter((a) => a.homeStoreId === storeId && a.role === "STORE_MANAGER").sort(byId),
      );
      expect(await store.listAssociates({})).toEqual([...seed.associates].sort(byId));
      expect(await store.listAssociates({ storeId: "store-nowhere" })).toEqual([]);
    });
  });

  describe(`${name} customer store: domain events`, () => {
    it("applies an order placement once: the timeline gains it first, the customer earns its points, a redelivery changes nothing", async () => {
      const store = await harness.makeStore();
      const change = placement(alice.id, unique("order"), 120);
      // The change names the customer; an interaction that forgot to is filed under them all the same.
      change.interaction = { ...change.interaction!, customerId: null };
      expect(await store.applyEvent("evt-1", change)).toBe("APPLIED");
      const [first] = await timeline(store, alice.id);
      expect(first).toEqual({ ...change.interaction, customerId: alice.id });
      expect(await points(store, alice.id)).toBe(pointsOf(alice.id) + 120);

      expect(await store.applyEvent("evt-1", change)).toBe("DUPLICATE");
      expect(await timeline(store, alice.id)).toHaveLength(timelineOf(alice.id).length + 1);
      expect(await points(store, alice.id)).toBe(pointsOf(alice.id) + 120);
    });

    it("records an event for an unknown customer without applying it, so its redelivery is a duplicate", async () => {
      const store = await harness.makeStore();
      const change = placement("cust-nobody", unique("order"), 50);
      expect(await store.applyEvent("evt-stranger", change)).toBe("UNKNOWN_CUSTOMER");
      expect(await store.applyEvent("evt-stranger", change)).toBe("DUPLICATE");
      expect(await store.customersById(["cust-nobody"])).toEqual([null]);
      expect(await store.interactionsByCustomer(["cust-nobody"])).toEqual([[]]);
    });

    it("lets an order earn once however many events announce it", async () => {
      const store = await harness.makeStore();
      const orderId = unique("order");
      expect(await store.applyEvent("evt-placed", placement(bob.id, orderId, 80))).toBe("APPLIED");
      expect(await store.applyEvent("evt-sale", loyaltyOnly(bob.id, { kind: "EARN", orderId, points: 80 }))).toBe("APPLIED");
      expect(await points(store, bob.id)).toBe(pointsOf(bob.id) + 80);
    });

    it("takes refunds back, then gives back on cancellation only what the order still holds", async () => {
      const store = await harness.makeStore();
      const orderId = unique("order");
      await store.applyEvent("evt-a", placement(carol.id, orderId, 100));
      await store.applyEvent("evt-b", loyaltyOnly(carol.id, { kind: "DEDUCT", orderId, points: 30 }));
      expect(await points(store, carol.id)).toBe(pointsOf(carol.id) + 70);
      await store.applyEvent("evt-c", loyaltyOnly(carol.id, { kind: "REVOKE", orderId }));
      expect(await points(store, carol.id)).toBe(pointsOf(carol.id));
      // Cancelled: a late placement earns nothing, a second cancellation takes nothing.
      await store.applyEvent("evt-d", loyaltyOnly(carol.id, { kind: "EARN", orderId, points: 100 }));
      await store.applyEvent("evt-e", loyaltyOnly(carol.id, { kind: "REVOKE", orderId }));
      expect(await points(store, carol.id)).toBe(pointsOf(carol.id));
    });

    it("never takes the balance below zero, and a cancellation seen first leaves the placement nothing to earn", async () => {
      const store = await harness.makeStore();
      const refund = unique("order");
      await store.applyEvent("evt-refund", loyaltyOnly(dave.id, { kind: "DEDUCT", orderId: refund, points: pointsOf(dave.id) + 500 }));
      expect(await points(store, dave.id)).toBe(0);
      const early = unique("order");
      await store.applyEvent("evt-cancel", loyaltyOnly(dave.id, { kind: "REVOKE", orderId: early }));
      await store.applyEvent("evt-place", placement(dave.id, early, 40));
      expect(await points(store, dave.id)).toBe(0);
      // An order this store never saw placed (seeded history) has nothing to give back.
      await store.applyEvent("evt-old", loyaltyOnly(alice.id, { kind: "REVOKE", orderId: "order-0001" }));
      expect(await points(store, alice.id)).toBe(pointsOf(alice.id));
    });
  });

  describe(`${name} customer store: timeline and anonymous carts`, () => {
    it("holds an anonymous shopper's interactions against the cart and moves them to the customer once, when the cart is attached", async () => {
      const store = await harness.makeStore();
      const cartId = unique("cart");
      const viewed = await store.recordInteraction(interaction({ cartId, occurredAt: after(1) }));
      const added = await store.recordInteraction(interaction({ cartId, type: "CART_UPDATED", occurredAt: after(2) }));
      expect(viewed?.customerId).toBeNull();
      expect(await timeline(store, alice.id)).toEqual(timelineOf(alice.id));

      expect(await store.attachCart("evt-attach", cartId, alice.id)).toBe("APPLIED");
      expect(await store.attachCart("evt-attach", cartId, alice.id)).toBe("DUPLICATE");
      const seen = await timeline(store, alice.id);
      expect(seen).toEqual([{ ...added, customerId: alice.id }, { ...viewed, customerId: alice.id }, ...timelineOf(alice.id)]);

      // Attached: what is recorded on the cart now goes straight to its owner.
      const later = await store.recordInteraction(interaction({ cartId, channel: SalesChannel.MOBILE_APP, occurredAt: after(3) }));
      expect(later).toMatchObject({ customerId: alice.id, cartId, channel: SalesChannel.MOBILE_APP });
      expect((await timeline(store, alice.id))[0]).toEqual(later);
    });

    it("drops a cart's pending interactions once none was added for the TTL; each one added renews it", async () => {
      const store = await harness.makeStore({ anonymousInteractionTtlSeconds: 1 });
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const [kept, lapsed] = [unique("cart"), unique("cart")];
      const first = await store.recordInteraction(interaction({ cartId: kept, occurredAt: after(1) }));
      await store.recordInteraction(interaction({ cartId: lapsed, occurredAt: after(1) }));
      await pause(700);
      const second = await store.recordInteraction(interaction({ cartId: kept, type: "CART_UPDATED", occurredAt: after(2) }));
      await pause(700);
      expect(await store.attachCart(unique("evt"), kept, alice.id)).toBe("APPLIED");
      expect(await store.attachCart(unique("evt"), lapsed, bob.id)).toBe("APPLIED");
      expect((await timeline(store, alice.id)).slice(0, 2)).toEqual([
        { ...second, customerId: alice.id },
        { ...first, customerId: alice.id },
      ]);
      expect(await timeline(store, bob.id)).toEqual(timelineOf(bob.id));
    });

    it("keeps a cart's interactions when the attachment names an unknown customer, for a later attachment to move", async () => {
      const store = await harness.makeStore();
      const cartId = unique("cart");
      const held = await store.recordInteraction(interaction({ cartId }));
      expect(await store.attachCart("evt-nobody", cartId, "cust-nobody")).toBe("UNKNOWN_CUSTOMER");
      expect(await store.attachCart("evt-nobody", cartId, bob.id)).toBe("DUPLICATE");
      expect(await store.attachCart("evt-bob", cartId, bob.id)).toBe("APPLIED");
      expect((await timeline(store, bob.id))[0]).toEqual({ ...held, customerId: bob.id });
    });

    it("files an interaction under the customer it names, answers null for an unknown one, and refuses one with neither customer nor cart", async () => {
      const store = await harness.makeStore();
      const visit = interaction({
        customerId: carol.id,
        cartId: unique("cart"),
        type: "STORE_VISIT",
        channel: SalesChannel.KIOSK,
        locationId: "store-01",
      });
      expect(await store.recordInteraction(visit)).toEqual(visit);
      expect((await timeline(store, carol.id))[0]).toEqual(visit);
      expect(await store.recordInteraction(interaction({ customerId: "cust-nobody" }))).toBeNull();
      await expect(store.recordInteraction(interaction())).rejects.toThrow(/customerId or a cartId/);
    });

    it("breaks ties in occurredAt by id, newest first, the same way in every store", async () => {
      const store = await harness.makeStore();
      const at = after(5);
      for (const id of ["ix-tie-a", "ix-tie-B", "ix-tie-c"])
        await store.recordInteraction(interaction({ id, customerId: dave.id, occurredAt: at }));
      const ids = (await timeline(store, dave.id)).slice(0, 3).map((i) => i.id);
      // Locale order (a < B < c), not byte order (B < a < c).
      expect(ids).toEqual(["ix-tie-c", "ix-tie-B", "ix-tie-a"]);
    });

    it("keeps one entry per interaction id, the latest written, in its new place", async () => {
      const store = await harness.makeStore();
      const first = interaction({ id: "ix-once", customerId: alice.id, occurredAt: after(1), summary: "first" });
      await store.recordInteraction(first);
      await store.recordInteraction({ ...first, occurredAt: after(9), summary: "second" });
      const seen = await timeline(store, alice.id);
      expect(seen.filter((i) => i.id === "ix-once")).toEqual([{ ...first, occurredAt: after(9), summary: "second" }]);
      expect(seen[0].id).toBe("ix-once");
      expect(seen).toHaveLength(timelineOf(alice.id).length + 1);
    });
  });

  describe(`${name} customer store: concurrent writes from several instances`, () => {
    it("applies one event delivered 40 times at once exactly once", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const change = placement(alice.id, unique("order"), 75);
      const outcomes = await Promise.all(Array.from({ length: 40 }, (_, n) => instances[n % 4].applyEvent("evt-storm", change)));
      expect(outcomes.filter((o) => o === "APPLIED")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "DUPLICATE")).toHaveLength(39);
      expect(await points(store, alice.id)).toBe(pointsOf(alice.id) + 75);
      expect(await timeline(store, alice.id)).toHaveLength(timelineOf(alice.id).length + 1);
    });

    it("loses no points when 40 different orders of one customer arrive at once", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, n) => instances[n % 4].applyEvent(`evt-order-${n}`, placement(bob.id, unique("order"), n + 1, n))),
      );
      expect(outcomes.every((o) => o === "APPLIED")).toBe(true);
      expect(await points(store, bob.id)).toBe(pointsOf(bob.id) + (40 * 41) / 2);
      expect(await timeline(store, bob.id)).toHaveLength(timelineOf(bob.id).length + 40);
    });

    it("lets one order earn once when 40 events announce it at once", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const orderId = unique("order");
      await Promise.all(
        Array.from({ length: 40 }, (_, n) =>
          instances[n % 4].applyEvent(`evt-earn-${n}`, loyaltyOnly(carol.id, { kind: "EARN", orderId, points: 60 })),
        ),
      );
      expect(await points(store, carol.id)).toBe(pointsOf(carol.id) + 60);
    });

    it("loses none of 40 anonymous interactions racing the cart's attachment", async () => {
      const store = await harness.makeStore();
      const instances = await harness.instancesOf(store, 4);
      const cartId = unique("cart");
      const recorded = Array.from({ length: 40 }, (_, n) =>
        interaction({ id: `ix-race-${String(n).padStart(2, "0")}`, cartId, occurredAt: after(10 + n) }),
      );
      const writes = recorded.map((ix, n) => instances[n % 4].recordInteraction(ix));
      // The attachment (delivered twice) lands in the middle of the stream of interactions.
      void writes.splice(
        20,
        0,
        instances[1].attachCart("evt-race", cartId, dave.id).then(() => null),
        instances[2].attachCart("evt-race", cartId, dave.id).then(() => null),
      );
      await Promise.all(writes);

      const seen = (await timeline(store, dave.id)).filter((i) => i.cartId === cartId);
      expect(seen.map((i) => i.id).sort()).toEqual(recorded.map((i) => i.id));
      expect(seen.every((i) => i.customerId === dave.id)).toBe(true);
      // Nothing stayed behind on the cart: attaching it to someone else moves nothing.
      expect(await store.attachCart("evt-race-2", cartId, alice.id)).toBe("APPLIED");
      expect(await timeline(store, alice.id)).toEqual(timelineOf(alice.id));
    });
  });

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
      expect(first).toEqual({ status: "UPDATED", serviceCase: { ...opened, status: "PENDING", notes: [note("Called the carrier.")] } });
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
      expect(write).toEqual({ status: "UPDATED", serviceCase: { ...pending, notes: [...pending.notes, note("Followed up again.")] } });
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
