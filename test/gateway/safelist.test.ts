import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import type { PersistedQueryManifest } from "../../lib/operations.js";
import { startGraph, type GraphQLAnswer, type TestGraph } from "../helpers/graph.js";

// The first-party clients ship their operations in manifests (schema/manifests/<client>.json); with
// PERSISTED_QUERIES=require, as in production, the gateway runs those and nothing else for them.

const manifest = (client: string) =>
  JSON.parse(readFileSync(new URL(`../../schema/manifests/${client}.json`, import.meta.url), "utf8")) as PersistedQueryManifest;
const operation = (client: string, name: string) => {
  const found = manifest(client).operations.find((op) => op.name === name);
  if (!found) throw new Error(`${client} has no operation ${name}`);
  return found;
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({}, { env: { PERSISTED_QUERIES: "require", PERSISTED_QUERIES_CLIENTS: "callcenter=off" } });
});
afterAll(() => graph?.close());

async function send(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLAnswer> {
  const response = await fetch(graph.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}
const web = { "apollographql-client-name": "web" };
const refused = (answer: GraphQLAnswer) => {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors![0].extensions!.code).toBe("PERSISTED_QUERY_NOT_ALLOWED");
};

describe("production's default", () => {
  it("is require for first-party clients and allow for partners; allow in development and test", () => {
    const production = loadConfig({
      OMNIGRAPH_ENV: "production",
      AUTH_JWT_SECRET: "x".repeat(40),
      SERVICE_TOKEN_SECRET: "y".repeat(40),
      API_KEYS: `partner:acme:standard:${sha256("k")}`,
    });
    expect(production.persistedQueries.mode).toBe("require");
    expect(production.persistedQueries.partnerMode).toBe("allow");
    expect(loadConfig({ OMNIGRAPH_ENV: "test" }).persistedQueries.mode).toBe("allow");
    expect(loadConfig({}).persistedQueries.mode).toBe("allow");
    expect(() => loadConfig({ PERSISTED_QUERIES_CLIENTS: "web=sometimes" })).toThrow(/PERSISTED_QUERIES_CLIENTS/);
  });
});

describe("a first-party client under require", () => {
  it("runs a manifest operation by its id, without ever registering it", async () => {
    const home = operation("web", "HomeCategories");
    const answer = await send(byId(home.id), web);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.categories.length).toBeGreaterThan(5);
    expect(answer.body.data.categories[0]).toEqual({ id: expect.any(String), name: expect.any(String), parent: null });
  });

  it("runs a manifest operation sent with its identical body, variables and all", async () => {
    const page = operation("web", "ProductPage");
    const answer = await send(
      { query: page.body, variables: { handle: "harbor-and-pine-cozy-tee", near: { lat: 41.8837, lng: -87.6278 } } },
      web,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data.product.title).toBeTruthy();
    expect(answer.body.data.product.variants[0].storeAvailability.length).toBeGreaterThan(0);
  });

  it("runs a shopper's cart story by ids alone: create, add, see what it costs", async () => {
    const created = await send(byId(operation("web", "CreateCart").id), web);
    const cart = created.body.data.createCart.cart;
    const added = await send(
      {
        ...byId(operation("web", "AddToCart").id),
        variables: { cartId: cart.id, lines: [{ sku: "SKU-0001-01", quantity: 2 }], expectedVersion: cart.version },
      },
      web,
    );
    expect(added.body.data.addCartLines.userErrors).toEqual([]);
    const cost = await send({ ...byId(operation("web", "CartCost").id), variables: { id: cart.id } }, web);
    expect(cost.status).toBe(200);
    expect(cost.body.errors).toBeUndefined();
    expect(cost.body.data.cart.cost.total.amount).toMatch(/^\d+\.\d{2}$/);
    expect(Number(cost.body.data.cart.cost.subtotal.amount)).toBeGreaterThan(0);
  });

  it("refuses an operation that is not in its manifest, even one that differs only in layout", async () => {
    refused(await send({ query: "{ categories { id name } }" }, web));
    const reformatted = operation("web", "HomeCategories").body.replace(/\n\s*/g, " ");
    refused(await send({ query: reformatted }, web));
  });

  it("refuses an APQ registration, and nothing of it is kept", async () => {
    const query = "query Sneaky { categories { id } }";
    refused(await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }, web));
    refused(await send(byId(sha256(query)), web));
  });

  it("runs only its own manifest: a mobile operation's id is refused for the web", async () => {
    const scan = operation("mobile", "ScanBarcode");
    refused(await send({ ...byId(scan.id), variables: { barcode: "x" } }, web));
    const asMobile = await send({ ...byId(scan.id), variables: { barcode: "nope" } }, { "apollographql-client-name": "mobile" });
    expect(asMobile.status).toBe(200);
    expect(asMobile.body.data).toEqual({ variant: null });
  });

  it("refuses everything from a caller that names no client, with a message saying what to do", async () => {
    const answer = await send(byId(operation("web", "HomeCategories").id));
    refused(answer);
    expect(answer.body.errors![0].message).toMatch(/apollographql-client-name/);
  });

  it("is the kiosk manifest for a kiosk key, whatever client name it sends", async () => {
    const session = operation("kiosk", "KioskSession");
    const answer = await send(byId(session.id), { ...graph.key("kiosk"), "apollographql-client-name": "web" });
    expect(answer.status).toBe(200);
    expect(answer.body.data.session).toMatchObject({ kind: "KIOSK", channel: "KIOSK", store: { id: "store-01" } });
    refused(await send({ query: "{ session { kind } }" }, graph.key("kiosk")));
  });
});

describe("who may send anything", () => {
  it("a staff member in the sandbox; the same associate on the tablet client may not", async () => {
    const associate = await graph.as("associate", "assoc-001", "store-01");
    const query = '{ location(id: "store-01") { name } }';
    const inSandbox = await send({ query }, { ...associate, "apollographql-client-name": "omnigraph-sandbox" });
    expect(inSandbox.status).toBe(200);
    expect(inSandbox.body.data.location.name).toBeTruthy();
    refused(await send({ query }, { ...associate, "apollographql-client-name": "associate" }));
    // A customer cannot get in by naming the sandbox.
    refused(await send({ query }, { ...(await graph.as("customer", "cust-001")), "apollographql-client-name": "omnigraph-sandbox" }));
  });

  it("a partner key (allow by default): its own operations within the contract, and APQ", async () => {
    const query = "{ categories { id } }";
    const answer = await send({ query }, graph.key("partner"));
    expect(answer.status).toBe(200);
    expect(answer.body.data.categories.length).toBeGreaterThan(0);
    const registered = await send(
      { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      graph.key("partner"),
    );
    expect(registered.status).toBe(200);
  });

  it("a client whose mode is off: any operation, but no persisted queries", async () => {
    const console = { "apollographql-client-name": "callcenter", ...(await graph.as("agent", "assoc-037")) };
    const adHoc = await send({ query: "{ session { kind channel } }" }, console);
    expect(adHoc.body.data.session).toEqual({ kind: "AGENT", channel: "CALL_CENTER" });
    refused(await send(byId(operation("callcenter", "CallerLookup").id), console));
  });
});
