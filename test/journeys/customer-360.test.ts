import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

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
      preferredStore {
        id
        name
      }
      orders(first: 100) {
        totalCount
        nodes {
          id
          number
          channel
          placedAt
          status
          subtotal {
            amount
          }
          shippingTotal {
            amount
          }
          total {
            amount
            currencyCode
          }
          lines {
            quantity
            unitPrice {
              amount
            }
            total {
              amount
            }
            variant {
              sku
              title
              product {
                title
              }
              stockAt(locationId: "store-01") {
                availableToPromise
                location {
                  name
                }
              }
            }
          }
          attribution {
            channel
            location {
              id
              name
            }
            associate {
              id
              name
              role
            }
          }
          fulfillments {
            method
            status
            origin {
              id
              name
            }
            pickupLocation {
              id
            }
          }
        }
      }
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
`;

/** A customer the seed gives purchases both in store and online. */
function omnichannelCustomer() {
  const world = demoWorld();
  const customer = world.customers.find((c) => {
    const channels = new Set(world.orders.filter((o) => o.customerId === c.id).map((o) => o.channel));
    return channels.has("STORE" as never) && channels.size >= 3;
  })!;
  const orders = world.orders.filter((o) => o.customerId === customer.id);
  return { world, customer, orders };
}

describe("an associate's tablet shows a shopper's whole story", () => {
  it("joins profile, loyalty, every channel's orders with their products and local stock, and the timeline", async () => {
    const { world, customer, orders } = omnichannelCustomer();
    const tablet = await graph.as("associate", "assoc-001", "store-01");
    const answer = await graph.query(CUSTOMER_360, { id: customer.id }, tablet);
    expect(answer.body.errors).toBeUndefined();
    const seen = answer.body.data.customer;

    expect(seen).toMatchObject({ id: customer.id, firstName: customer.firstName, email: customer.email });
    expect(seen.loyalty.number).toBe(customer.loyaltyNumber);
    expect(seen.loyalty.points).toBe(customer.loyaltyPoints);

    // Every order from every channel, the till included, newest first.
    expect(seen.orders.totalCount).toBe(orders.length);
    expect(seen.orders.nodes.map((o: { id: string }) => o.id).sort()).toEqual(orders.map((o) => o.id).sort());
    const placed = seen.orders.nodes.map((o: { placedAt: string }) => o.placedAt);
    expect(placed).toEqual([...placed].sort().reverse());
    expect(new Set(seen.orders.nodes.map((o: { channel: string }) => o.channel))).toContain("STORE");

    for (const order of seen.orders.nodes) {
      const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);
      expect(cents(order.total)).toBe(cents(order.subtotal) + cents(order.shippingTotal));
      expect(order.lines.reduce((sum: number, l: { total: { amount: string } }) => sum + cents(l.total), 0)).toBe(cents(order.subtotal));
      for (const line of order.lines) {
        expect(line.variant.product.title.length).toBeGreaterThan(0);
        expect(line.variant.stockAt.location.name).toBe("Omnigraph State Street");
        expect(line.variant.stockAt.availableToPromise).toBeGreaterThanOrEqual(0);
      }
      if (order.channel === "STORE") {
        // A till sale is credited to the store and the associate who rang it up.
        const source = orders.find((o) => o.id === order.id)!;
        const associate = world.associates.find((a) => a.id === source.attribution.associateId)!;
        expect(order.attribution.location.id).toBe(source.attribution.locationId);
        expect(order.attribution.associate).toEqual({ id: associate.id, name: associate.name, role: associate.role });
        expect(order.status).toBe("FULFILLED");
      }
    }

    const timeline = seen.timeline.nodes.map((n: { occurredAt: string }) => n.occurredAt);
    expect(timeline.length).toBeGreaterThan(0);
    expect(timeline).toEqual([...timeline].sort().reverse());
    expect(seen.timeline.totalCount).toBe(world.interactions.filter((i) => i.customerId === customer.id).length);
  });

  it("finds a shopper by loyalty number, email or phone, as at the counter", async () => {
    const { customer } = omnichannelCustomer();
    const counter = await graph.as("associate", "assoc-004", "store-02");
    const byLoyalty = await graph.query(
      `query($n: String) { findCustomers(loyaltyNumber: $n) { id } }`,
      { n: customer.loyaltyNumber },
      counter,
    );
    expect(byLoyalty.body.data.findCustomers).toEqual([{ id: customer.id }]);
    const byEmail = await graph.query(
      `query($e: String) { findCustomers(email: $e) { id } }`,
      { e: customer.email.toUpperCase() },
      counter,
    );
    expect(byEmail.body.data.findCustomers).toEqual([{ id: customer.id }]);
  });

  it("lets the shopper page their own timeline on the app, filtered by channel", async () => {
    const { world, customer } = omnichannelCustomer();
    const app = await graph.as("customer", customer.id);
    const expected = world.interactions.filter((i) => i.customerId === customer.id && (i.channel === "WEB" || i.channel === "MOBILE_APP"));
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const answer: any = await graph.query(
        `query($id: ID!, $after: String) { customer(id: $id) { timeline(channels: [WEB, MOBILE_APP], first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id channel } } } }`,
        { id: customer.id, after },
        app,
      );
      const timeline = answer.body.data.customer.timeline;
      expect(timeline.totalCount).toBe(expected.length);
      for (const node of timeline.nodes) {
        expect(["WEB", "MOBILE_APP"]).toContain(node.channel);
        ids.push(node.id);
      }
      if (!timeline.pageInfo.hasNextPage) break;
      after = timeline.pageInfo.endCursor;
    }
    expect(ids.sort()).toEqual(expected.map((i) => i.id).sort());
  });

  it("lets a call-center agent look up an order by the number a caller reads out, with its fulfilment and returns", async () => {
    const { world } = omnichannelCustomer();
    const returned = world.orders.find((o) => o.returns.some((r) => r.status === "REFUNDED"))!;
    const answer = await graph.query(
      `query($n: String) { order(number: $n) { id customer { id firstName } returns { method status refund { amount } lines { quantity variant { sku } } } events { type at } } }`,
      { n: returned.number },
      await graph.as("agent", "assoc-040"),
    );
    expect(answer.body.errors).toBeUndefined();
    const order = answer.body.data.order;
    expect(order.id).toBe(returned.id);
    expect(order.customer.id).toBe(returned.customerId);
    expect(order.returns[0].status).toBe("REFUNDED");
    expect(Math.round(Number(order.returns[0].refund.amount) * 100)).toBe(returned.returns[0].refund);
    expect(order.events.map((e: { type: string }) => e.type)).toContain("RETURN_REQUESTED");
  });

  it("shows a store's pickup queue and who is on its staff", async () => {
    const answer = await graph.query(
      `{
      location(id: "store-01") { name pickupQueue { id status method pickupLocation { id } } }
      associates(storeId: "store-01") { id name role homeStore { name } }
    }`,
      undefined,
      await graph.as("associate", "assoc-002", "store-01"),
    );
    expect(answer.body.errors).toBeUndefined();
    const { location, associates } = answer.body.data;
    for (const fulfillment of location.pickupQueue) {
      expect(fulfillment.pickupLocation.id).toBe("store-01");
      expect(["PENDING", "PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED"]).toContain(fulfillment.status);
    }
    expect(associates.length).toBe(3);
    expect(associates.map((a: { role: string }) => a.role)).toContain("STORE_MANAGER");
    expect(associates[0].homeStore.name).toBe("Omnigraph State Street");
  });
});
