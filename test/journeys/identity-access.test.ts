import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPersonToken } from "../../lib/auth/people.js";
import { demoWorld } from "../../lib/demo/world.js";
import { SUBGRAPH_NAMES } from "../../lib/config.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const world = demoWorld();
const A = "cust-001";
const B = "cust-002";
const orderOfB = world.orders.find((o) => o.customerId === B)!;
/** An open pickup at some store X, to be moved by X's associates and refused to everyone else. */
const pickupOrder = world.orders.find((o) =>
  o.fulfillments.some((f) => f.pickupLocationId && (f.status === "PENDING" || f.status === "PICKING")),
)!;
const pickup = pickupOrder.fulfillments[0];
const storeX = pickup.pickupLocationId!;
const associateX = world.associates.find((a) => a.homeStoreId === storeX)!;
const associateY = world.associates.find((a) => a.homeStoreId && a.homeStoreId !== storeX)!;

const ADVANCE = `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { id status } userErrors { code message } } }`;

describe("a customer sees only their own data, whichever way they ask", () => {
  it("customer A asking for customer B by id gets nothing of B's", async () => {
    const answer = await graph.query(`{ customer(id: "${B}") { id email } }`, undefined, await graph.as("customer", A));
    expect(answer.body.data.customer).toBeNull();
    expect(answer.text).not.toContain(world.customers.find((c) => c.id === B)!.email);
  });

  it("customer A asking for B's order by id or by number gets nothing of B's", async () => {
    const headers = await graph.as("customer", A);
    const byId = await graph.query(`{ order(id: "${orderOfB.id}") { id total { amount } } }`, undefined, headers);
    expect(byId.body.data.order).toBeNull();
    const byNumber = await graph.query(`{ order(number: "${orderOfB.number}") { id } }`, undefined, headers);
    expect(byNumber.body.data.order).toBeNull();
  });

  it("customer A sending _entities representations of B straight to the subgraphs gets nulls", async () => {
    const asA = graph.identity({ kind: "customer", id: A });
    const customer = await postGraphQL(
      graph.subgraphs.customer.url,
      `{ _entities(representations: [{ __typename: "Customer", id: "${B}" }]) { ... on Customer { email } } }`,
      undefined,
      asA,
    );
    expect(customer.body.data._entities).toEqual([null]);
    const orders = await postGraphQL(
      graph.subgraphs.order.url,
      `{ _entities(representations: [{ __typename: "Customer", id: "${B}" }, { __typename: "Order", id: "${orderOfB.id}" }]) { ... on Customer { orders { totalCount } } ... on Order { number } } }`,
      undefined,
      asA,
    );
    expect(orders.body.data._entities).toEqual([null, null]);
  });

  it("customer A sees their own profile, orders and cart through me", async () => {
    const answer = await graph.query(
      `{ me { id orders(first: 1) { totalCount } activeCart { id } } }`,
      undefined,
      await graph.as("customer", A),
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.me.id).toBe(A);
    expect(answer.body.data.me.orders.totalCount).toBe(world.orders.filter((o) => o.customerId === A).length);
  });
});

