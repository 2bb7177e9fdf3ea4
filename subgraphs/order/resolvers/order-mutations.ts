import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { actsForStore, deny, PEOPLE } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { requireText } from "../../../lib/text.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import type { OrderServices } from "../index.js";
import { canSeeOrder } from "../access.js";
import type { OrderContext } from "../context.js";
import { isCancellable, orderFacts, orderTotalCents } from "../lifecycle.js";
import { refundTargets } from "../pricing/refunds.js";
import { recordStoreSale } from "../services/store-sale.js";
import type { OrderRecord } from "../store/index.js";
import { OrderPayload } from "../types/payloads.js";
import { signedInAssociateListedAt } from "../services/staff.js";
import { StoreSaleInput } from "../types/return-inputs.js";

/** How long after a cancellation a retry may still finish its settlement (well inside the services' key memory). */
const RESETTLE_WINDOW_MS = 24 * 3_600_000;

const MAX_REASON = 500;

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
  async function settleCancellation(_ctx: OrderContext, order: OrderRecord): Promise<void> {
    const stopped = new Set(order.cancellation?.fulfillmentIds ?? []);
    for (const fulfillment of order.fulfillments) {
      if (!stopped.has(fulfillment.id) || !fulfillment.originId) continue;
      const lineIds = new Set(fulfillment.lineIds);
      const units = order.lines.filter((line) => lineIds.has(line.id)).map((line) => ({ sku: line.sku, quantity: line.quantity }));
      if (units.length > 0) await services.inventory.restock(`cancel-${order.id}-${fulfillment.id}`, fulfillment.originId, units);
    }
    // Points spent on it go back to the customer.
    const points = order.loyaltyRedemption;
    if (points && services.settlement.loyalty) await services.settlement.loyalty.giveBack(points.key, `cancel-${order.id}`, null);
    // Gift cards get back what they paid; the payment card the rest.
    const targets = refundTargets(order, orderTotalCents(order), 0);
    for (const card of targets.giftCards) await store.refundGiftCard(`cancel-${order.id}-${card.code}`, card.code, card.amount);
    if (targets.card > 0 || targets.giftCards.length === 0) {
      await services.payments.refund({
        authorizationId: order.paymentAuthorizationId ?? null,
        amount: targets.card,
        currencyCode: order.currencyCode,
        idempotencyKey: `cancel-${order.id}`,
      });
    }
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
      @Arg("reason", () => String, {
        nullable: true,
        description: `Why, in the customer's or agent's words (at most ${MAX_REASON} characters; control, direction and invisible characters are refused).`,
      })
      reason: string | null,
      @Ctx() ctx: OrderContext,
    ): Promise<OrderPayload> {
      const why = reason == null ? null : requireText(reason, { field: ["reason"], multiline: true }) || null;
      if (why !== null && why.length > MAX_REASON)
        throw new BadUserInputError(`A reason has at most ${MAX_REASON} characters.`, ["reason"]);
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
          userErrors: [
            {
              code: "ORDER_NOT_CANCELLABLE",
              message: `Order ${order.number} is ${order.status} and can no longer be cancelled.`,
              field: ["orderId"],
            },
          ],
        };
      }
      const cancelled = await store.cancelOrder(
        {
          orderId,
          expected: order.fulfillments.map((f) => ({ fulfillmentId: f.id, status: f.status })),
          cancellation: { reason: why, at: new Date().toISOString() },
          event: {
            type: "ORDER_CANCELLED",
            at: new Date().toISOString(),
            channel: ctx.channel,
            locationId: ctx.viewer.kind === "associate" ? ctx.viewer.storeId : null,
          },
        },
        // Recorded with the cancellation, one id per order: consumers apply it once however often it is published.
        (done) => [
          {
            ...domainEvent("ORDER_CANCELLED", ctx.channel, orderFacts(done), done.cancellation?.at),
            id: `order-cancelled-${done.id}`,
          } as DomainEvent,
        ],
      );
      if (!cancelled) {
        const [current] = await store.ordersById([orderId]);
        return current && isCancellable(current)
          ? {
              order: current,
              userErrors: [{ code: "ORDER_CHANGED", message: "The order changed while cancelling; reload and try again.", field: null }],
            }
          : {
              order: current,
              userErrors: [
                {
                  code: "ORDER_NOT_CANCELLABLE",
                  message: "The order moved on meanwhile and can no longer be cancelled.",
                  field: ["orderId"],
                },
              ],
            };
      }
      await services.announcer.flush();
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
      if (
        ctx.viewer.kind === "associate" &&
        (await signedInAssociateListedAt(services.staff, ctx.viewer.id, input.locationId, ctx.logger)) === false
      ) {
        return refused(
          "INVALID_ATTRIBUTION",
          `The staff records do not list "${ctx.viewer.id}" at ${input.locationId}; a sale is credited only to the store's own associates.`,
        );
      }
      return recordStoreSale(
        { ...services.settlement, catalog: services.catalog, tax: services.pricing.tax, locations: services.locations },
        ctx.logger,
        {
          locationId: input.locationId,
          lines: input.lines,
          customerId: input.customerId ?? null,
          paymentToken: input.paymentToken,
          idempotencyKey: input.idempotencyKey ?? null,
          associateId: ctx.viewer.kind === "associate" ? ctx.viewer.id : null,
        },
      );
    }
  }

  return OrderMutations;
}
