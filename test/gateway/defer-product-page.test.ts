import { describe, expect, it } from "vitest";
import { SUBGRAPH_NAMES } from "../../lib/config.js";
import { mergeParts, postMultipart } from "../helpers/multipart.js";
import {
  LOOP,
  PRODUCT_PAGE,
  PRODUCT_PAGE_WHOLE,
  customerWithOrders,
  gatewayWithProxies,
  graph,
  handle,
  until,
  useDeferGraph,
} from "../helpers/defer-graph.js";
import { postGraphQL } from "../helpers/graph.js";

/**
 * @defer on the product page: title and prices before store availability, each subgraph behind a proxy that counts
 * what reaches it (and can hold inventory's answers); then @defer with the response cache, and what it may not do.
 */

useDeferGraph();

describe("the product page shows title and prices first, store availability when inventory answers", () => {
  it("sends the first part while inventory is still held, then the availability of every variant at its own path", async () => {
    const setup = await gatewayWithProxies();
    const variables = { handle, near: LOOP };
    const whole = await setup.query(PRODUCT_PAGE_WHOLE, variables);
    expect(whole.body.errors).toBeUndefined();
    const undeferredFetches = setup.fetches();
    setup.reset();

    setup.proxies.inventory.holding = true;
    const answer = await setup.deferred(PRODUCT_PAGE, variables);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    await until(() => answer.parts.length >= 1, "the first part");
    // The first part is on the client while inventory's answer is still held by the proxy.
    await until(() => setup.proxies.inventory.held >= 1, "the availability fetch to reach inventory");
    const releasedAt = performance.now();
    expect(answer.parts.length).toBe(1);
    const first = answer.parts[0].body;
    expect(first.hasNext).toBe(true);
    expect(first.errors).toBeUndefined();
    expect(first.data.product.title).toBe(whole.body.data.product.title);
    expect(first.data.product.variants[0].price).toEqual(whole.body.data.product.variants[0].price);
    expect(first.data.product.variants[0].storeAvailability).toBeUndefined();
    setup.proxies.inventory.release();

    const { closed } = await answer.done;
    expect(closed).toBe(true);
    expect(answer.parts[0].at).toBeLessThan(releasedAt);
    const later = answer.parts.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(1);
    for (const part of later) expect(part.at).toBeGreaterThanOrEqual(releasedAt);
    expect(later.at(-1)!.body.hasNext).toBe(false);
    const pieces = later.flatMap((part) => part.body.incremental ?? []);
    // One piece per variant, at that variant's index, labelled as the client asked.
    expect(pieces.map((piece: { path: unknown[] }) => piece.path)).toEqual(
      whole.body.data.product.variants.map((_: unknown, index: number) => ["product", "variants", index]),
    );
    for (const piece of pieces) expect(piece.label).toBe("availability");
    for (const piece of pieces) expect(Object.keys(piece.data)).toEqual(["storeAvailability"]);

    // The client's merged answer is the undeferred answer.
    const merged = mergeParts(answer.parts);
    expect(merged.errors).toEqual([]);
    expect(merged.data).toEqual(whole.body.data);

    // Deferring costs at most one more fetch per deferred part than the same fields undeferred.
    const deferredFetches = setup.fetches();
    for (const name of SUBGRAPH_NAMES)
      expect(deferredFetches[name]).toBeLessThanOrEqual(undeferredFetches[name] + (name === "inventory" ? 1 : 0));
    // Measured: the availability needs inventory either way, so deferring it costs nothing more.
    expect(deferredFetches).toEqual({ catalog: 1, inventory: 1, customer: 0, order: 0 });
    expect(undeferredFetches).toEqual(deferredFetches);
  });

  it("answers a client that does not read multipart with the whole page in one JSON answer", async () => {
    const setup = await gatewayWithProxies();
    const variables = { handle, near: LOOP };
    const whole = await setup.query(PRODUCT_PAGE_WHOLE, variables);
    setup.reset();
    for (const accept of [undefined, "application/json", "application/graphql-response+json"]) {
      const answer = await setup.query(PRODUCT_PAGE, variables, accept ? { accept } : {});
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(
        accept === "application/graphql-response+json" ? /^application\/graphql-response\+json/ : /^application\/json/,
      );
      expect(answer.body).toEqual({ data: whole.body.data });
    }
    // Each whole answer cost what the undeferred query costs: one catalog and one inventory fetch.
    expect(setup.fetches()).toMatchObject({ catalog: 3, inventory: 3, customer: 0, order: 0 });
  });

  it("delivers @defer(if: false) with the first part, as one answer", async () => {
    const setup = await gatewayWithProxies();
    const query = PRODUCT_PAGE.replace('@defer(label: "availability")', "@defer(if: $later)").replace(
      "$near: GeoPointInput!",
      "$near: GeoPointInput!, $later: Boolean!",
    );
    const off = await setup.deferred(query, { handle, near: LOOP, later: false });
    const raw = (await off.done).raw;
    expect(off.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(raw).data.product.variants[0].storeAvailability).toBeDefined();
    const on = await setup.deferred(query, { handle, near: LOOP, later: true });
    await on.done;
    expect(on.headers.get("content-type")).toMatch(/^multipart\/mixed/);
    expect(on.parts.length).toBeGreaterThanOrEqual(2);
    expect(on.parts[1].body.incremental[0].label).toBeUndefined();
  });

  it("puts an inventory outage in the deferred part's errors, with a code, after a whole first part", async () => {
    const setup = await gatewayWithProxies({ RETRY_MAX_ATTEMPTS: "0" });
    setup.proxies.inventory.behave = () => 503;
    const answer = await setup.deferred(PRODUCT_PAGE, { handle, near: LOOP });
    const { closed } = await answer.done;
    expect(answer.status).toBe(200);
    expect(closed).toBe(true);
    expect(answer.parts[0].body.data.product.title).toBeTruthy();
    expect(answer.parts[0].body.errors).toBeUndefined();
    const pieces = answer.parts.slice(1).flatMap((part) => part.body.incremental ?? []);
    const errors = pieces.flatMap((piece: { errors?: unknown[] }) => piece.errors ?? []) as {
      message: string;
      extensions: { code: string };
    }[];
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const error of errors) expect(error.extensions.code).toBe("SUBGRAPH_UNAVAILABLE");
    expect(answer.parts.at(-1)!.body.hasNext).toBe(false);
    // Nothing internal reaches the client.
    const raw = (await answer.done).raw;
    expect(raw).not.toContain("127.0.0.1");
    expect(raw).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it("ends a part still waiting at the request deadline with SUBGRAPH_TIMEOUT and hasNext false", async () => {
    const setup = await gatewayWithProxies({ REQUEST_DEADLINE_MS: "1500" });
    setup.proxies.inventory.holding = true;
    const started = performance.now();
    const answer = await setup.deferred(PRODUCT_PAGE, { handle, near: LOOP });
    const { closed } = await answer.done;
    expect(closed).toBe(true);
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(answer.parts[0].body.data.product.title).toBeTruthy();
    const last = answer.parts.at(-1)!.body;
    expect(last.hasNext).toBe(false);
    const errors = answer.parts
      .slice(1)
      .flatMap((part) => (part.body.incremental ?? []).flatMap((piece: { errors?: unknown[] }) => piece.errors ?? [])) as {
      extensions: { code: string };
    }[];
    expect(errors.map((error) => error.extensions.code)).toContain("SUBGRAPH_TIMEOUT");
  });

  it("lets a partner defer availability on the partner contract", async () => {
    const setup = await gatewayWithProxies();
    const query = `query { product(handle: "${handle}") { title ... @defer { variants { sku storeAvailability(near: { lat: 41.88, lng: -87.63 }, first: 2) { availableToPromise } } } } }`;
    const answer = await postMultipart(`${setup.gateway.origin}/partner/graphql`, query, undefined, graph.key("partner"));
    await answer.done;
    expect(answer.parts.length).toBeGreaterThanOrEqual(2);
    expect(answer.parts[0].body.data.product.title).toBeTruthy();
    expect(mergeParts(answer.parts).data.product.variants.length).toBeGreaterThan(0);
    // A field outside the contract is refused inside a deferred fragment as anywhere else.
    const outside = await postMultipart(
      `${setup.gateway.origin}/partner/graphql`,
      `query { product(handle: "${handle}") { title } ... @defer { me { id } } }`,
      undefined,
      graph.key("partner"),
    );
    await outside.done;
    expect(outside.status).toBe(400);
  });
});

describe("@defer and the response cache", () => {
  it("never keeps a first part, and may answer a multipart client with a whole cached answer", async () => {
    const setup = await gatewayWithProxies({ RESPONSE_CACHE: "on" });
    // Public with a max-age in every subgraph's answer: cacheable whole.
    const query = `query Cached($handle: String) { product(handle: $handle) { id title variants { sku price { amount } ... @defer { onlineAvailability { availableToPromise } } } } }`;
    const variables = { handle };
    // Deferred first: its first part lacks availability and must not be stored for anyone.
    const deferred = await setup.deferred(query, variables);
    await deferred.done;
    expect(deferred.parts.length).toBeGreaterThanOrEqual(2);
    const whole = await setup.query(query, variables);
    expect(whole.headers.get("x-cache")).toBe("MISS");
    expect(whole.body.data.product.variants[0].onlineAvailability).toBeDefined();
    expect((await setup.query(query, variables)).headers.get("x-cache")).toBe("HIT");
    // The whole answer was stored; a multipart client may get it at once, complete.
    const again = await setup.deferred(query, variables);
    const { raw } = await again.done;
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(JSON.parse(raw)).toEqual({ data: whole.body.data });
  });

  it("defers a named fragment spread as it defers an inline fragment", async () => {
    const setup = await gatewayWithProxies();
    const query = `query Page($handle: String, $near: GeoPointInput!) {
      product(handle: $handle) { title variants { sku ...Availability @defer(label: "availability") } }
    }
    fragment Availability on Variant { storeAvailability(near: $near, first: 2) { availableToPromise location { name } } }`;
    const variables = { handle, near: LOOP };
    const whole = await setup.query(query.replace('@defer(label: "availability")', ""), variables);
    const answer = await setup.deferred(query, variables);
    await answer.done;
    expect(answer.parts[0].body.data.product.variants[0].storeAvailability).toBeUndefined();
    expect(answer.parts[1].body.incremental[0]).toMatchObject({ path: ["product", "variants", 0], label: "availability" });
    expect(mergeParts(answer.parts).data).toEqual(whole.body.data);
  });
});

describe("what @defer may not do", () => {
  it("is declared in the schema of both endpoints, so clients and the sandbox can validate deferred operations", async () => {
    const setup = await gatewayWithProxies();
    const query = `{ __schema { directives { name locations args { name type { kind name ofType { name } } defaultValue } } } }`;
    for (const path of ["/graphql", "/partner/graphql"]) {
      const answer = await postGraphQL(
        `${setup.gateway.origin}${path}`,
        query,
        undefined,
        path === "/partner/graphql" ? graph.key("partner") : {},
      );
      const defer = answer.body.data.__schema.directives.find((d: { name: string }) => d.name === "defer");
      expect(defer, path).toMatchObject({ locations: ["FRAGMENT_SPREAD", "INLINE_FRAGMENT"] });
      expect(defer.args.map((a: { name: string }) => a.name)).toEqual(["if", "label"]);
    }
  });

  it("refuses @defer in a mutation with DEFER_NOT_SUPPORTED, and a label used twice, before anything is fetched", async () => {
    const setup = await gatewayWithProxies();
    const mutation = await setup.query(`mutation { createCart(input: {}) { cart { id ... @defer { version } } } }`, undefined, {
      accept: "multipart/mixed;deferSpec=20220824, application/json",
    });
    expect(mutation.status).toBe(400);
    expect(mutation.body.errors?.[0].extensions?.code).toBe("DEFER_NOT_SUPPORTED");
    const twice = await setup.query(
      `{ product(handle: "${handle}") { ... @defer(label: "a") { title } ... @defer(label: "a") { brand } } }`,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(setup.fetches()).toMatchObject({ catalog: 0, inventory: 0, customer: 0, order: 0 });
  });

  it("stops the deferred work when the client goes away mid-stream: fetches not yet begun are never sent", async () => {
    const setup = await gatewayWithProxies();
    const shopper = await graph.as("customer", customerWithOrders.id);
    // The deferred part needs the order subgraph first, then the catalog for the products' titles.
    const query = `query MyOrders { me { firstName ... @defer(label: "orders") { orders(first: 3) { nodes { number lines { variant { product { title } } } } } } } }`;
    const control = await setup.deferred(query, undefined, shopper);
    await control.done;
    expect(mergeParts(control.parts).data.me.orders.nodes.length).toBe(3);
    expect(setup.fetches().catalog).toBeGreaterThanOrEqual(1);
    setup.reset();

    setup.proxies.order.holding = true;
    const leaving = new AbortController();
    const answer = await setup.deferred(query, undefined, shopper, leaving.signal);
    await until(() => answer.parts.length >= 1 && setup.proxies.order.held >= 1, "the first part and the held order fetch");
    leaving.abort();
    await answer.done;
    await until(
      () => setup.logs.some((line) => line.msg === "deferred parts" && line.outcome === "client-gone"),
      "the gateway to see the client go",
    );
    setup.proxies.order.release();
    await until(() => setup.proxies.order.answers.length >= 1, "the held order fetch to be answered");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(setup.fetches().catalog).toBe(0);

    // The gateway is fine afterwards and answers the next client whole.
    const next = await setup.deferred(PRODUCT_PAGE, { handle, near: LOOP });
    const { closed } = await next.done;
    expect(closed).toBe(true);
    expect(next.parts.at(-1)!.body.hasNext).toBe(false);
  });
});
