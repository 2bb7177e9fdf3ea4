import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { chromiumAvailable, launchChromium } from "../helpers/chromium.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// An associate of store-01 opens the pickup queue subscription in the sandbox and watches a pickup become ready.
// Debian's Chromium through playwright-core, as the sandbox's own test.

const world = demoWorld();
const pickup = world.orders.find(
  (o) =>
    o.fulfillments.length === 1 &&
    o.fulfillments[0].method === "PICKUP_IN_STORE" &&
    o.fulfillments[0].pickupLocationId === "store-01" &&
    o.fulfillments[0].status === "PICKING",
)!;
const associate = world.associates.find((a) => a.homeStoreId === "store-01")!;

let graph: TestGraph;
let browser: Browser;
beforeAll(async () => {
  if (!chromiumAvailable) return;
  graph = await startGraph({}, { backend: "memory" });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await graph?.close();
});

describe.skipIf(!chromiumAvailable)("the sandbox runs subscriptions", () => {
  it("the pickup-queue example streams a pickup becoming ready into the result pane", async () => {
    const headers = await graph.as("associate", associate.id, "store-01");
    const page = await browser.newPage();
    // What the Headers tab would hold after the associate pasted their token (GraphiQL keeps it in local storage).
    await page.addInitScript(
      (stored) =>
        (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
          "graphiql:headers",
          stored,
        ),
      JSON.stringify(headers),
    );
    await page.goto(`${graph.gateway.origin}/sandbox?example=subscription`);
    await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
    // Subscribed once the gateway has checked the associate may see the queue; then the pickup is made ready.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ready = await graph.query(
      `mutation($id: ID!) { advanceFulfillment(fulfillmentId: $id, to: READY_FOR_PICKUP) { userErrors { code } } }`,
      { id: pickup.fulfillments[0].id },
      headers,
    );
    expect(ready.body.data.advanceFulfillment.userErrors).toEqual([]);
    await expect
      .poll(async () => (await page.locator(".result-window").innerText()).includes("READY_FOR_PICKUP"), { timeout: 15_000 })
      .toBe(true);
    const shown = await page.locator(".result-window").innerText();
    expect(shown).toContain(pickup.number);
    expect(shown).toContain('"change": "READY"');
    await page.close();
  }, 60_000);
});
