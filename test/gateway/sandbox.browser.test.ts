import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEYS } from "../../lib/auth/api-keys.js";
import { chromiumAvailable, launchChromium } from "../helpers/chromium.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
let browser: Browser;
beforeAll(async () => {
  if (!chromiumAvailable) return;
  graph = await startGraph();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await graph?.close();
});

describe.skipIf(!chromiumAvailable)("a partner explores the graph in the sandbox", () => {
  it("opens /sandbox offline, runs the example query and reads the answer", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (request) => {
      const host = new URL(request.url()).hostname;
      if (host !== "127.0.0.1" && host !== "localhost") foreign.push(request.url());
    });
    await page.goto(`${graph.gateway.origin}/sandbox`);
    await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
    await expect
      .poll(async () => (await page.locator(".result-window").innerText()).includes("totalCount"), { timeout: 15_000 })
      .toBe(true);
    const result = await page.locator(".result-window").innerText();
    expect(result).toContain("Jacket");
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);

  // The result pane draws only the lines in view, so each example is recognised by what its answer starts with.
  it("onboards a partner: the demo key in the key field, each partner example runs and shows data, nothing leaves the gateway", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const sent: { url: string; key: string | undefined; client: string | undefined }[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") foreign.push(request.url());
      if (url.pathname === "/partner/graphql")
        sent.push({ url: url.pathname, key: request.headers()["x-api-key"], client: request.headers()["apollographql-client-name"] });
    });
    await page.goto(`${graph.gateway.origin}/sandbox?endpoint=/partner/graphql`);
    expect(await page.locator("#endpoint").inputValue()).toBe("/partner/graphql");
    // Without a key the partner endpoint answers 401, and the pane says so.
    await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
    await expect
      .poll(async () => (await page.locator(".result-window").innerText()).includes("UNAUTHENTICATED"), { timeout: 15_000 })
      .toBe(true);

    await page.locator("#api-key").fill(DEMO_API_KEYS.partner.key);
    await page.locator("#api-key").blur();
    const examples: [string, string, string][] = [
      ["catalog paging", "CatalogPage", '"hasNextPage": true'],
      ["product by handle", "ProductByHandle", '"brand": "Harbor & Pine"'],
      ["stores by capability", "StoresByCapability", '"locations"'],
      ["availability near a point", "AvailabilityNear", '"storeAvailability"'],
      ["the feed", "ProductFeed", '"updatedAt"'],
    ];
    await expect.poll(() => page.locator(".graphiql-tab").allInnerTexts(), { timeout: 15_000 }).toEqual(examples.map(([, name]) => name));
    for (const [index, [example, name, marker]] of examples.entries()) {
      await page.locator(".graphiql-tab-button").nth(index).click();
      // The editor shows the tab's operation before it is run, or the previous tab's text would be sent.
      await expect
        .poll(async () => (await page.locator(".graphiql-query-editor").innerText()).includes(`query ${name}`), { timeout: 15_000 })
        .toBe(true);
      await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
      await expect
        .poll(async () => (await page.locator(".result-window").innerText()).includes(marker), { timeout: 15_000, message: example })
        .toBe(true)
        .catch(async (e) => {
          console.log("SHOWN", await page.locator(".result-window").innerText());
          throw e;
        });
      const shown = await page.locator(".result-window").innerText();
      expect(shown, example).toContain('"data"');
      expect(shown, example).not.toContain('"errors"');
    }
    // The docs are the schema's descriptions, introspected from the contract with the key.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator(".graphiql-doc-explorer-content").getByText("Query", { exact: true }).first().click({ timeout: 15_000 });
    await expect
      .poll(async () => await page.locator(".graphiql-doc-explorer").innerText(), { timeout: 15_000 })
      .toContain("the catalog feed");
    expect(await page.locator(".graphiql-doc-explorer").innerText()).not.toContain("findCustomers");

    expect(sent.filter((request) => request.key === DEMO_API_KEYS.partner.key).length).toBeGreaterThanOrEqual(examples.length);
    expect(sent.every((request) => request.client === "omnigraph-sandbox")).toBe(true);
    // The key is kept for this browser session only, never with GraphiQL's persisted state.
    const storage = await page.evaluate(() => {
      const scope = globalThis as unknown as {
        localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
        sessionStorage: { getItem(k: string): string | null };
      };
      const local = Array.from(
        { length: scope.localStorage.length },
        (_, i) => scope.localStorage.getItem(scope.localStorage.key(i)!) ?? "",
      ).join("\n");
      return { local, session: scope.sessionStorage.getItem("omnigraph:api-key") };
    });
    expect(storage.session).toBe(DEMO_API_KEYS.partner.key);
    expect(storage.local).not.toContain(DEMO_API_KEYS.partner.key);
    expect(foreign).toEqual([]);
    await page.close();
  }, 120_000);

  it("serves the page under a strict CSP: its own files only, no inline code, no other host", async () => {
    const response = await fetch(`${graph.gateway.origin}/sandbox`);
    const csp = response.headers.get("content-security-policy") ?? "";
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});
