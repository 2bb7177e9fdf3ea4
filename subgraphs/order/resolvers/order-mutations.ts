import { createHash, randomUUID } from "node:crypto";

import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny, PEOPLE } from "../../../lib/auth/access.js";
import { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { requireText } from "../../../lib/text.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import type { UserError } from "../../../lib/graphql/types.js";
import type { OrderServices } from "../index.js";
import { canSeeOrder } from "../access.js";
import type { OrderContext } from "../context.js";
import { isCancellable, orderFacts, orderTotalCents, publish } from "../lifecycle.js";
import type { Reservation, ReservationLine } from "../services/inventory.js";
import type { OrderLineRecord, OrderRecord } from "../store/index.js";
import { OrderPayload } from "../types/payloads.js";
import { signedInAssociateListedAt } from "../services/staff.js";
import { StoreSaleInput } from "../types/return-inputs.js";

/** How long after a cancellation a retry may still finish its settlement (well inside the services' key memory). */
const RESETTLE_WINDOW_MS = 24 * 3_600_000;

const MAX_REASON = 500;
const MAX_UNITS = 99;

function refused(code: string, message: string, field: string[] | null = null): OrderPayload {
  return { order: null, userErrors: [{ code, message, field }] };
}

export function orderMutations(services: OrderServices) {
  const { store } = services;

  /**
   * What a cancellation owes once the order is marked cancelled: the units of every fulfillment it stopped back at
   * that fulfillment's origin, and the money back. Every call is idempotent on its key, so running this again (a
   * retried cancel after a failure half-way) never gives back twice.
   */
  async function settleCancellation(ctx: OrderContext, order: OrderRecord): Promise<void> {
    const stopped = new Set(order.cancellation?.fulfillmentIds ?? []);
    for (const fulfillment of order.fulfillments) {
      if (!stopped.has(fulfillment.id) || !fulfillment.originId) continue;
      const lineIds = new Set(fulfillment.lineIds);
      const units = order.lines.filter((line) => lineIds.has(line.id)).map((line) => ({ sku: line.sku, quantity: line.quantity }));
      if (units.length > 0) await services.inventory.restock(`cancel-${order.id}-${fulfillment.id}`, fulfillment.originId, units);
    }
    await services.payments.refund({
      authorizationId: order.paymentAuthorizationId ?? null,
      amount: orderTotalCents(order),
      currencyCode: order.currencyCode,
      idempotencyKey: `cancel-${order.id}`,
    });
    // One id per order, so consumers apply a re-published cancellation once.
    const event = domainEvent("ORDER_CANCELLED", ctx.channel, orderFacts(order), order.cancellation?.at);
    await publish(services.bus, ctx.logger, { ...event, id: `order-cancelled-${order.id}` } as DomainEvent);
  }

  @Resolver()
  class OrderMutations {
    @Authorized(...PEOPLE)
    @Mutation(() => OrderPayload, {
      description:
        "The customer who placed it, or staff: cancel an order before anything has shipped, been handed over or the customer is at the curb. Every fulfillment is cancelled, the units go back to stock where they were to leave from and the payment is refunded. ORDER_NOT_CANCELLABLE otherwise. Retrying a cancellation is safe.",
    })
    async cancelOrder(
      @Arg("orderId", () => ID, { description: "The order to cancel." }) orderId: string,
      @Arg("reason", () => String, { nullable: true, description: `Why, in the customer's or agent's words (at most ${MAX_REASON} characters; control, direction and invisible characters are refused).` })
      reason: string | null,
      @Ctx() ctx: OrderContext,
    ): Promise<OrderPayload> {
      const why = reason == null ? null : requireText(reason, { field: ["reason"], multiline: true }) || null;
      if (why !== null && why.length > MAX_REASON) throw new BadUserInputError(`A reason has at most ${MAX_REASON} characters.`, ["reason"]);
      const [order] = await store.ordersById([orderId]);
      if (!order || !canSeeOrder(ctx.viewer, order)) throw new NotFoundError("Order", orderId);
      if (order.status === "CANCELLED" && order.cancellation) {
        // A retry finishes a settlement that failed part-way; its restock and refund keys make that safe only while
        // the services still remember them, so a late repeat changes nothing.
        if (Date.now() - Date.parse(order.cancellation.at) < RESETTLE_WINDOW_MS) await settleCancellation(ctx, order);
        return { order, userErrors: [] };
      }
      if (!isCancellable(order)) {
        return {
          order,
          userErrors: [{ code: "ORDER_NOT_CANCELLABLE", message: `Order ${order.number} is ${order.status} and can no longer be cancelled.`, field: ["orderId"] }],
        };
      }
      const cancelled = await store.cancelOrder({
        orderId,
        expected: order.fulfillments.map((f) => ({ fulfillmentId: f.id, status: f.status })),
        cancellation: { reason: why, at: new Date().toISOString() },
        event: {
          type: "ORDER_CANCELLED",
          at: new Date().toISOString(),
          channel: ctx.channel,
          locationId: ctx.viewer.kind === "associate" ? ctx.viewer.storeId : null,
        },
      });
      if (!cancelled) {
        const [current] = await store.ordersById([orderId]);
        return current && isCancellable(current)
          ? { order: current, userErrors: [{ code: "ORDER_CHANGED", message: "The order changed while cancelling; reload and try again.", field: null }] }
          : { order: current, userErrors: [{ code: "ORDER_NOT_CANCELLABLE", message: "The order moved on meanwhile and can no longer be cancelled.", field: ["orderId"] }] };
      }
      await settleCancellation(ctx, cancelled);
      return { order: cancelled, userErrors: [] };
    }

    @Authorized("associate", "service")
    @Mutation(() => OrderPayload, {
      description:
        "Associates of the store: ring up a purchase at the till. Priced from the store price list, stock taken from this store, paid and handed over at once: an order with channel STORE, FULFILLED, credited to the store and the associate, who must be on the staff records at that store (INVALID_ATTRIBUTION otherwise). OUT_OF_STOCK, PAYMENT_DECLINED or UNKNOWN_SKU otherwise, and then nothing is held or charged.",
    })
    async recordStoreSale(
      @Arg("input", () => StoreSaleInput, { description: "The store, what is bought, who buys and how they pay." }) input: StoreSaleInput,
      @Ctx() ctx: OrderContext,
    ): Promise<OrderPayload> {
      if (!actsForStore(ctx.viewer, input.locationId)) deny(ctx.viewer, "only associates of the store can ring up a sale there.");
      // The sale is credited to the associate ringing it up: they must be on the staff records, at this store.
      if (ctx.viewer.kind === "associate" && (await signedInAssociateListedAt(services.staff, ctx.viewer.id, input.locationId, ctx.logger)) === false) {
        return refused("INVALID_ATTRIBUTION", `The staff records do not list "${ctx.viewer.id}" at ${input.locationId}; a sale is credited only to the store's own associates.`);
      }
      if (input.lines.length === 0) throw new BadUserInputError("A sale needs at least one line.", ["input", "lines"]);
      if (input.lines.length > 100) throw new BadUserInputError("A sale holds at most 100 lines.", ["input", "lines"]);
      input.lines.forEach((line, i) => {
        if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_UNITS) {
          throw new BadUserInputError(`Quantity must be 1 to ${MAX_UNITS}.`, ["input", "lines", String(i), "quantity"]);
        }
      });

      const prices = await services.catalog.prices(
        input.lines.map((line) => line.sku),
        SalesChannel.STORE,
      );
      const unknown = input.lines.flatMap((line, i): UserError[] =>
        prices[i] ? [] : [{ code: "UNKNOWN_SKU", message: `The catalog has no SKU ${line.sku}.`, field: ["input", "lines", String(i), "sku"] }],
      );
      if (unknown.length > 0) return { order: null, userErrors: unknown };
      const currencyCode = prices[0]!.currencyCode;
      if (prices.some((price) => price!.currencyCode !== currencyCode)) throw new BadUserInputError("A sale is paid in one currency.", ["input", "lines"]);

      // With the till's key the sale has one id, and with it one hold, one payment and one order, however often it is sent.
      const key = input.idempotencyKey ?? null;
      if (key !== null && (key.length === 0 || key.length > 200)) throw new BadUserInputError("idempotencyKey must be 1 to 200 characters.", ["input", "idempotencyKey"]);
      const orderId = key ? `order-${createHash("sha256").update(`sale:${input.locationId}:${key}`).digest("hex").slice(0, 24)}` : `order-${randomUUID()}`;
      if (key) {
        const [earlier] = await store.ordersById([orderId]);
        if (earlier) return { order: earlier, userErrors: [] };
      }
      const fulfillmentId = `${orderId}-F1`;
      const lines: OrderLineRecord[] = input.lines.map((line, i) => ({
        id: `${orderId}-L${i + 1}`,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: prices[i]!.price,
        fulfillmentId,
      }));
      const total = orderTotalCents({ lines, shippingTotal: 0 });
      const holdLines: ReservationLine[] = lines.map((line) => ({
        lineKey: line.id,
        sku: line.sku,
        quantity: line.quantity,
        method: "PICKUP_IN_STORE",
        locationId: input.locationId,
        shipTo: null,
      }));

      // The goods are in the customer's hands at the till, so the store's safety stock does not hold them back.
      const reservation: Reservation = await services.inventory.reserve(`sale-${orderId}`, holdLines, { ignoreSafetyStock: true });
      // A key whose sale went through up to the stock (a retry after the answer was lost) carries on from there.
      const resumable = reservation.status === "HELD" || reservation.status === "COMMITTED";
      if (reservation.status !== "REFUSED" && !resumable) {
        return {
          order: null,
          userErrors: [{ code: "SALE_KEY_USED", message: "This idempotency key belongs to a sale that did not go through; ring it up with a new key.", field: ["input", "idempotencyKey"] }],
        };
      }
      if (!resumable || !reservation.reservationId) {
        return {
          order: null,
          userErrors: reservation.shortfalls.map((shortfall) => {
            const i = lines.findIndex((line) => line.id === shortfall.lineKey);
            return {
              code: "OUT_OF_STOCK",
              message: `${shortfall.sku}: ${shortfall.available} available at this store, ${shortfall.requested} asked for.`,
              field: ["input", "lines", String(Math.max(i, 0)), "quantity"],
            };
          }),
        };
      }

      const reservationId = reservation.reservationId;
      const done = { authorizationId: null as string | null, committed: false, captured: false };
      try {
        const authorization = await services.payments.authorize({ token: input.paymentToken, amount: total, currencyCode, idempotencyKey: `sale-${orderId}` });
        if (authorization.status === "DECLINED") {
          await services.inventory.release(reservationId);
          return refused("PAYMENT_DECLINED", authorization.reason, ["input", "paymentToken"]);
        }
        done.authorizationId = authorization.authorizationId;
        const commit = await services.inventory.commit(reservationId);
        // Anything but COMMITTED (a hold that lapsed meanwhile) means the units did not leave: no sale.
        if (commit.status !== "COMMITTED") throw new Error(`store sale hold "${reservationId}" came back ${commit.status}`);
        done.committed = true;
        await services.payments.capture(authorization.authorizationId);
        done.captured = true;
        const now = new Date().toISOString();
        const order = await store.createOrder({
          id: orderId,
          customerId: input.customerId ?? null,
          channel: SalesChannel.STORE,
          placedAt: now,
          status: "FULFILLED",
          currencyCode,
          lines,
          shippingTotal: 0,
          shippingAddress: null,
          attribution: { channel: SalesChannel.STORE, locationId: input.locationId, associateId: ctx.viewer.kind === "associate" ? ctx.viewer.id : null },
          fulfillments: [
            {
              id: fulfillmentId,
              method: "PICKUP_IN_STORE",
              originId: input.locationId,
              pickupLocationId: input.locationId,
              status: "PICKED_UP",
              pickupCode: null,
              trackingNumber: null,
              lineIds: lines.map((line) => line.id),
            },
          ],
          returns: [],
          events: [{ type: "STORE_SALE_RECORDED", at: now, channel: SalesChannel.STORE, locationId: input.locationId }],
          paymentAuthorizationId: authorization.authorizationId,
        });
        await publish(services.bus, ctx.logger, domainEvent("STORE_SALE_RECORDED", SalesChannel.STORE, orderFacts(order), now));
        return { order, userErrors: [] };
      } catch (error) {
        await undoSale(ctx, { orderId, reservationId, locationId: input.locationId, lines, total, currencyCode, ...done });
        throw error;
      }
    }
  }

  /** Gives back whatever a failed sale had taken: the hold or the committed units, and the money. */
  async function undoSale(
    ctx: OrderContext,
    sale: {
      orderId: string;
      reservationId: string;
      locationId: string;
      lines: OrderLineRecord[];
      total: number;
      currencyCode: string;
      authorizationId: string | null;
      committed: boolean;
      captured: boolean;
    },
  ): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      sale.committed
        ? ["restock", () => services.inventory.restock(`sale-${sale.orderId}-undo`, sale.locationId, sale.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })))]
        : [
            "release",
            async () => {
              // A commit whose answer was lost did happen: then the units go back instead.
              const released = await services.inventory.release(sale.reservationId);
              if (released.status === "COMMITTED") {
                await services.inventory.restock(`sale-${sale.orderId}-undo`, sale.locationId, sale.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
              }
            },
          ],
    ];
    if (sale.captured) {
      steps.push(["refund", () => services.payments.refund({ authorizationId: sale.authorizationId, amount: sale.total, currencyCode: sale.currencyCode, idempotencyKey: `sale-${sale.orderId}-undo` })]);
    } else if (sale.authorizationId) {
      const authorizationId = sale.authorizationId;
      steps.push(["void", () => services.payments.void(authorizationId)]);
    }
    for (const [step, run] of steps) {
      try {
        await run();
      } catch (error) {
        ctx.logger.error("store sale: undo step failed", { step, orderId: sale.orderId, reservationId: sale.reservationId, error });
      }
    }
  }

  return OrderMutations;
}
