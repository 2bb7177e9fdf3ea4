import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";
import { alice, CREATE_CART } from "../helpers/input-integrity.js";

// The limits the gateway keeps for the subgraphs: its entity fetches are not held to a client's body limit, while an
// unsigned caller is; anonymous cart creation is rate limited.

describe("limits the gateway keeps for the subgraphs", () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // The smallest body a client may send, so that an ordinary entity fetch is well over it.
    graph = await startGraph({}, { env: { MAX_BODY_BYTES: "1024", RATE_LIMIT_ANONYMOUS: "5" } });
  });
  afterAll(() => graph?.close());

  it("a query fanning out to hundreds of variants passes, its entity fetch being over the client's body limit", async () => {
    const headers = await graph.as("customer", alice.id);
    const answer = await graph.query(
      `{ products(first: 60) { nodes { variants { sku stockAt(locationId: "store-01") { onHand } } } } }`,
      undefined,
      headers,
    );
    expect(answer.body.errors).toBeUndefined();
    const variants = answer.body.data.products.nodes.flatMap((p: { variants: unknown[] }) => p.variants);
    // Each representation is some 45 bytes: the fetch to the inventory subgraph is many times 1 KiB.
    expect(variants.length).toBeGreaterThan(100);
    expect(variants.every((v: { stockAt: { onHand: number } | null }) => v.stockAt !== null && Number.isInteger(v.stockAt.onHand))).toBe(
      true,
    );
  });

  it("a caller without the gateway's signed identity is still held to MAX_BODY_BYTES at the subgraph", async () => {
    const padding = "x".repeat(2_000);
    const query = `{ _service { sdl } } # ${padding}`;
    const unsigned = await fetch(graph.subgraphs.inventory.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    expect(unsigned.status).toBe(413);
    expect(await unsigned.json()).toMatchObject({ errors: [{ extensions: { code: "BODY_TOO_LARGE" } }] });
    const signed = await postGraphQL(graph.subgraphs.inventory.url, query, undefined, graph.identity({ kind: "service", id: "order" }));
    expect(signed.status).toBe(200);
    expect(signed.body.data._service.sdl).toContain("type Variant");
  });

  it("anonymous cart creation beyond RATE_LIMIT_ANONYMOUS from one address gets 429", async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await graph.query(CREATE_CART, { input: {} }));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0].body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(answers.filter((a) => a.body.data?.createCart?.cart).length).toBeLessThanOrEqual(5);
  });
});
