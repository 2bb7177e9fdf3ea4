import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import {
  PRODUCT_PAGE,
  TITLE,
  codes,
  gatewayWith,
  graph,
  proxyTo,
  timed,
  useResilienceGraph,
  type TestGateway,
} from "../helpers/resilience.js";

/**
 * The gateway stays up when a subgraph does not: each story puts a proxy we control in front of one real subgraph
 * (it can hang, reset the connection, answer 503 or pass the request on late) and counts what reaches it.
 */

useResilienceGraph();

describe("a subgraph that hangs", () => {
  it("costs the client at most the subgraph timeout: stock is null with SUBGRAPH_TIMEOUT and the product stands", async () => {
    const inventory = await proxyTo("inventory", () => "hang");
    const gw = await gatewayWith({ SUBGRAPH_TIMEOUT_MS: "300", REQUEST_DEADLINE_MS: "5000" }, { inventory });
    const { value: answer, ms } = await timed(gw.query(PRODUCT_PAGE));
    expect(answer.status).toBe(200);
    expect(answer.body.data.product.title).toBeTruthy();
    for (const variant of answer.body.data.product.variants) expect(variant.stockAt).toBeNull();
    expect(codes(answer).length).toBeGreaterThan(0);
    expect(new Set(codes(answer))).toEqual(new Set(["SUBGRAPH_TIMEOUT"]));
    expect(answer.text).not.toMatch(/inventory|127\.0\.0\.1/);
    // Generous: the subgraph timeout plus a second; without it the client would wait for as long as the subgraph hangs.
    expect(ms).toBeLessThan(300 + 1_000);
  });

  it("costs the client at most the request's deadline, however long the subgraph timeout, and tells the subgraph", async () => {
    const inventory = await proxyTo("inventory", () => "hang");
    const gw = await gatewayWith({ SUBGRAPH_TIMEOUT_MS: "20000", REQUEST_DEADLINE_MS: "600" }, { inventory });
    const { value: answer, ms } = await timed(gw.query(PRODUCT_PAGE));
    expect(answer.body.data.product.title).toBeTruthy();
    expect(new Set(codes(answer))).toEqual(new Set(["SUBGRAPH_TIMEOUT"]));
    expect(ms).toBeLessThan(600 + 1_000);
    // The subgraph learns how long the gateway will wait, so it can stop work nobody will read.
    const told = Number(inventory.requests[0].headers["x-omnigraph-deadline-ms"]);
    expect(told).toBeGreaterThan(0);
    expect(told).toBeLessThanOrEqual(600);
  });
});

describe("a circuit breaker per subgraph", () => {
  it("stops calling a subgraph that keeps timing out, says so in /ready, and closes once it answers again", async () => {
    let down = true;
    const inventory = await proxyTo("inventory", () => (down ? "hang" : "pass"));
    const gw = await gatewayWith(
      {
        SUBGRAPH_TIMEOUT_MS: "150",
        RETRY_MAX_ATTEMPTS: "0",
        BREAKER_VOLUME_THRESHOLD: "4",
        BREAKER_ERROR_PERCENT: "50",
        BREAKER_RESET_MS: "1500",
      },
      { inventory },
    );
    expect((await gw.ready()).body.degraded).toEqual([]);
    for (let i = 0; i < 4; i++) expect(codes(await gw.query(PRODUCT_PAGE))).toContain("SUBGRAPH_TIMEOUT");
    const reached = inventory.requests.length;
    expect(reached).toBeGreaterThanOrEqual(4);

    // Open: the rest of the answer still comes, at once, and nothing reaches the subgraph.
    for (let i = 0; i < 5; i++) {
      const answer = await gw.query(PRODUCT_PAGE);
      expect(answer.body.data.product.title).toBeTruthy();
      expect(answer.body.data.product.variants[0].stockAt).toBeNull();
      expect(new Set(codes(answer))).toEqual(new Set(["SUBGRAPH_UNAVAILABLE"]));
    }
    expect(inventory.requests.length).toBe(reached);
    const ready = await gw.ready();
    // Degraded, not unready: every gateway instance sees the same subgraph down, and the rest of the graph still answers.
    expect(ready.status).toBe(200);
    expect(ready.body.degraded).toEqual(["inventory"]);

    // Back: after BREAKER_RESET_MS one fetch tries it, and its success closes the breaker.
    down = false;
    let stock = null;
    const until = Date.now() + 5_000;
    while (stock === null && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stock = (await gw.query(PRODUCT_PAGE)).body.data.product.variants[0].stockAt;
    }
    expect(stock).not.toBeNull();
    expect((await gw.ready()).body.degraded).toEqual([]);
    const answer = await gw.query(PRODUCT_PAGE);
    expect(answer.body.errors).toBeUndefined();
  });
});

