import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

/** The product page with stock at one store. */
const productPageAt = (storeId: string) => /* GraphQL */ `
  {
    product(handle: "harbor-and-pine-cozy-tee") {
      title
      variants { sku price { amount } stockAt(locationId: "${storeId}") { availableToPromise } onlineAvailability { availableToPromise } }
    }
  }
`;
const PRODUCT_PAGE = productPageAt("store-01");

/** What must never reach a client: where the subgraphs live, what they are called, how the code failed. */
function expectNothingInternal(text: string) {
  const errors = JSON.stringify(JSON.parse(text).errors);
  for (const name of Object.keys(graph.subgraphs)) expect(errors.toLowerCase()).not.toContain(name);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\//);
  expect(text).not.toMatch(/ECONNREFUSED|stacktrace|serviceName|\.ts:\d+|\.js:\d+/);
}

describe("a subgraph goes down in the middle of the day", () => {
  it("still answers the product page from the catalog, with stock null and a coded error, and leaks nothing", async () => {
    const before = await graph.query(PRODUCT_PAGE);
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data.product.variants[0].stockAt).not.toBeNull();

    await graph.stopSubgraph("inventory");

    // The page as the response cache kept it is still served whole, within its max-age...
    const cached = await graph.query(PRODUCT_PAGE);
    expect(cached.headers.get("x-cache")).toBe("HIT");
    expect(cached.body).toEqual(before.body);
    // ...while a page nobody asked for before the outage (another store's stock) shows what is down.
    const after = await graph.query(productPageAt("store-02"));
    expect(after.status).toBe(200);
    expect(after.body.data.product.title).toBe(before.body.data.product.title);
    for (const variant of after.body.data.product.variants) {
      expect(variant.price.amount).toMatch(/^\d+\.\d\d$/);
      expect(variant.stockAt).toBeNull();
      expect(variant.onlineAvailability).toBeNull();
    }
    expect(after.body.errors?.length).toBeGreaterThan(0);
    for (const error of after.body.errors!) {
      expect(error.extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
      expect(Object.keys(error.extensions ?? {})).toEqual(["code"]);
    }
    expectNothingInternal(after.text);
    // The operator still learns what failed, in the log and the metrics.
    const failure = graph.logs.find((l) => l.msg === "subgraph request failed" && l.subgraph === "inventory");
    // Under the request it failed for: the request's own logger, made only when something is logged through it.
    expect(failure).toMatchObject({ service: "gateway", requestId: after.headers.get("x-request-id"), viewer: "anonymous" });
    const metrics = await (await fetch(`${graph.gateway.origin}/metrics`)).text();
    expect(metrics).toMatch(/omnigraph_subgraph_failures_total\{subgraph="inventory"\} [1-9]/);
    expect(metrics).toMatch(/omnigraph_subgraph_fetches_total\{subgraph="inventory",outcome="error"\} [1-9]/);
  });

  it("still shows a customer's profile when orders cannot be reached", async () => {
    await graph.stopSubgraph("order");
    const answer = await graph.query(
      `{ customer(id: "cust-001") { firstName loyalty { tier } orders(first: 3) { totalCount } } }`,
      undefined,
      await graph.as("agent", "assoc-040"),
    );
    expect(answer.body.data.customer.firstName).toBeTruthy();
    expect(answer.body.data.customer.loyalty.tier).toMatch(/BRONZE|SILVER|GOLD/);
    expect(answer.body.data.customer.orders).toBeNull();
    expect(answer.body.errors?.[0].extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
    expectNothingInternal(answer.text);
  });
});