describe("store associates act only at their own store", () => {
  it("an associate of store X cannot advance a fulfillment at store Y; one of store Y can, and the order follows", async () => {
    const outsider = await graph.query(
      ADVANCE,
      { id: pickup.id, to: pickup.status === "PENDING" ? "PICKING" : "READY_FOR_PICKUP" },
      await graph.as("associate", associateY.id, associateY.homeStoreId!),
    );
    expect(outsider.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const insider = await graph.as("associate", associateX.id, storeX);
    const illegal = await graph.query(ADVANCE, { id: pickup.id, to: "DELIVERED" }, insider);
    expect(illegal.body.data.advanceFulfillment.userErrors[0].code).toBe("INVALID_TRANSITION");
    expect(illegal.body.data.advanceFulfillment.fulfillment.status).toBe(pickup.status);

    const next = pickup.status === "PENDING" ? "PICKING" : "READY_FOR_PICKUP";
    const moved = await graph.query(ADVANCE, { id: pickup.id, to: next }, insider);
    expect(moved.body.data.advanceFulfillment).toEqual({ fulfillment: { id: pickup.id, status: next }, userErrors: [] });
    const order = await graph.query(`{ order(id: "${pickupOrder.id}") { status events { type } } }`, undefined, insider);
    expect(order.body.data.order.status).toBe("IN_PROGRESS");
    expect(order.body.data.order.events.map((e: { type: string }) => e.type)).toContain(`FULFILLMENT_${next}`);
  });

  it("only the store's associates see its pickup queue", async () => {
    const query = `{ location(id: "${storeX}") { pickupQueue { id } } }`;
    const own = await graph.query(query, undefined, await graph.as("associate", associateX.id, storeX));
    expect(own.body.errors).toBeUndefined();
    const other = await graph.query(query, undefined, await graph.as("associate", associateY.id, associateY.homeStoreId!));
    expect(other.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(other.body.data.location.pickupQueue).toBeNull();
  });
});

describe("machines: partners and kiosks", () => {
  it("a partner key reads the catalog and availability but not me, customers or orders", async () => {
    const partner = graph.key("partner");
    const catalog = await graph.query(
      `{ product(handle: "${world.products[0].handle}") { title variants { onlineAvailability { availableToPromise } } } locations(first: 1) { totalCount } }`,
      undefined,
      partner,
    );
    expect(catalog.body.errors).toBeUndefined();
    for (const query of [
      `{ me { id } }`,
      `{ customer(id: "${A}") { id } }`,
      `{ order(id: "${orderOfB.id}") { id } }`,
      `{ findCustomers(email: "x@example.com") { id } }`,
    ]) {
      // Held to the partner contract at the gateway: these fields do not exist for a partner.
      const answer = await graph.query(query, undefined, partner);
      expect(answer.body.errors?.[0].extensions?.code, query).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(answer.body.data, query).toBeUndefined();
      // And should one reach a subgraph with a partner identity, the subgraph refuses it too.
      const subgraph = query.includes("order") ? graph.subgraphs.order : graph.subgraphs.customer;
      const direct = await postGraphQL(subgraph.url, query, undefined, graph.identity({ kind: "partner", id: "demo-partner" }));
      expect(direct.body.errors?.[0].extensions?.code, query).toBe("FORBIDDEN");
    }
  });

  it("a kiosk key gets the kiosk's channel and store", async () => {
    const answer = await graph.query(`{ session { kind channel store { id name } } }`, undefined, graph.key("kiosk"));
    expect(answer.body.data.session).toEqual({
      kind: "KIOSK",
      channel: "KIOSK",
      store: { id: "store-01", name: "Omnigraph State Street" },
    });
    const signedIn = await graph.query(`{ session { kind channel store { id } } me { id } }`, undefined, {
      ...graph.key("kiosk"),
      ...(await graph.as("customer", A)),
    });
    expect(signedIn.body.data).toEqual({ session: { kind: "CUSTOMER", channel: "KIOSK", store: { id: "store-01" } }, me: { id: A } });
  });

  it("a channel that needs a key cannot be claimed with a header", async () => {
    const answer = await graph.query(`{ categories { id } }`, undefined, { "x-channel": "PARTNER" });
    expect(answer.status).toBe(401);
  });
});

describe("credentials that are present but wrong are a 401, never anonymous", () => {
  const expect401 = async (headers: Record<string, string>) => {
    const answer = await graph.query(`{ categories { id } }`, undefined, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(answer.body.data).toBeUndefined();
  };

  it("rejects a tampered token", async () => {
    const { authorization } = await graph.as("customer", A);
    const [header, payload, signature] = authorization.slice("Bearer ".length).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: B, role: "agent" })).toString("base64url");
    await expect401({ authorization: `Bearer ${header}.${forged}.${signature}` });
  });

  it("rejects an expired token, a wrong audience, a wrong issuer, a foreign key and a missing role", async () => {
    const secret = graph.auth.jwtSecret!;
    await expect401({ authorization: `Bearer ${await signPersonToken(secret, { sub: A, role: "customer" }, { expiresIn: -60 })}` });
    await expect401({
      authorization: `Bearer ${await signPersonToken(secret, { sub: A, role: "customer" }, { audience: "someone-else" })}`,
    });
    await expect401({ authorization: `Bearer ${await signPersonToken(secret, { sub: A, role: "customer" }, { issuer: "someone-else" })}` });
    await expect401({ authorization: `Bearer ${await signPersonToken("x".repeat(40), { sub: A, role: "customer" })}` });
    await expect401({ authorization: `Bearer ${await signPersonToken(secret, { sub: A, role: "admin" as never })}` });
    await expect401({ authorization: `Bearer ${await signPersonToken(secret, { sub: "assoc-001", role: "associate" })}` });
    await expect401({ authorization: "Basic dXNlcjpwYXNz" });
    await expect401({ "x-api-key": "og_not_a_key" });
  });

  it("every subgraph refuses a direct call without the gateway's identity, _service and _entities included", async () => {
    for (const name of SUBGRAPH_NAMES) {
      for (const query of [`{ _service { sdl } }`, `{ __typename }`, `{ _entities(representations: []) { __typename } }`]) {
        const bare = await postGraphQL(graph.subgraphs[name].url, query);
        expect(bare.status, `${name} ${query}`).toBe(401);
        expect(bare.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
        const forged = await postGraphQL(graph.subgraphs[name].url, query, undefined, { "x-omnigraph-identity": "e30.e30.AAAA" });
        expect(forged.status).toBe(401);
      }
    }
  });
});

describe("nobody claims what is not theirs", () => {
  it("an anonymous shopper cannot credit a cart to an associate or a store", async () => {
    const forged = await graph.query(
      `mutation { createCart(input: { attribution: { associateId: "assoc-001", locationId: "store-05" } }) { cart { id } userErrors { code } } }`,
    );
    expect(forged.body.data.createCart).toEqual({ cart: null, userErrors: [{ code: "INVALID_ATTRIBUTION" }] });
    const asAnother = await graph.query(
      `mutation { createCart(input: { attribution: { associateId: "assoc-002" } }) { cart { id } userErrors { code } } }`,
      undefined,
      await graph.as("associate", "assoc-001", "store-01"),
    );
    expect(asAnother.body.data.createCart.userErrors).toEqual([{ code: "INVALID_ATTRIBUTION" }]);
    const own = await graph.query(
      `mutation { createCart(input: {}) { cart { attribution { associate { id } location { id } } } userErrors { code } } }`,
      undefined,
      await graph.as("associate", "assoc-001", "store-01"),
    );
    expect(own.body.data.createCart.cart.attribution).toEqual({ associate: { id: "assoc-001" }, location: { id: "store-01" } });
  });

  it("without sign-in, a cart's activity is only what the shopper's device saw, in the graph's words", async () => {
    const cart = (await graph.query(`mutation { createCart(input: {}) { cart { id } } }`)).body.data.createCart.cart.id;
    const note = await graph.query(
      `mutation($c: ID) { recordInteraction(input: { type: SERVICE_CONTACT, cartId: $c }) { userErrors { code } } }`,
      { c: cart },
    );
    expect(note.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const text = await graph.query(
      `mutation($c: ID) { recordInteraction(input: { type: PRODUCT_VIEWED, sku: "SKU-0001-01", cartId: $c, summary: "approved a refund" }) { userErrors { code } } }`,
      { c: cart },
    );
    expect(text.body.data.recordInteraction.userErrors).toEqual([{ code: "SUMMARY_NOT_ALLOWED" }]);
  });

  it("staff cannot borrow a kiosk's store, and an oversized credential is refused rather than ignored", async () => {
    const borrowed = await graph.query(`{ session { kind } }`, undefined, {
      ...graph.key("kiosk"),
      ...(await graph.as("associate", "assoc-013", "store-05")),
    });
    expect(borrowed.status).toBe(401);
    const huge = await graph.query(`{ session { kind } }`, undefined, { authorization: `Bearer ${"a".repeat(9000)}` });
    expect(huge.status).toBe(401);
  });
});
