import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../../lib/channel.js";
import type { FulfillmentRecord, FulfillmentWithOrder, OrderRecord } from "../../../subgraphs/order/store/index.js";
import type { OrderStoreHarness } from "./fixtures.js";

/**
 * A store's fulfilment work on every OrderStore: the queue of pickups handed over at a location and shipments leaving
 * from it (ship-from-store), packed before shipping, shipped with carrier and tracking recorded in the same step, and a
 * till sale's tenders kept with its order.
 */
const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12)).toISOString();

function fulfillment(id: string, fields: Partial<FulfillmentRecord>): FulfillmentRecord {
  return {
    id,
    method: "SHIP_TO_HOME",
    originId: "store-1",
    pickupLocationId: null,
    status: "PENDING",
    pickupCode: null,
    trackingNumber: null,
    lineIds: [],
    ...fields,
  };
}

function order(id: string, day: number, fulfillments: FulfillmentRecord[], fields: Partial<OrderRecord> = {}): OrderRecord {
  return {
    id,
    number: `OG-${id.slice(-1)}`,
    customerId: "cust-1",
    channel: SalesChannel.WEB,
    placedAt: at(day),
    status: "PLACED",
    currencyCode: "USD",
    lines: [],
    shippingTotal: 0,
    shippingAddress: null,
    attribution: { channel: SalesChannel.WEB, locationId: null, associateId: null },
    fulfillments,
    returns: [],
    events: [{ type: "ORDER_PLACED", at: at(day), channel: SalesChannel.WEB, locationId: null }],
    ...fields,
  };
}

const seed = () => ({
  carts: [],
  orders: [
    // Shipped from store-1 (ship-from-store), the oldest.
    order("order-1", 1, [fulfillment("order-1-F1", {})]),
    // Picked up at store-1 while another part ships from the distribution center.
    order("order-2", 2, [
      fulfillment("order-2-F1", { method: "PICKUP_IN_STORE", pickupLocationId: "store-1", pickupCode: "ABC234" }),
      fulfillment("order-2-F2", { originId: "dc-1" }),
    ]),
    // Shipped from store-2.
    order("order-3", 3, [fulfillment("order-3-F1", { originId: "store-2", status: "PICKING" })]),
    // A till sale at store-1 with its tenders.
    order("order-4", 4, [fulfillment("order-4-F1", { method: "PICKUP_IN_STORE", pickupLocationId: "store-1", status: "PICKED_UP" })], {
      channel: SalesChannel.STORE,
      tenders: [
        { method: "CARD", amount: 1000, giftCardCode: null },
        { method: "CASH", amount: 500, giftCardCode: null },
      ],
    }),
  ],
});

const ids = (queue: FulfillmentWithOrder[]) => queue.map((f) => f.id);
const move = (fulfillmentId: string, from: FulfillmentRecord["status"], to: FulfillmentRecord["status"]) => ({
  fulfillmentId,
  from,
  to,
  event: { type: `FULFILLMENT_${to}`, at: at(10), channel: SalesChannel.STORE, locationId: "store-1" },
});

export function orderStoreWorkContract(name: string, harness: OrderStoreHarness): void {
  describe(`${name} order store: a store's fulfilment work`, () => {
    it("queues what a location hands over and what ships from it, oldest order first, by status", async () => {
      const store = await harness.makeStore(seed());
      const open = await store.fulfillmentQueue(["store-1", "store-2", "dc-1", "store-9"], ["PENDING", "PICKING", "PACKED"]);
      expect(open.map(ids)).toEqual([["order-1-F1", "order-2-F1"], ["order-3-F1"], ["order-2-F2"], []]);
      expect(open[0][0].order.id).toBe("order-1");
      expect((await store.fulfillmentQueue(["store-1"], ["PICKED_UP"])).map(ids)).toEqual([["order-4-F1"]]);
      expect(await store.fulfillmentQueue(["store-1"], [])).toEqual([[]]);
      // The pickup queue stays pickups only.
      expect((await store.pickupQueue(["store-1"], ["PENDING"])).map(ids)).toEqual([["order-2-F1"]]);
    });

    it("packs a shipment, then ships it with its carrier and tracking number in the same step; the queue follows", async () => {
      const [store, other] = await harness.instancesOf(await harness.makeStore(seed()), 2);
      expect(await store.moveFulfillment(move("order-1-F1", "PENDING", "PICKING"))).not.toBeNull();
      expect((await store.moveFulfillment(move("order-1-F1", "PICKING", "PACKED")))?.status).toBe("PACKED");
      expect((await other.fulfillmentQueue(["store-1"], ["PACKED"])).map(ids)).toEqual([["order-1-F1"]]);
      const shipped = await store.moveFulfillment({
        ...move("order-1-F1", "PACKED", "SHIPPED"),
        tracking: { carrier: "UPS", number: "1Z9" },
      });
      expect(shipped).toMatchObject({ status: "SHIPPED", carrier: "UPS", trackingNumber: "1Z9", order: { status: "IN_PROGRESS" } });
      const [read] = await other.fulfillmentsById(["order-1-F1"]);
      expect(read).toMatchObject({ status: "SHIPPED", carrier: "UPS", trackingNumber: "1Z9" });
      expect((await other.fulfillmentQueue(["store-1"], ["PACKED"])).map(ids)).toEqual([[]]);
      expect((await other.fulfillmentQueue(["store-1"], ["SHIPPED"])).map(ids)).toEqual([["order-1-F1"]]);
    });

    it("keeps a till sale's tenders with its order, seeded or created", async () => {
      const store = await harness.makeStore(seed());
      const [seeded] = await store.ordersById(["order-4"]);
      expect(seeded?.tenders).toEqual([
        { method: "CARD", amount: 1000, giftCardCode: null },
        { method: "CASH", amount: 500, giftCardCode: null },
      ]);
      const { number: _number, ...draft } = order("order-5", 5, [], {
        id: "order-5",
        tenders: [{ method: "GIFT_CARD", amount: 700, giftCardCode: "GC-1234" }],
      });
      await store.createOrder(draft);
      const [created] = await store.ordersById(["order-5"]);
      expect(created?.tenders).toEqual([{ method: "GIFT_CARD", amount: 700, giftCardCode: "GC-1234" }]);
    });
  });
}
