import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { domainEvent } from "../../lib/events.js";
import {
  after,
  associate,
  browser,
  buyer,
  bystander,
  canceller,
  collector,
  consumerLogs,
  graph,
  order,
  other,
  publish,
  returner,
  seeded,
  shop,
  shopper,
  store,
  TIMELINE,
  timelineOf,
  twice,
  useTimelineGraph,
  world,
} from "../helpers/timeline-events.js";

// What the order subgraph announces (orders, till sales, pickups, returns, attached carts) becomes the customer's
// timeline and loyalty, as the customer and the call center read them through the gateway.

useTimelineGraph();

describe("domain events become the customer's timeline and loyalty", () => {
  it("a purchase at the till shows first on the customer's timeline, with the store and the associate who rang it up", async () => {
    const sale = order(buyer.id, (1000 - buyer.loyaltyPoints) * 100 + 2_599, {
      locationId: shop.id,
      associateId: associate.id,
      lines: [
        { sku: world.variants[0].sku, quantity: 2 },
        { sku: world.variants[1].sku, quantity: 1 },
      ],
    });
    await publish(domainEvent("STORE_SALE_RECORDED", SalesChannel.STORE, sale, after(1)));

    const seen = await timelineOf(buyer.id);
    expect(seen.timeline.totalCount).toBe(seeded(buyer.id) + 1);
    expect(seen.timeline.nodes[0]).toMatchObject({
      type: "STORE_PURCHASE",
      channel: "STORE",
      occurredAt: after(1),
      orderId: sale.orderId,
      summary: `Bought 3 items in store, order ${sale.orderNumber}`,
      location: { name: shop.name },
      associate: { name: associate.name },
    });
    const times = seen.timeline.nodes.map((n) => n.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    // One point per whole dollar: this sale lifts a bronze member to silver.
    expect(seen.loyalty).toEqual({ points: 1025, tier: "SILVER" });
  });

  it("an order placement delivered twice appears once and earns its points once", async () => {
    const facts = order(twice.id, 4_999);
    const placed = domainEvent("ORDER_PLACED", SalesChannel.MOBILE_APP, facts, after(2));
    await publish(placed, placed);
    await publish(placed);

    const seen = await timelineOf(twice.id);
    expect(seen.timeline.totalCount).toBe(seeded(twice.id) + 1);
    expect(seen.timeline.nodes.filter((n) => n.orderId === facts.orderId)).toHaveLength(1);
    expect(seen.timeline.nodes[0]).toMatchObject({
      type: "ORDER_PLACED",
      channel: "MOBILE_APP",
      summary: `Placed order ${facts.orderNumber}`,
      location: null,
    });
    expect(seen.loyalty.points).toBe(twice.loyaltyPoints + 49);
  });

  it("a return received at the counter takes the refunded dollars' points back, never below zero", async () => {
    const bought = order(returner.id, 8_000);
    const returned = {
      orderId: bought.orderId,
      orderNumber: bought.orderNumber,
      customerId: returner.id,
      returnId: "ret-ev-1",
      locationId: shop.id,
      currencyCode: "USD",
    };
    await publish(
      domainEvent("ORDER_PLACED", SalesChannel.WEB, bought, after(3)),
      domainEvent("RETURN_REQUESTED", SalesChannel.WEB, { ...returned, refund: 0 }, after(4)),
      domainEvent("RETURN_RECEIVED", SalesChannel.STORE, { ...returned, refund: 2_050 }, after(5)),
    );
    let seen = await timelineOf(returner.id);
    expect(seen.loyalty.points).toBe(returner.loyaltyPoints + 80 - 20);
    expect(seen.timeline.nodes.slice(0, 3).map((n) => n.type)).toEqual(["RETURN_RECEIVED", "RETURN_REQUESTED", "ORDER_PLACED"]);
    expect(seen.timeline.nodes[0]).toMatchObject({
      channel: "STORE",
      location: { name: shop.name },
      summary: `Return for order ${bought.orderNumber} received, 20.50 USD refunded`,
    });

    const huge = (returner.loyaltyPoints + 500) * 100;
    await publish(domainEvent("RETURN_RECEIVED", SalesChannel.STORE, { ...returned, returnId: "ret-ev-2", refund: huge }, after(6)));
    seen = await timelineOf(returner.id);
    expect(seen.loyalty).toEqual({ points: 0, tier: "BRONZE" });
  });

  it("a cancelled order gives back exactly the points it earned; only a call-center cancellation is a service contact", async () => {
    const online = order(canceller.id, 12_345);
    const phoned = order(canceller.id, 6_789);
    await publish(
      domainEvent("ORDER_PLACED", SalesChannel.WEB, online, after(7)),
      domainEvent("ORDER_PLACED", SalesChannel.CALL_CENTER, phoned, after(8)),
    );
    expect((await timelineOf(canceller.id)).loyalty.points).toBe(canceller.loyaltyPoints + 123 + 67);

    const cancelledOnline = domainEvent("ORDER_CANCELLED", SalesChannel.WEB, online, after(9));
    await publish(cancelledOnline, cancelledOnline, domainEvent("ORDER_CANCELLED", SalesChannel.CALL_CENTER, phoned, after(10)));
    const seen = await timelineOf(canceller.id);
    expect(seen.loyalty.points).toBe(canceller.loyaltyPoints);
    expect(seen.timeline.totalCount).toBe(seeded(canceller.id) + 3);
    expect(seen.timeline.nodes[0]).toMatchObject({
      type: "SERVICE_CONTACT",
      channel: "CALL_CENTER",
      orderId: phoned.orderId,
      summary: `Cancelled order ${phoned.orderNumber} through customer service`,
    });
  });

  it("a pickup shows on the timeline; the store getting the order ready does not", async () => {
    const placed = order(collector.id, 2_500);
    const fulfillment = {
      orderId: placed.orderId,
      orderNumber: placed.orderNumber,
      customerId: collector.id,
      fulfillmentId: "ful-ev-1",
      locationId: shop.id,
    };
    await publish(
      domainEvent("ORDER_PLACED", SalesChannel.WEB, placed, after(11)),
      domainEvent("FULFILLMENT_READY", SalesChannel.STORE, fulfillment, after(12)),
      domainEvent("FULFILLMENT_PICKED_UP", SalesChannel.WEB, fulfillment, after(13)),
    );
    const seen = await timelineOf(collector.id);
    expect(seen.timeline.totalCount).toBe(seeded(collector.id) + 2);
    expect(seen.timeline.nodes.slice(0, 2).map((n) => [n.type, n.channel, n.location?.name ?? null])).toEqual([
      ["ORDER_PICKED_UP", "STORE", shop.name],
      ["ORDER_PLACED", "WEB", null],
    ]);
  });

  it("filtering the timeline by channel covers what events added", async () => {
    const app = order(browser.id, 3_000);
    const till = order(browser.id, 1_000, { locationId: shop.id, associateId: associate.id });
    await publish(
      domainEvent("ORDER_PLACED", SalesChannel.MOBILE_APP, app, after(14)),
      domainEvent("STORE_SALE_RECORDED", SalesChannel.STORE, till, after(15)),
    );
    const onApp = await timelineOf(browser.id, { channels: [SalesChannel.MOBILE_APP], first: 100 });
    expect(onApp.timeline.totalCount).toBe(seeded(browser.id, [SalesChannel.MOBILE_APP]) + 1);
    expect(onApp.timeline.nodes[0]).toMatchObject({ orderId: app.orderId, channel: "MOBILE_APP" });
    expect(onApp.timeline.nodes.every((n) => n.channel === "MOBILE_APP")).toBe(true);

    const inStore = await timelineOf(browser.id, { channels: [SalesChannel.STORE, SalesChannel.KIOSK], first: 100 });
    expect(inStore.timeline.totalCount).toBe(seeded(browser.id, [SalesChannel.STORE, SalesChannel.KIOSK]) + 1);
    expect(inStore.timeline.nodes[0]).toMatchObject({ orderId: till.orderId, type: "STORE_PURCHASE" });
    expect(inStore.timeline.nodes.some((n) => n.orderId === app.orderId)).toBe(false);
  });

  it("an event for another customer shows only on that customer's timeline", async () => {
    const theirs = order(other.id, 9_900);
    await publish(domainEvent("ORDER_PLACED", SalesChannel.WEB, theirs, after(16)));

    const mine = await timelineOf(bystander.id, { first: 100 });
    expect(mine.timeline.totalCount).toBe(seeded(bystander.id));
    expect(mine.timeline.nodes.some((n) => n.orderId === theirs.orderId)).toBe(false);
    expect(mine.loyalty.points).toBe(bystander.loyaltyPoints);

    const theirsSeen = await timelineOf(other.id);
    expect(theirsSeen.timeline.nodes[0].orderId).toBe(theirs.orderId);
    expect(theirsSeen.loyalty.points).toBe(other.loyaltyPoints + 99);
    // The bystander cannot read the other customer's timeline at all.
    const peek = await graph.query(TIMELINE, { id: other.id }, await graph.as("customer", bystander.id));
    expect(peek.body.data.customer).toBeNull();
  });

  it("events without a customer or for an unknown one change nobody's timeline", async () => {
    const anonymous = order(null, 5_000);
    const stranger = domainEvent("ORDER_PLACED", SalesChannel.WEB, order("cust-unknown", 5_000), after(17));
    await publish(domainEvent("ORDER_PLACED", SalesChannel.WEB, anonymous, after(17)), stranger);
    expect(consumerLogs.some((l) => l.msg === "domain event names an unknown customer" && l.eventId === stranger.id)).toBe(true);
    const seen = await timelineOf(bystander.id, { first: 100 });
    expect(seen.timeline.totalCount).toBe(seeded(bystander.id));
  });

  it("what a shopper did anonymously on a cart moves to their timeline when they sign in and the cart is attached", async () => {
    const cartId = "cart-anonymous-ev-1";
    const variant = world.variants[42];
    const base = { customerId: null, cartId, locationId: null, associateId: null, orderId: null };
    await store.recordInteraction({
      ...base,
      id: "ix-anon-1",
      type: "PRODUCT_VIEWED",
      channel: SalesChannel.WEB,
      occurredAt: after(20),
      summary: `Viewed ${variant.sku}`,
      sku: variant.sku,
    });
    await store.recordInteraction({
      ...base,
      id: "ix-anon-2",
      type: "CART_UPDATED",
      channel: SalesChannel.WEB,
      occurredAt: after(21),
      summary: `Added ${variant.sku} to the cart`,
      sku: variant.sku,
    });

    const before = await timelineOf(shopper.id);
    expect(before.timeline.totalCount).toBe(seeded(shopper.id));

    const attached = domainEvent("CART_ATTACHED", SalesChannel.MOBILE_APP, { cartId, customerId: shopper.id }, after(22));
    await publish(attached, attached);
    let seen = await timelineOf(shopper.id);
    expect(seen.timeline.totalCount).toBe(seeded(shopper.id) + 2);
    expect(seen.timeline.nodes.slice(0, 2).map((n) => [n.id, n.type, n.channel, n.sku])).toEqual([
      ["ix-anon-2", "CART_UPDATED", "WEB", variant.sku],
      ["ix-anon-1", "PRODUCT_VIEWED", "WEB", variant.sku],
    ]);

    // Once attached, what is recorded against the cart goes straight to its owner.
    const later = await store.recordInteraction({
      ...base,
      id: "ix-anon-3",
      type: "CART_UPDATED",
      channel: SalesChannel.MOBILE_APP,
      occurredAt: after(23),
      summary: "Changed a quantity",
      sku: variant.sku,
    });
    expect(later?.customerId).toBe(shopper.id);
    seen = await timelineOf(shopper.id);
    expect(seen.timeline.totalCount).toBe(seeded(shopper.id) + 3);
    expect(seen.timeline.nodes[0]).toMatchObject({ id: "ix-anon-3", channel: "MOBILE_APP" });

    const bystanders = await timelineOf(bystander.id, { first: 100 });
    expect(bystanders.timeline.nodes.some((n) => n.id.startsWith("ix-anon-"))).toBe(false);
  });
});
