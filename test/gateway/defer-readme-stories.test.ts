import { createHash } from "node:crypto";
import { meros } from "meros/browser";
import { describe, expect, it } from "vitest";
import { mergeParts } from "../helpers/multipart.js";
import { LOOP, PRODUCT_PAGE, customerWithOrders, gatewayWithProxies, graph, handle, useDeferGraph } from "../helpers/defer-graph.js";

/** The README's stories, the sandbox's example and a persisted query, each deferred, merge into the whole answer. */

useDeferGraph();

describe("the README's stories and the sandbox, deferred", () => {
  /** The README's product page, store availability deferred. */
  const README_PRODUCT_PAGE = /* GraphQL */ `
    {
      product(handle: "harbor-and-pine-cozy-tee") {
        title
        brand
        priceRange {
          min {
            amount
          }
          max {
            amount
          }
        }
        variants {
          sku
          title
          price {
            amount
          }
          compareAtPrice {
            amount
          }
          ... @defer(label: "availability") {
            storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 15, first: 3) {
              location {
                name
              }
              distanceKm
              availableToPromise
              pickupReadyBy
            }
          }
          onlineAvailability {
            availableToPromise
            earliestShipDate
          }
        }
      }
    }
  `;
  /** The README's clienteling operation, the timeline deferred. */
  const README_CLIENTELING = /* GraphQL */ `
    query Clienteling($id: ID!) {
      customer(id: $id) {
        id
        firstName
        lastName
        email
        phone
        createdAt
        loyalty {
          number
          tier
          points
        }
        preferredStore {
          id
          name
        }
        activeCart {
          id
          lastActiveChannel
          estimatedTotal {
            amount
            currencyCode
          }
          lines {
            quantity
            variant {
              sku
              title
            }
          }
        }
        orders(first: 5) {
          totalCount
          nodes {
            number
            channel
            placedAt
            status
            total {
              amount
              currencyCode
            }
            fulfillments {
              method
              status
              pickupLocation {
                name
              }
            }
          }
        }
        open: serviceCases(status: OPEN) {
          id
          subject
          openedVia
          openedAt
          orderId
          notes {
            body
            channel
            createdAt
            author {
              name
            }
          }
        }
        pending: serviceCases(status: PENDING) {
          id
          subject
          openedVia
          openedAt
          orderId
          notes {
            body
            channel
            createdAt
            author {
              name
            }
          }
        }
        ... @defer(label: "timeline") {
          timeline(first: 20) {
            nodes {
              type
              channel
              occurredAt
              summary
              sku
              orderId
              location {
                name
              }
              associate {
                name
              }
            }
          }
        }
      }
    }
  `;

  it("answers both stories in parts whose merge is the whole answer", async () => {
    const setup = await gatewayWithProxies();
    const tablet = { ...(await graph.as("associate", "assoc-001", "store-01")), "x-channel": "STORE" };
    for (const [query, variables, headers] of [
      [README_PRODUCT_PAGE, undefined, {}],
      [README_CLIENTELING, { id: customerWithOrders.id }, tablet],
    ] as const) {
      const whole = await setup.query(query.replace(/@defer\(label: "\w+"\)/, ""), variables, headers);
      expect(whole.body.errors).toBeUndefined();
      const answer = await setup.deferred(query, variables, headers);
      const { closed } = await answer.done;
      expect(closed).toBe(true);
      expect(answer.parts.length).toBeGreaterThanOrEqual(2);
      expect(mergeParts(answer.parts)).toEqual({ data: whole.body.data, errors: [] });
    }
  });

  it("runs the sandbox's @defer example as GraphiQL reads it (its Accept, its multipart parser)", async () => {
    const setup = await gatewayWithProxies();
    const script = await (await fetch(`${setup.gateway.origin}/sandbox/sandbox.js`)).text();
    const example = JSON.parse(/const deferQuery = (".*");/.exec(script)![1]) as string;
    expect(example).toContain("@defer");
    const response = await fetch(setup.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, multipart/mixed" },
      body: JSON.stringify({ query: example }),
    });
    const parts = await meros<any>(response);
    expect(parts).not.toBe(response);
    const bodies: any[] = [];
    for await (const part of parts as AsyncIterable<{ json: boolean; body: any }>) {
      expect(part.json).toBe(true);
      bodies.push(part.body);
    }
    expect(bodies[0].data.product.title).toBeTruthy();
    expect(bodies.at(-1).hasNext).toBe(false);
    const merged = mergeParts(bodies.map((body) => ({ body, at: 0 })));
    expect(merged.data.product.variants[0].storeAvailability).toBeDefined();
  });

  it("runs a deferred persisted query, registered and then sent by hash", async () => {
    const setup = await gatewayWithProxies();
    const sha256Hash = createHash("sha256").update(PRODUCT_PAGE).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const variables = { handle, near: LOOP };
    const registered = await setup.deferred({ query: PRODUCT_PAGE, variables, extensions });
    await registered.done;
    const byHash = await setup.deferred({ variables, extensions });
    await byHash.done;
    expect(byHash.headers.get("content-type")).toMatch(/^multipart\/mixed/);
    expect(mergeParts(byHash.parts)).toEqual(mergeParts(registered.parts));
    expect(byHash.parts.length).toBeGreaterThanOrEqual(2);
  });
});
