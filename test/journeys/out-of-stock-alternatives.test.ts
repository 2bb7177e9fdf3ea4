import { describe, expect, it } from "vitest";
import { atp, graph, soldOut, useReturnsGraph, world } from "../helpers/returns-and-guests.js";

// An out-of-stock checkout names the stores nearby that have it, through the gateway, memory and Redis.

useReturnsGraph();

describe("an out-of-stock checkout names the stores nearby that have it", () => {
  it("a pickup at a store that has none answers OUT_OF_STOCK with alternatives: stores with the SKU and what each can promise", async () => {
    const web = { "x-channel": "WEB" };
    const run = async (query: string, variables: Record<string, unknown>) => {
      const answer = await graph.query(query, variables, web);
      expect(answer.body.errors).toBeUndefined();
      return Object.values(answer.body.data as Record<string, { cart: { id: string }; userErrors: unknown[] }>)[0];
    };
    const { cart } = await run(`mutation { createCart(input: {}) { cart { id } userErrors { code } } }`, {});
    await run(
      `mutation($id: ID!, $sku: ID!) { addCartLines(cartId: $id, lines: [{ sku: $sku, quantity: 1 }]) { cart { id } userErrors { code } } }`,
      {
        id: cart.id,
        sku: soldOut.sku,
      },
    );
    const set = await run(
      `mutation($id: ID!, $at: ID) { setCartFulfillment(cartId: $id, method: PICKUP_IN_STORE, locationId: $at) { cart { id } userErrors { code } } }`,
      { id: cart.id, at: soldOut.storeId },
    );
    expect(set.userErrors).toEqual([]);

    const answer = await graph.query(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id }
        userErrors { code message field alternatives { sku availableToPromise location { id name } } } } }`,
      { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: `sold-out-${cart.id}` } },
      web,
    );
    expect(answer.body.errors).toBeUndefined();
    const { order, userErrors } = answer.body.data.checkout;
    expect(order).toBeNull();
    expect(userErrors).toHaveLength(1);
    expect(userErrors[0].code).toBe("OUT_OF_STOCK");
    const alternatives = userErrors[0].alternatives as {
      sku: string;
      availableToPromise: number;
      location: { id: string; name: string };
    }[];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alternative of alternatives) {
      expect(alternative.sku).toBe(soldOut.sku);
      expect(alternative.location.id).not.toBe(soldOut.storeId);
      expect(alternative.location.name).toBe(world.locations.find((l) => l.id === alternative.location.id)!.name);
      expect(alternative.availableToPromise).toBe(atp(alternative.location.id, soldOut.sku));
      expect(alternative.availableToPromise).toBeGreaterThan(0);
      expect(userErrors[0].message).toContain(alternative.location.id);
    }
  });
});
