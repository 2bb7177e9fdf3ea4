import { describe, expect, it } from "vitest";
import { formatAmount } from "../../lib/money.js";
import {
  ADD,
  ATTACH,
  cartWith,
  CHECKOUT,
  CREATE,
  graph,
  HOME,
  newKey,
  notAtKiosk,
  other,
  pickupStory,
  published,
  run,
  SET,
  shipper,
  shippingLocations,
  stockAt,
  UPDATE,
  useCommerceGraph,
  web,
  world,
} from "../helpers/commerce-checkout.js";

// Carts that follow the shopper across channels: started anywhere, found everywhere, checked out for pickup or
// shipping, credited to the associate who helped. That a checkout never loses or doubles stock or money is in
// checkout-integrity.test.ts.

useCommerceGraph();

describe("a cart that follows the shopper", () => {
  it("a shopper adds to cart on the website anonymously, signs in on the mobile app, finds the cart there, checks out for pickup at their preferred store, and the store hands it over by code", async () => {
    const { customer, store, cart: seeded, repeated, extra } = pickupStory;
    const started = await run(CREATE, { input: {} }, web);
    expect(started.cart).toMatchObject({ createdChannel: "WEB", lastActiveChannel: "WEB", customer: null, version: 1, lines: [] });
    const added = await run(
      ADD,
      {
        cartId: started.cart.id,
        lines: [
          { sku: repeated.sku, quantity: 1 },
          { sku: extra.sku, quantity: 1 },
        ],
      },
      web,
    );
    expect(added.userErrors).toEqual([]);
    expect(added.cart.version).toBe(2);

    const app = { ...(await graph.as("customer", customer.id)), "x-channel": "MOBILE_APP" };
    const attached = await run(ATTACH, { cartId: started.cart.id }, app);
    expect(attached.userErrors).toEqual([]);
    // Merged into the active cart they already had: the same SKU leaving the same way adds up.
    expect(attached.cart).toMatchObject({ id: seeded.id, customer: { id: customer.id }, lastActiveChannel: "MOBILE_APP" });
    const quantities = Object.fromEntries(attached.cart.lines.map((l: any) => [l.variant.sku, l.quantity]));
    expect(quantities).toEqual({
      ...Object.fromEntries(seeded.lines.map((l) => [l.sku, l.quantity])),
      [repeated.sku]: repeated.quantity + 1,
      [extra.sku]: 1,
    });
    for (const line of attached.cart.lines) {
      expect(line.unitPrice.amount).toBe(formatAmount(world.variants.find((v) => v.sku === line.variant.sku)!.prices.MOBILE_APP.price));
    }
    const me = await graph.query(`{ me { activeCart { id version } } }`, undefined, app);
    expect(me.body.data.me.activeCart).toEqual({ id: seeded.id, version: attached.cart.version });
    // The anonymous cart is the customer's now: nobody else can use it.
    expect((await graph.query(`{ cart(id: "${started.cart.id}") { id } }`, undefined, web)).body.data.cart).toBeNull();

    const before = Object.fromEntries(
      await Promise.all(attached.cart.lines.map(async (l: any) => [l.variant.sku, await stockAt(l.variant.sku, store)])),
    );
    const pickup = await run(SET, { cartId: seeded.id, method: "PICKUP_IN_STORE", locationId: store }, app);
    expect(pickup.userErrors).toEqual([]);
    const placed = await run(
      CHECKOUT,
      { input: { cartId: seeded.id, paymentToken: "tok_visa", idempotencyKey: newKey("pickup"), expectedVersion: pickup.cart.version } },
      app,
    );
    expect(placed.userErrors).toEqual([]);
    const order = placed.order;
    expect(order).toMatchObject({
      channel: "MOBILE_APP",
      status: "PLACED",
      customer: { id: customer.id },
      shippingTotal: { amount: "0.00" },
    });
    expect(order.number).toMatch(/^OG-\d+$/);
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]).toMatchObject({
      method: "PICKUP_IN_STORE",
      status: "PENDING",
      origin: { id: store },
      pickupLocation: { id: store },
    });
    expect(order.fulfillments[0].pickupCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(order.events).toEqual([{ type: "ORDER_PLACED", channel: "MOBILE_APP" }]);

    const orders = await graph.query(`{ me { orders(first: 5) { nodes { id number } } activeCart { id } } }`, undefined, app);
    expect(orders.body.data.me.orders.nodes[0]).toEqual({ id: order.id, number: order.number });
    expect(orders.body.data.me.activeCart?.id).not.toBe(seeded.id);

    const associate = world.associates.find((a) => a.homeStoreId === store)!;
    const queue = await graph.query(
      `{ location(id: "${store}") { pickupQueue { id pickupCode order { id } } } }`,
      undefined,
      await graph.as("associate", associate.id, store),
    );
    expect(queue.body.data.location.pickupQueue).toContainEqual({
      id: order.fulfillments[0].id,
      pickupCode: order.fulfillments[0].pickupCode,
      order: { id: order.id },
    });

    for (const line of attached.cart.lines) {
      const after = await stockAt(line.variant.sku, store);
      expect(after!.availableToPromise).toBe(before[line.variant.sku]!.availableToPromise - line.quantity);
    }

    // The store picks it, marks it ready, and hands it over when the shopper reads out the code.
    const tablet = await graph.as("associate", associate.id, store);
    const fulfillmentId = order.fulfillments[0].id;
    for (const to of ["PICKING", "READY_FOR_PICKUP"]) {
      const moved = await graph.query(
        `mutation($id: ID!, $to: FulfillmentStatus!) { advanceFulfillment(fulfillmentId: $id, to: $to) { fulfillment { status } userErrors { code } } }`,
        { id: fulfillmentId, to },
        tablet,
      );
      expect(moved.body.data.advanceFulfillment).toEqual({ fulfillment: { status: to }, userErrors: [] });
    }
    const handedOver = await graph.query(
      `mutation($code: String!) { completePickup(pickupCode: $code) { fulfillment { id status } userErrors { code } } }`,
      { code: order.fulfillments[0].pickupCode },
      tablet,
    );
    expect(handedOver.body.data.completePickup).toEqual({ fulfillment: { id: fulfillmentId, status: "PICKED_UP" }, userErrors: [] });
    const done = await graph.query(`{ order(id: "${order.id}") { status } }`, undefined, app);
    expect(done.body.data.order.status).toBe("FULFILLED");
    await graph.bus.drain();
    const timeline = await graph.query(`{ me { timeline(first: 5) { nodes { type orderId } } } }`, undefined, app);
    expect(timeline.body.data.me.timeline.nodes).toEqual(
      expect.arrayContaining([
        { type: "ORDER_PICKED_UP", orderId: order.id },
        { type: "ORDER_PLACED", orderId: order.id },
      ]),
    );
    // The anonymous cart's earlier activity (product views on the website) moves to the customer.
    expect(published.filter((e) => e.type === "CART_ATTACHED").map((e) => e.payload)).toContainEqual({
      cartId: started.cart.id,
      customerId: customer.id,
    });
    expect(published.filter((e) => e.type === "ORDER_PLACED").map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ orderId: order.id, customerId: customer.id }),
    );
  });

  it("a kiosk order for a variant the kiosk's store does not stock is shipped to home from another location", async () => {
    const kiosk = { ...graph.key("kiosk"), ...(await graph.as("customer", shipper.id)) };
    expect(await stockAt(notAtKiosk.sku, "store-01")).toMatchObject({ onHand: 0, availableToPromise: 0 });
    const before = await Promise.all(shippingLocations.map((l) => stockAt(notAtKiosk.sku, l.id)));
    const cart = await cartWith(kiosk, [{ sku: notAtKiosk.sku, quantity: 2 }], { method: "SHIP_TO_HOME", address: HOME });
    expect(cart).toMatchObject({
      createdChannel: "KIOSK",
      customer: { id: shipper.id },
      attribution: { channel: "KIOSK", location: { id: "store-01" } },
    });

    const placed = await run(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("kiosk") } }, kiosk);
    expect(placed.userErrors).toEqual([]);
    const { order } = placed;
    const price = world.variants.find((v) => v.sku === notAtKiosk.sku)!.prices.KIOSK.price;
    expect(order).toMatchObject({
      channel: "KIOSK",
      customer: { id: shipper.id },
      attribution: { channel: "KIOSK", location: { id: "store-01" } },
    });
    expect(order.lines.map((l: any) => l.unitPrice.amount)).toEqual(order.lines.map(() => formatAmount(price)));
    expect(order.shippingTotal.amount).toBe(price * 2 < 7500 ? "7.99" : "0.00");
    const origins = order.fulfillments.map((f: any) => f.origin.id);
    expect(order.fulfillments.every((f: any) => f.method === "SHIP_TO_HOME" && f.pickupCode === null && f.pickupLocation === null)).toBe(
      true,
    );
    expect(origins).not.toContain("store-01");

    // Exactly the origins gave the units, as many as their fulfillments carry.
    const after = await Promise.all(shippingLocations.map((l) => stockAt(notAtKiosk.sku, l.id)));
    shippingLocations.forEach((location, i) => {
      const shipped = order.fulfillments
        .filter((f: any) => f.origin.id === location.id)
        .flatMap((f: any) => f.lines)
        .reduce((sum: number, l: any) => sum + l.quantity, 0);
      expect((before[i]?.onHand ?? 0) - (after[i]?.onHand ?? 0)).toBe(shipped);
    });
  });

  it("cart rules: quantities 1 to 99, known SKUs, a store that offers the service, an address to ship to, the channel's prices", async () => {
    const cart = (await run(CREATE, { input: {} }, web)).cart;
    expect((await run(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 100 }] }, web)).userErrors[0]).toMatchObject({
      code: "INVALID_QUANTITY",
      field: ["lines", "0", "quantity"],
    });
    expect((await run(ADD, { cartId: cart.id, lines: [{ sku: "SKU-NOPE-01", quantity: 1 }] }, web)).userErrors[0]).toMatchObject({
      code: "UNKNOWN_SKU",
      field: ["lines", "0", "sku"],
    });
    const added = await run(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 2 }] }, web);
    expect(added.cart.version).toBe(2);
    expect(added.cart.estimatedTotal.amount).toBe(formatAmount(other.prices.WEB.price * 2));

    const curbsideless = world.locations.find((l) => l.type === "STORE" && !l.capabilities.includes("CURBSIDE"))!;
    const noCurbside = await run(SET, { cartId: cart.id, method: "CURBSIDE", locationId: curbsideless.id }, web);
    expect(noCurbside.userErrors[0]).toMatchObject({ code: "INVALID_LOCATION", field: ["locationId"] });
    expect((await run(SET, { cartId: cart.id, method: "PICKUP_IN_STORE", locationId: "dc-01" }, web)).userErrors[0].code).toBe(
      "INVALID_LOCATION",
    );
    expect((await run(SET, { cartId: cart.id, method: "SHIP_TO_HOME" }, web)).userErrors[0].code).toBe("ADDRESS_REQUIRED");
    // An address to ship to is checked as a saved address is: a street, a city, a postal code, a two-letter country.
    const address = { line1: "1 Lake St", city: "Chicago", postalCode: "60601", country: "us" };
    const refused = async (changed: Record<string, string>) =>
      (await run(SET, { cartId: cart.id, method: "SHIP_TO_HOME", address: { ...address, ...changed } }, web)).userErrors;
    expect(await refused({ country: "United States" })).toMatchObject([{ code: "INVALID_ADDRESS", field: ["shippingAddress", "country"] }]);
    expect(await refused({ line1: "   " })).toMatchObject([{ code: "INVALID_ADDRESS", field: ["shippingAddress"] }]);
    expect(await refused({ postalCode: "6".repeat(17) })).toMatchObject([{ code: "INVALID_ADDRESS", field: ["shippingAddress"] }]);
    expect(await refused({ city: "Chi\u202Ecago" })).toMatchObject([{ code: "INVALID_TEXT", field: ["shippingAddress", "city"] }]);

    // The same cart touched at a kiosk: re-priced from the kiosk's price list, and the kiosk is where it was last active.
    const lineId = added.cart.lines[0].id;
    const atKiosk = await run(UPDATE, { cartId: cart.id, lineId, quantity: 3 }, graph.key("kiosk"));
    expect(atKiosk.cart).toMatchObject({
      version: 3,
      lastActiveChannel: "KIOSK",
      estimatedTotal: { amount: formatAmount(other.prices.KIOSK.price * 3) },
    });
    const removed = await run(UPDATE, { cartId: cart.id, lineId, quantity: 0 }, web);
    expect(removed.cart).toMatchObject({ version: 4, lines: [] });
  });

  it("an associate helping a walk-in guest on a tablet is credited with the cart and the order", async () => {
    const associate = world.associates.find((a) => a.homeStoreId === "store-02")!;
    const tablet = { ...(await graph.as("associate", associate.id, "store-02")), "x-channel": "STORE" };
    const cart = await cartWith(tablet, [{ sku: other.sku, quantity: 1 }], { method: "SHIP_TO_HOME", address: HOME });
    const credit = { channel: "STORE", location: { id: "store-02" }, associate: { id: associate.id } };
    expect(cart).toMatchObject({ createdChannel: "STORE", customer: null, attribution: credit });
    const placed = await run(CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("tablet") } }, tablet);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({ channel: "STORE", customer: null, attribution: credit });
    expect(placed.order.lines[0].unitPrice.amount).toBe(formatAmount(other.prices.STORE.price));
  });

  it("a customer's cart is not found for anyone else, and cannot be attached by them", async () => {
    const owner = await graph.as("customer", shipper.id);
    const cart = (await run(CREATE, { input: {} }, owner)).cart;
    const intruder = await graph.as("customer", pickupStory.customer.id);
    for (const [query, variables] of [
      [ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 1 }] }],
      [ATTACH, { cartId: cart.id }],
      [CHECKOUT, { input: { cartId: cart.id, paymentToken: "tok_visa", idempotencyKey: newKey("intruder") } }],
    ] as const) {
      const answer = await graph.query(query, variables, intruder);
      expect(answer.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    }
    expect((await graph.query(ADD, { cartId: cart.id, lines: [{ sku: other.sku, quantity: 1 }] })).body.errors?.[0].extensions?.code).toBe(
      "NOT_FOUND",
    );
  });
});
