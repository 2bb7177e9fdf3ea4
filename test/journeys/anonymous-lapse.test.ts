import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";
import { alice, bob, CART, CREATE_CART, RECORD } from "../helpers/input-integrity.js";

// Anonymous carts and what an anonymous shopper did lapse after their TTLs, as clients meet it through the gateway.

describe("anonymous carts and interactions lapse", () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // The cart outlives the interactions by seconds, so a slow machine still attaches the cart before it lapses.
    graph = await startGraph({}, { env: { ANONYMOUS_CART_TTL_SECONDS: "4", ANONYMOUS_INTERACTION_TTL_SECONDS: "1" } });
  });
  afterAll(() => graph?.close());
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("an anonymous cart is gone after its TTL; a customer's cart stays", async () => {
    const anonymous = await graph.query(CREATE_CART, { input: {} });
    const anonymousId = anonymous.body.data.createCart.cart.id;
    const customer = await graph.as("customer", alice.id);
    const owned = await graph.query(CREATE_CART, { input: {} }, customer);
    const ownedId = owned.body.data.createCart.cart.id;
    expect((await graph.query(CART, { id: anonymousId })).body.data.cart).toEqual({ id: anonymousId });

    await pause(4_500);
    expect((await graph.query(CART, { id: anonymousId })).body.data.cart).toBeNull();
    const addLines = await graph.query(
      `mutation($id: ID!) { addCartLines(cartId: $id, lines: [{ sku: "SKU-0001-01", quantity: 1 }]) { userErrors { code } } }`,
      { id: anonymousId },
    );
    expect(addLines.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await graph.query(CART, { id: ownedId }, customer)).body.data.cart).toEqual({ id: ownedId });
  });

  it("what an anonymous shopper did lapses when nothing was added for the TTL: signing in later does not bring it back", async () => {
    const cart = (await graph.query(CREATE_CART, { input: {} })).body.data.createCart.cart.id;
    const sku = "SKU-0001-01";
    const viewed = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED", sku, cartId: cart } });
    const lapsedId = viewed.body.data.recordInteraction.interaction.id;
    await pause(1_300);

    const headers = await graph.as("customer", bob.id);
    const attached = await graph.query(
      `mutation($id: ID!) { attachCartToCustomer(cartId: $id) { userErrors { code } } }`,
      { id: cart },
      headers,
    );
    expect(attached.body.data.attachCartToCustomer.userErrors).toEqual([]);
    // Recorded now that the cart is the customer's: it goes straight to their timeline.
    const later = await graph.query(RECORD, { input: { type: "PRODUCT_VIEWED", sku, cartId: cart } });
    const laterId = later.body.data.recordInteraction.interaction.id;
    await graph.bus.drain();
    const timeline = await graph.query(`{ me { timeline(first: 50) { nodes { id } } } }`, undefined, headers);
    const ids = timeline.body.data.me.timeline.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain(laterId);
    expect(ids).not.toContain(lapsedId);
  });
});
