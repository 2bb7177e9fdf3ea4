import { describe, expect, it } from "vitest";
import {
  canMove,
  fulfillmentEventType,
  isCancellable,
  orderStatusOf,
  orderTotalCents,
  returnableUnits,
  returnRefusal,
} from "../../subgraphs/order/lifecycle.js";
import type { FulfillmentRecord, FulfillmentStatusName, OrderRecord } from "../../subgraphs/order/store/index.js";

function fulfillment(id: string, status: FulfillmentStatusName, lineIds: string[] = []): FulfillmentRecord {
  return {
    id,
    method: "PICKUP_IN_STORE",
    originId: "store-1",
    pickupLocationId: "store-1",
    status,
    pickupCode: null,
    trackingNumber: null,
    lineIds,
  };
}

/** An order of two lines, each with its own fulfillment, and the returns asked so far. */
function order(statuses: [FulfillmentStatusName, FulfillmentStatusName], returns: OrderRecord["returns"] = []) {
  return {
    lines: [
      { id: "L1", sku: "SKU-1", quantity: 3, unitPrice: 1000, fulfillmentId: "F1" },
      { id: "L2", sku: "SKU-2", quantity: 1, unitPrice: 500, fulfillmentId: "F2" },
    ],
    fulfillments: [fulfillment("F1", statuses[0], ["L1"]), fulfillment("F2", statuses[1], ["L2"])],
    returns,
  };
}

describe("order status, derived from the fulfillments", () => {
  it("follows the fulfillments: placed, in progress, partly and wholly fulfilled, cancelled", () => {
    expect(orderStatusOf([fulfillment("a", "PENDING"), fulfillment("b", "PENDING")])).toBe("PLACED");
    expect(orderStatusOf([fulfillment("a", "PENDING"), fulfillment("b", "PICKING")])).toBe("IN_PROGRESS");
    expect(orderStatusOf([fulfillment("a", "PICKED_UP"), fulfillment("b", "SHIPPED")])).toBe("PARTIALLY_FULFILLED");
    expect(orderStatusOf([fulfillment("a", "PICKED_UP"), fulfillment("b", "DELIVERED")])).toBe("FULFILLED");
    expect(orderStatusOf([fulfillment("a", "CANCELLED")])).toBe("CANCELLED");
    expect(orderStatusOf([])).toBe("CANCELLED");
  });

  it("leaves cancelled fulfillments out: the rest decide", () => {
    expect(orderStatusOf([fulfillment("a", "CANCELLED"), fulfillment("b", "DELIVERED")])).toBe("FULFILLED");
    expect(orderStatusOf([fulfillment("a", "CANCELLED"), fulfillment("b", "PENDING")])).toBe("PLACED");
  });
});