describe("a breaker that is fair to a subgraph", () => {
  it("does not hold against it a timeout the request's deadline caused, but does one it was given its time for", async () => {
    const catalog = await proxyTo("catalog");
    const inventory = await proxyTo("inventory", () => "hang");
    const gw = await gatewayWith(
      {
        REQUEST_DEADLINE_MS: "1200",
        SUBGRAPH_TIMEOUT_MS: "5000",
        RETRY_MAX_ATTEMPTS: "0",
        BREAKER_VOLUME_THRESHOLD: "4",
        BREAKER_ERROR_PERCENT: "50",
        BREAKER_RESET_MS: "60000",
      },
      { catalog, inventory },
    );
    // A slow catalog first: the inventory fetch that follows it gets what is left of 1.2 s, well under half.
    catalog.delayMs = 800;
    for (let i = 0; i < 6; i++) {
      const answer = await gw.query(PRODUCT_PAGE);
      expect(answer.body.data.product.title).toBeTruthy();
      expect(new Set(codes(answer))).toEqual(new Set(["SUBGRAPH_TIMEOUT"]));
    }
    expect(inventory.requests).toHaveLength(6);
    expect((await gw.ready()).body.degraded).toEqual([]);

    // A fast catalog: inventory now has the whole deadline and still does not answer; that counts, and it opens.
    catalog.delayMs = 0;
    for (let i = 0; i < 4; i++) expect(codes(await gw.query(PRODUCT_PAGE))).toContain("SUBGRAPH_TIMEOUT");
    expect((await gw.ready()).body.degraded).toEqual(["inventory"]);
    const reached = inventory.requests.length;
    expect(codes(await gw.query(PRODUCT_PAGE))).toContain("SUBGRAPH_UNAVAILABLE");
    expect(inventory.requests.length).toBe(reached);
  }, 30_000);
});

describe("retries", () => {
  it("never sends a mutation twice, even when its connection was reset before any answer", async () => {
    const customer = await proxyTo("customer", ({ body }) => (body.includes("mutation") ? "reset" : "pass"));
    const gw = await gatewayWith({}, { customer });
    const answer = await gw.query(
      `mutation { setPreferredStore(locationId: "store-07") { customer { id } userErrors { code } } }`,
      undefined,
      await graph.as("customer", "cust-003"),
    );
    // The request went out before the connection broke: the gateway cannot know whether it was acted on.
    expect(codes(answer)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
    expect(customer.requests.filter((r) => r.body.includes("mutation"))).toHaveLength(1);
  });

  it("sends a query again when its first connection was reset, and the client never knows", async () => {
    const catalog = await proxyTo("catalog", ({ n }) => (n === 1 ? "reset" : "pass"));
    const gw = await gatewayWith({}, { catalog });
    const answer = await gw.query(TITLE);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.product.title).toBeTruthy();
    expect(catalog.requests).toHaveLength(2);
    expect(await gw.metrics()).toMatch(/omnigraph_subgraph_retries_total\{subgraph="catalog"\} 1/);
  });

  it("retries a 503 but not past the budget when everything fails", async () => {
    const catalog = await proxyTo("catalog", () => 503);
    // One retry a second whatever the traffic (10 in the window) plus 10 % of fetches; no breaker to stop them first,
    // and no sharing, so each query is a fetch of its own.
    const gw = await gatewayWith(
      { BREAKER_ENABLED: "false", SUBGRAPH_DEDUP: "false", RETRY_MIN_PER_SECOND: "1", RETRY_BUDGET_PERCENT: "10" },
      { catalog },
    );
    const queries = 60;
    for (let i = 0; i < queries; i += 10) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => gw.query(TITLE)));
      for (const answer of answers) expect(codes(answer)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    }
    const retries = catalog.requests.length - queries;
    // Some were retried (the reserve), but far fewer than the 120 that two retries each would have sent.
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThanOrEqual(10 + 6 + 2);
  });
});

