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
  placement,
  points,
  pointsOf,
  seed,
  timeline,
  timelineOf,
  unique,
  withCases,
  withoutPhone,
  type CustomerStoreHarness,
} from "./fixtures.js";

/** Reads, domain events, timelines with anonymous carts, and concurrent event deliveries. */
export function eventsAndTimelineContract(name: string, harness: CustomerStoreHarness): void {
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
}