describe("fulfillment moves", () => {
  it("allows each method its own steps only, one at a time", () => {
    expect(canMove("SHIP_TO_HOME", "PENDING", "PICKING")).toBe(true);
    expect(canMove("SHIP_TO_HOME", "PICKING", "SHIPPED")).toBe(true);
    expect(canMove("SHIP_TO_HOME", "PICKING", "READY_FOR_PICKUP")).toBe(false);
    expect(canMove("SHIP_TO_HOME", "PENDING", "SHIPPED")).toBe(false);
    expect(canMove("PICKUP_IN_STORE", "READY_FOR_PICKUP", "PICKED_UP")).toBe(true);
    expect(canMove("PICKUP_IN_STORE", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED")).toBe(false);
    expect(canMove("CURBSIDE", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED")).toBe(true);
    expect(canMove("CURBSIDE", "CUSTOMER_ARRIVED", "PICKED_UP")).toBe(true);
    expect(canMove("CURBSIDE", "PICKED_UP", "PENDING")).toBe(false);
  });

  it("never moves to CANCELLED: cancelling goes through cancelOrder, which gives the stock back", () => {
    for (const method of ["SHIP_TO_HOME", "PICKUP_IN_STORE", "CURBSIDE"] as const)
      expect(canMove(method, "PENDING", "CANCELLED")).toBe(false);
  });

  it("names the event each move publishes, and none for a cancellation", () => {
    expect(fulfillmentEventType("READY_FOR_PICKUP")).toBe("FULFILLMENT_READY");
    expect(fulfillmentEventType("SHIPPED")).toBe("FULFILLMENT_SHIPPED");
    expect(fulfillmentEventType("PICKED_UP")).toBe("FULFILLMENT_PICKED_UP");
    expect(fulfillmentEventType("CUSTOMER_ARRIVED")).toBe("FULFILLMENT_CUSTOMER_ARRIVED");
    expect(fulfillmentEventType("PACKED")).toBe("FULFILLMENT_PACKED");
    expect(fulfillmentEventType("CANCELLED")).toBeNull();
  });
});

describe("cancelling", () => {
  it("is allowed until a fulfillment is on its way, at the curb or handed over", () => {
    expect(isCancellable({ status: "PLACED", ...order(["PENDING", "PICKING"]) })).toBe(true);
    expect(isCancellable({ status: "IN_PROGRESS", ...order(["READY_FOR_PICKUP", "PENDING"]) })).toBe(true);
    expect(isCancellable({ status: "IN_PROGRESS", ...order(["CUSTOMER_ARRIVED", "PENDING"]) })).toBe(false);
    expect(isCancellable({ status: "IN_PROGRESS", ...order(["SHIPPED", "PENDING"]) })).toBe(false);
    expect(isCancellable({ status: "CANCELLED", ...order(["CANCELLED", "CANCELLED"]) })).toBe(false);
  });
});

describe("returns", () => {
  it("only handed-over lines may come back, never more units than bought and not yet asked back", () => {
    const placed = order(
      ["PICKED_UP", "PENDING"],
      [
        {
          id: "R1",
          method: "MAIL",
          dropOffLocationId: null,
          status: "REQUESTED",
          lines: [{ orderLineId: "L1", quantity: 1 }],
          refund: null,
          requestedAt: "",
          receivedAt: null,
        },
      ],
    );
    expect(returnableUnits(placed, "L1")).toBe(2);
    expect(returnableUnits(placed, "L2")).toBe(0);
    expect(returnableUnits(placed, "nope")).toBe(0);
    expect(returnRefusal(placed, [{ orderLineId: "L1", quantity: 2 }])).toBeNull();
    expect(returnRefusal(placed, [{ orderLineId: "L2", quantity: 1 }])).toMatchObject({ code: "LINE_NOT_RETURNABLE", orderLineId: "L2" });
    expect(returnRefusal(placed, [{ orderLineId: "X", quantity: 1 }])).toMatchObject({ code: "UNKNOWN_ORDER_LINE" });
  });

  it("adds up lines naming the same order line, so splitting a request does not get around the limit", () => {
    const delivered = order(["PICKED_UP", "PICKED_UP"]);
    expect(returnRefusal(delivered, [{ orderLineId: "L1", quantity: 3 }])).toBeNull();
    expect(
      returnRefusal(delivered, [
        { orderLineId: "L1", quantity: 2 },
        { orderLineId: "L1", quantity: 2 },
      ]),
    ).toEqual({ code: "RETURN_QUANTITY_EXCEEDED", orderLineId: "L1", returnable: 3 });
  });
});

describe("order total", () => {
  it("is the lines at the prices charged plus shipping, less discounts, plus tax", () => {
    const lines = [
      { id: "a", sku: "A", quantity: 2, unitPrice: 1250, fulfillmentId: null },
      { id: "b", sku: "B", quantity: 1, unitPrice: 999, fulfillmentId: null },
    ];
    expect(orderTotalCents({ lines, shippingTotal: 799 })).toBe(2500 + 999 + 799);
    expect(orderTotalCents({ lines, shippingTotal: 0, discountTotal: 500, taxTotal: 240 })).toBe(3499 - 500 + 240);
  });
});
