import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "./helpers/graph.js";

// Debian's Chromium, driven by playwright-core; .ci/run installs it. Nothing is downloaded at install time.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} for the sandbox test`);

let graph: TestGraph;
let browser: Browser;
beforeAll(async () => {
  if (!available) return;
  graph = await startGraph();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await graph?.close();
});

describe.skipIf(!available)("a partner explores the graph in the sandbox", () => {
  it("opens /sandbox offline, runs the example query and reads the answer", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (request) => {
      const host = new URL(request.url()).hostname;
      if (host !== "127.0.0.1" && host !== "localhost") foreign.push(request.url());
    });
    await page.goto(`${graph.gateway.origin}/sandbox`);
    await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
    await expect.poll(async () => (await page.locator(".result-window").innerText()).includes("totalCount"), { timeout: 15_000 }).toBe(true);
    const result = await page.locator(".result-window").innerText();
    expect(result).toContain("Jacket");
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);

  it("switches to the partner contract endpoint", async () => {
    const page = await browser.newPage();
    await page.goto(`${graph.gateway.origin}/sandbox?endpoint=/partner/graphql`);
    expect(await page.locator("#endpoint").inputValue()).toBe("/partner/graphql");
    await page.locator(".graphiql-execute-button").click({ timeout: 15_000 });
    await expect.poll(async () => (await page.locator(".result-window").innerText()).includes("totalCount"), { timeout: 15_000 }).toBe(true);
    await page.close();
  }, 60_000);
});
