import { describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { mergeParts } from "../helpers/multipart.js";
import { gatewayWithProxies, graph, useDeferGraph } from "../helpers/defer-graph.js";

/** @defer on the customer 360: the profile first, the timeline (and each order's lines) after, at their own paths. */

useDeferGraph();

describe("the customer 360 shows the profile first and the timeline after", () => {
  const world = demoWorld();
  const customer = world.customers.find((c) => world.orders.filter((o) => o.customerId === c.id).length >= 3)!;
  const other = world.customers.find((c) => c.id !== customer.id)!;
  const CUSTOMER_360 = /* GraphQL */ `
    query Customer360($id: ID!) {
      customer(id: $id) {
        id
        firstName
        lastName
        email
        loyalty {
          number
          tier
          points
        }
        ... @defer(label: "timeline") {
          timeline(first: 10) {
            totalCount
            nodes {
              type
              channel
              occurredAt
              summary
              location {
                name
              }
            }
          }
        }
      }
    }
  `;

  it("gives an associate the profile, then the timeline, merged into the undeferred answer", async () => {
    const setup = await gatewayWithProxies();
    const tablet = await graph.as("associate", "assoc-001", "store-01");
    const whole = await setup.query(CUSTOMER_360.replace('@defer(label: "timeline")', ""), { id: customer.id }, tablet);
    expect(whole.body.errors).toBeUndefined();
    const undeferredFetches = setup.fetches();
    setup.reset();
    const answer = await setup.deferred(CUSTOMER_360, { id: customer.id }, tablet);
    await answer.done;
    expect(answer.parts[0].body.data.customer.timeline).toBeUndefined();
    expect(answer.parts[0].body.data.customer.firstName).toBe(customer.firstName);
    const piece = answer.parts[1].body.incremental[0];
    expect(piece).toMatchObject({ path: ["customer"], label: "timeline" });
    expect(piece.data.timeline.nodes.length).toBeGreaterThan(0);
    expect(mergeParts(answer.parts).data).toEqual(whole.body.data);
    const deferredFetches = setup.fetches();
    // The timeline lives in the customer subgraph, as the profile does: deferred, it is one entity fetch more.
    expect(deferredFetches).toEqual({ ...undeferredFetches, customer: undeferredFetches.customer + 1 });
  });

  it("refuses another customer's data in a deferred part exactly as in a plain query", async () => {
    const setup = await gatewayWithProxies();
    const shopper = await graph.as("customer", customer.id);
    const query = `query { me { id firstName } ... @defer(label: "other") { customer(id: "${other.id}") { id email timeline(first: 5) { nodes { summary } } } } }`;
    const plain = await setup.query(
      `query { me { id firstName } customer(id: "${other.id}") { id email timeline(first: 5) { nodes { summary } } } }`,
      undefined,
      shopper,
    );
    expect(plain.body.data.customer).toBeNull();
    const answer = await setup.deferred(query, undefined, shopper);
    const { raw } = await answer.done;
    expect(answer.parts[0].body.data.me.id).toBe(customer.id);
    const piece = answer.parts[1].body.incremental[0];
    expect(piece.path).toEqual([]);
    expect(piece.data).toEqual({ customer: null });
    expect((piece.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(
      (plain.body.errors ?? []).map((e) => e.extensions?.code),
    );
    expect(raw).not.toContain(other.email);
  });

  it("defers each order's lines inside the orders list, each piece at its order's path", async () => {
    const setup = await gatewayWithProxies();
    const shopper = await graph.as("customer", customer.id);
    const query = /* GraphQL */ `
      query MyOrders {
        me {
          firstName
          orders(first: 3) {
            nodes {
              number
              status
              ... @defer(label: "lines") {
                lines {
                  quantity
                  unitPrice {
                    amount
                  }
                  variant {
                    sku
                    title
                    product {
                      title
                    }
                  }
                }
              }
            }
          }
        }
      }
    `;
    const whole = await setup.query(query.replace('@defer(label: "lines")', ""), undefined, shopper);
    expect(whole.body.errors).toBeUndefined();
    const undeferredFetches = setup.fetches();
    setup.reset();
    const answer = await setup.deferred(query, undefined, shopper);
    await answer.done;
    // The lines come from the order subgraph, as the orders do: deferred, one order fetch more for all three orders.
    expect(setup.fetches()).toEqual({ ...undeferredFetches, order: undeferredFetches.order + 1 });
    const pieces = answer.parts.slice(1).flatMap((part) => part.body.incremental ?? []);
    const orders = whole.body.data.me.orders.nodes;
    expect(orders.length).toBe(3);
    expect(pieces.map((piece: { path: unknown[] }) => piece.path)).toEqual(
      orders.map((_: unknown, index: number) => ["me", "orders", "nodes", index]),
    );
    pieces.forEach((piece: { data: { lines: unknown } }, index: number) => expect(piece.data.lines).toEqual(orders[index].lines));
    expect(mergeParts(answer.parts).data).toEqual(whole.body.data);
  });
});
