import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// STORE and CALL_CENTER are staff channels: their price lists and their credit are not for anyone who can type a
// header. Every price field reads the request's own channel unless asked otherwise, so a screen shows what the
// checkout charges.

const world = demoWorld();
// A variant on a web promotion: its web, kiosk, store and partner prices all differ from one another or from web.
const promoted = world.variants.find(
  (v) => v.prices.WEB.price !== v.prices.KIOSK.price && v.prices.PARTNER.price !== v.prices.KIOSK.price,
)!;
const product = world.products.find((p) => p.id === promoted.productId)!;
const associate = world.associates.find((a) => a.homeStoreId === "store-01")!;

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const SESSION = `{ session { kind channel } }`;
const PRICE = `query($sku: ID!) { variant(sku: $sku) { price { amount } compareAtPrice { amount } } }`;
const cents = (amount: number) => (amount / 100).toFixed(2);

describe("a staff channel is claimed only by its staff", () => {
  it("anonymous x-channel: STORE or CALL_CENTER is a 403 CHANNEL_NOT_ALLOWED, and nothing is answered", async () => {
    for (const channel of ["STORE", "CALL_CENTER", "store"]) {
      const answer = await graph.query(SESSION, undefined, { "x-channel": channel });
      expect(answer.status).toBe(403);
      expect(answer.body.errors![0].extensions!.code).toBe("CHANNEL_NOT_ALLOWED");
      expect(answer.body.data).toBeUndefined();
    }
  });

  it("a till's client name is a claim too: an anonymous pos-tablet is refused", async () => {
    const answer = await graph.query(SESSION, undefined, { "apollographql-client-name": "pos-tablet" });
    expect(answer.status).toBe(403);
    expect(answer.body.errors![0].extensions!.code).toBe("CHANNEL_NOT_ALLOWED");
  });

  it("a customer, a partner key or a kiosk key cannot claim a staff channel, nor one staff the other's", async () => {
    const refused: Record<string, string>[] = [
      { ...(await graph.as("customer", world.customers[0].id)), "x-channel": "STORE" },
      { ...(await graph.as("customer", world.customers[0].id)), "x-channel": "CALL_CENTER" },
      { ...graph.key("partner"), "x-channel": "STORE" },
      { ...graph.key("kiosk"), "x-channel": "CALL_CENTER" },
      { ...(await graph.as("agent", "assoc-040")), "x-channel": "STORE" },
      { ...(await graph.as("associate", associate.id, "store-01")), "x-channel": "CALL_CENTER" },
    ];
    for (const headers of refused) {
      const answer = await graph.query(SESSION, undefined, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body.errors![0].extensions!.code).toBe("CHANNEL_NOT_ALLOWED");
    }
  });

  it("an associate works at the store and an agent at the call center unless they say otherwise", async () => {
    const tablet = await graph.as("associate", associate.id, "store-01");
    expect((await graph.query(SESSION, undefined, tablet)).body.data.session).toEqual({ kind: "ASSOCIATE", channel: "STORE" });
    expect((await graph.query(SESSION, undefined, { ...tablet, "x-channel": "STORE" })).body.data.session.channel).toBe("STORE");
    expect((await graph.query(SESSION, undefined, { ...tablet, "x-channel": "WEB" })).body.data.session.channel).toBe("WEB");
    const console = await graph.as("agent", "assoc-040");
    expect((await graph.query(SESSION, undefined, console)).body.data.session).toEqual({ kind: "AGENT", channel: "CALL_CENTER" });
    // Shoppers still default to the website.
    expect((await graph.query(SESSION)).body.data.session).toEqual({ kind: "ANONYMOUS", channel: "WEB" });
  });
});