describe("identical fetches in flight", () => {
  it("are sent once for twenty shoppers asking for the same product at the same moment", async () => {
    const catalog = await proxyTo("catalog");
    const gw = await gatewayWith({}, { catalog });
    // Warm the query plan, so the twenty are not spread out by planning.
    expect((await gw.query(TITLE)).body.errors).toBeUndefined();
    catalog.requests.length = 0;
    // Long enough for all twenty to be planned and sent on a busy machine while the first fetch is still out.
    catalog.delayMs = 1_000;
    const answers = await Promise.all(Array.from({ length: 20 }, () => gw.query(TITLE)));
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(answers[0].body.data);
    }
    expect(catalog.requests).toHaveLength(1);
    expect(await gw.metrics()).toMatch(/omnigraph_subgraph_fetches_deduplicated_total\{subgraph="catalog"\} 19/);
  });

  it("are never shared between two customers", async () => {
    const customer = await proxyTo("customer");
    const gw = await gatewayWith({}, { customer });
    const ME = `{ me { id email } }`;
    const ada = await graph.as("customer", "cust-001");
    const ben = await graph.as("customer", "cust-002");
    expect((await gw.query(ME, undefined, ada)).body.data.me.id).toBe("cust-001");
    customer.requests.length = 0;
    customer.delayMs = 1_000;
    const viewers = ["cust-001", "cust-002", "cust-001", "cust-002", "cust-001", "cust-002"];
    const answers = await Promise.all(viewers.map((id) => gw.query(ME, undefined, id === "cust-001" ? ada : ben)));
    answers.forEach((answer, i) => expect(answer.body.data.me.id).toBe(viewers[i]));
    expect(answers[0].body.data.me.email).not.toBe(answers[1].body.data.me.email);
    // Each customer's three were one fetch at most; the two customers' never the same one.
    expect(customer.requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe("a mutation the gateway cannot finish", () => {
  const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { onHand } userErrors { code } } }`;
  const STOCK = `query($sku: ID!) { variant(sku: $sku) { stockAt(locationId: "store-05") { onHand } } }`;
  const world = demoWorld();
  const sku = world.variants[7].sku;
  const associate = () => graph.as("associate", world.associates.find((a) => a.homeStoreId === "store-05")!.id, "store-05");
  const adjust = async (gw: TestGateway, key: string, delta: number) =>
    gw.query(ADJUST, { input: { locationId: "store-05", sku, delta, reason: "RECEIPT", idempotencyKey: key } }, await associate());
  const onHand = async (): Promise<number> => (await graph.query(STOCK, { sku })).body.data.variant.stockAt.onHand;

  it("tells the client the outcome is unknown when the answer does not come in MUTATION_TIMEOUT_MS, and the same key then answers what happened", async () => {
    const inventory = await proxyTo("inventory", ({ body, n }) => (body.includes("adjustStock") && n === 1 ? "answer-lost" : "pass"));
    const gw = await gatewayWith({ MUTATION_TIMEOUT_MS: "500", BREAKER_ENABLED: "false" }, { inventory });
    const before = await onHand();
    const key = `delivery-${Date.now()}`;

    const { value: lost, ms } = await timed(adjust(gw, key, 3));
    expect(codes(lost)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
    expect(lost.body.errors![0].message).toMatch(/may or may not have happened/);
    expect(lost.body.errors![0].message).toMatch(/same idempotency key is safe/);
    expect(lost.text).not.toMatch(/127\.0\.0\.1|inventory|stack/i);
    expect(ms).toBeGreaterThanOrEqual(450);
    // It did happen: the subgraph answered, the gateway just never got it.
    expect(JSON.parse(inventory.answers[0]).data.adjustStock.userErrors).toEqual([]);

    const retried = await adjust(gw, key, 3);
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data.adjustStock).toEqual({ stockLevel: { onHand: before + 3 }, userErrors: [] });
    expect(await onHand()).toBe(before + 3);
  });

  it("says the same when the connection drops after the mutation was sent", async () => {
    const inventory = await proxyTo("inventory", ({ body }) => (body.includes("adjustStock") ? "reset-after" : "pass"));
    const gw = await gatewayWith({}, { inventory });
    const answer = await adjust(gw, `count-${Date.now()}`, 1);
    expect(codes(answer)).toEqual(["MUTATION_OUTCOME_UNKNOWN"]);
    expect(inventory.requests.filter((r) => r.body.includes("adjustStock"))).toHaveLength(1);
  });

  it("keeps SUBGRAPH_UNAVAILABLE for a mutation that never left the gateway: nothing changed", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
    const gw = await gatewayWith({}, { inventory: { url } });
    const before = await onHand();
    const answer = await adjust(gw, `refused-${Date.now()}`, 2);
    expect(codes(answer)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(await onHand()).toBe(before);
  });

  it("keeps SUBGRAPH_UNAVAILABLE while the breaker is open: the mutation is not sent", async () => {
    const inventory = await proxyTo("inventory", () => 503);
    const gw = await gatewayWith({ BREAKER_VOLUME_THRESHOLD: "2", BREAKER_ERROR_PERCENT: "10", BREAKER_RESET_MS: "60000" }, { inventory });
    for (let i = 0; i < 3; i++) await gw.query(PRODUCT_PAGE);
    expect((await gw.ready()).body.degraded).toContain("inventory");
    const sent = inventory.requests.length;
    const answer = await adjust(gw, `open-${Date.now()}`, 2);
    expect(codes(answer)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(inventory.requests.length).toBe(sent);
  });
});
