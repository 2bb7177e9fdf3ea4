import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { FIND_CUSTOMERS_LIMIT } from "../../subgraphs/customer/services/directory.js";
import {
  agent,
  bystander,
  counted,
  customerOf,
  dc,
  FIND,
  graph,
  mover,
  PREFERRED,
  REGISTER,
  staff,
  storeName,
  UPDATE,
  useCustomerJourneyGraph,
  world,
} from "../helpers/customer-journeys.js";
import { postGraphQL, startGraph } from "../helpers/graph.js";

// A customer's profile, as the shopper and the agent's console keep it through the gateway: registering once,
// updating it and the store they prefer, addresses on file; and lookups that stay bounded however many match.

useCustomerJourneyGraph();

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