describe("every price reads the request's channel", () => {
  it("the kiosk's product page price is the price its cart charges", async () => {
    const kiosk = graph.key("kiosk");
    const page = await graph.query(
      `query($handle: String!) { product(handle: $handle) { priceRange { min { amount } } variants { sku price { amount } } } }`,
      { handle: product.handle },
      kiosk,
    );
    expect(page.body.errors).toBeUndefined();
    const shown = page.body.data.product.variants.find((v: { sku: string }) => v.sku === promoted.sku).price.amount;
    expect(shown).toBe(cents(promoted.prices.KIOSK.price));
    expect(shown).not.toBe(cents(promoted.prices.WEB.price));

    const cart = await graph.query(`mutation { createCart(input: {}) { cart { id } } }`, undefined, kiosk);
    const added = await graph.query(
      `mutation($id: ID!, $sku: ID!) { addCartLines(cartId: $id, lines: [{ sku: $sku, quantity: 1 }]) { cart { lines { variant { sku } unitPrice { amount } } } userErrors { code } } }`,
      { id: cart.body.data.createCart.cart.id, sku: promoted.sku },
      kiosk,
    );
    expect(added.body.data.addCartLines.userErrors).toEqual([]);
    expect(added.body.data.addCartLines.cart.lines).toEqual([{ variant: { sku: promoted.sku }, unitPrice: { amount: shown } }]);
  });

  it("an associate sees store prices, a partner the partner price, the app the app price, the website the web price", async () => {
    const seen = async (headers: Record<string, string>) => (await graph.query(PRICE, { sku: promoted.sku }, headers)).body.data.variant;
    expect(await seen(await graph.as("associate", associate.id, "store-01"))).toEqual({
      price: { amount: cents(promoted.prices.STORE.price) },
      compareAtPrice: null,
    });
    expect((await seen(graph.key("partner"))).price.amount).toBe(cents(promoted.prices.PARTNER.price));
    expect((await seen({ "x-channel": "MOBILE_APP" })).price.amount).toBe(cents(promoted.prices.MOBILE_APP.price));
    const web = await seen({});
    expect(web.price.amount).toBe(cents(promoted.prices.WEB.price));
    expect(web.compareAtPrice).toEqual({ amount: cents(promoted.prices.WEB.compareAtPrice!) });
  });

  it("staff may quote any channel's price; a partner only its own; everyone else only the public channels", async () => {
    const asked = (channel: string) => `query($sku: ID!) { variant(sku: $sku) { sku price(channel: ${channel}) { amount } } }`;
    const agent = await graph.as("agent", "assoc-040");
    expect((await graph.query(asked("PARTNER"), { sku: promoted.sku }, agent)).body.data.variant.price.amount).toBe(
      cents(promoted.prices.PARTNER.price),
    );
    expect((await graph.query(asked("STORE"), { sku: promoted.sku }, agent)).body.data.variant.price.amount).toBe(
      cents(promoted.prices.STORE.price),
    );
    expect((await graph.query(asked("KIOSK"), { sku: promoted.sku })).body.data.variant.price.amount).toBe(
      cents(promoted.prices.KIOSK.price),
    );

    const refused: [string, Record<string, string>][] = [
      ["STORE", {}],
      ["CALL_CENTER", await graph.as("customer", world.customers[0].id)],
      ["PARTNER", graph.key("kiosk")],
      ["WEB", graph.key("partner")],
    ];
    for (const [channel, headers] of refused) {
      const answer = await graph.query(asked(channel), { sku: promoted.sku }, headers);
      expect(answer.status).toBe(200);
      expect(answer.body.errors, channel).toHaveLength(1);
      expect(answer.body.errors![0]).toMatchObject({ path: ["variant", "price"], extensions: { code: "FORBIDDEN" } });
      expect(answer.text).not.toContain(cents(promoted.prices[channel as keyof typeof promoted.prices].price));
    }
    const range = await graph.query(`query($h: String!) { product(handle: $h) { priceRange(channel: STORE) { min { amount } } } }`, {
      h: product.handle,
    });
    expect(range.body.errors![0]).toMatchObject({ path: ["product", "priceRange"], extensions: { code: "FORBIDDEN" } });
  });
});
