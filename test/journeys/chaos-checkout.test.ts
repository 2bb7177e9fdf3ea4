import { describe, it } from "vitest";
import { runChaos } from "../helpers/chaos-books.js";
import { CUSTOMERS, SHOPPERS, useChaosWorld } from "../helpers/chaos-world.js";

/**
 * An operator pulling plugs: order and inventory run as processes of their own on a Redis this test starts, shoppers
 * check out concurrently through the gateway and retry like a real client (same idempotency key, after a pause,
 * whenever the answer is not final), and both processes are killed with SIGKILL mid-load and started again. Once
 * every shopper has an answer and the recovery window has passed, the books must balance: every unit is on hand or
 * in an order, nothing is held, every order has its committed hold and every committed hold its order, no payment
 * authorization is left open, and no cart is locked.
 */

useChaosWorld();

describe("checkout under kill -9 of the order and inventory processes", () => {
  it("inventory killed early in the load, order killed later: the books balance after the recovery window", async () => {
    await runChaos("inventory-then-order", CUSTOMERS.slice(0, SHOPPERS), [
      { at: 8, kill: ["inventory"], downMs: 300 },
      { at: 22, kill: ["order"], downMs: 300 },
    ]);
  }, 120_000);

  it("both killed at once mid-load, then order again: the books balance after the recovery window", async () => {
    await runChaos("both-then-order", CUSTOMERS.slice(SHOPPERS, 2 * SHOPPERS), [
      { at: 12, kill: ["inventory", "order"], downMs: 500 },
      { at: 30, kill: ["order"], downMs: 200 },
    ]);
  }, 120_000);
});
