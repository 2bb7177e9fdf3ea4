import { describe, expect, it } from "vitest";
import { at, event, change, move, newReturn, freshStore, type OrderStoreHarness } from "./fixtures.js";

/** Events recorded with their changes: in the outbox only when the write applies. */
export function outboxContract(name: string, harness: OrderStoreHarness): void {
  const fresh = freshStore(harness);

  describe(`${name} order store: events recorded with their changes`, () => {
    const tagged = (id: string) => () =>
      [{ id, type: "CART_ATTACHED", occurredAt: at(20), channel: null, payload: { cartId: id, customerId: "x" } }] as never;

    it("every write records its events in the outbox only when it applies, in the order the writes applied", async () => {
      const store = await fresh();
      expect(await store.moveFulfillment(move("order-3-F1", "PICKING", "READY_FOR_PICKUP"), tagged("refused-move"))).toBeNull();
      expect(await store.moveFulfillment(move("order-3-F1", "PENDING", "PICKING"), tagged("move"))).not.toBeNull();
      expect(
        await store.cancelOrder(
          {
            orderId: "order-6",
            expected: [{ fulfillmentId: "order-6-F1", status: "PICKING" }],
            cancellation: { reason: null, at: at(21) },
            event: event("ORDER_CANCELLED"),
          },
          tagged("refused-cancel"),
        ),
      ).toBeNull();
      expect(
        await store.cancelOrder(
          {
            orderId: "order-6",
            expected: [{ fulfillmentId: "order-6-F1", status: "PENDING" }],
            cancellation: { reason: null, at: at(21) },
            event: event("ORDER_CANCELLED"),
          },
          tagged("cancel"),
        ),
      ).not.toBeNull();
      expect(
        await store.addReturn(
          { orderId: "order-1", ret: newReturn("ret-x", [{ orderLineId: "order-1-L1", quantity: 5 }]), event: event("RETURN_REQUESTED") },
          tagged("refused-return"),
        ),
      ).toMatchObject({ ok: false });
      expect(
        await store.addReturn(
          { orderId: "order-1", ret: newReturn("ret-y", [{ orderLineId: "order-1-L2", quantity: 1 }]), event: event("RETURN_REQUESTED") },
          tagged("return"),
        ),
      ).toMatchObject({ ok: true });
      expect(
        await store.receiveReturn(
          { returnId: "ret-y", refund: 500, receivedAt: at(22), event: event("RETURN_RECEIVED") },
          tagged("receive"),
        ),
      ).not.toBeNull();
      expect(
        await store.receiveReturn(
          { returnId: "ret-y", refund: 500, receivedAt: at(22), event: event("RETURN_RECEIVED") },
          tagged("refused-receive"),
        ),
      ).toBeNull();
      const merge = {
        sourceId: "cart-anon",
        sourceVersion: 2,
        targetId: "cart-a2",
        targetVersion: 3,
        customerId: "cust-a",
        lines: [],
        change: change([]),
      };
      expect(await store.mergeCarts({ ...merge, sourceVersion: 1 }, tagged("refused-merge"))).toMatchObject({ status: "CHANGED" });
      expect(await store.mergeCarts(merge, tagged("merge"))).toMatchObject({ status: "UPDATED" });
      expect((await store.outbox.pending(20)).map((e) => e.id)).toEqual(["move", "cancel", "return", "receive", "merge"]);
    });
  });
}
