import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import { requireText } from "../../../lib/text.js";
import { canSeeOrder } from "../access.js";
import { saleErrors, type OrderError } from "../error-codes.js";
import { isCancellable, orderFacts, orderTotalCents } from "../lifecycle.js";
import { refundTargets } from "../pricing/refunds.js";
import type { OrderRecord } from "../store/index.js";
import type { Caller, OrderServices } from "./deps.js";
import { signedInAssociateListedAt } from "./staff.js";
import { recordStoreSale, type StoreSaleRequest } from "./store-sale.js";

/** How long after a cancellation a retry may still finish its settlement (well inside the services' key memory). */
const RESETTLE_WINDOW_MS = 24 * 3_600_000;

export const MAX_REASON = 500;

/** What an order service answers: the order as it now is (as it was when refused), or why not. */
export interface OrderResult {
  order: OrderRecord | null;
  userErrors: OrderError[];
}

/**
 * What a cancellation owes once the order is marked cancelled: the units of every fulfillment it stopped back at
 * that fulfillment's origin, and the money back. Every call is idempotent on its key, so running this again (a
 * retried cancel after a failure half-way) never gives back twice.
 */
async function settleCancellation(services: OrderServices, order: OrderRecord): Promise<void> {
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
  for (const card of targets.giftCards) await services.store.refundGiftCard(`cancel-${order.id}-${card.code}`, card.code, card.amount);
  if (targets.card > 0 || targets.giftCards.length === 0) {
    await services.payments.refund({
      authorizationId: order.paymentAuthorizationId ?? null,
      amount: targets.card,
      currencyCode: order.currencyCode,
      idempotencyKey: `cancel-${order.id}`,
    });
  }
}

/**
 * Cancels an order before anything has shipped, been handed over or the customer is at the curb: every fulfillment
 * cancelled, units back where they were to leave from, money back. Retrying is safe.
 */
export async function cancelOrder(services: OrderServices, caller: Caller, orderId: string, reason: string | null): Promise<OrderResult> {
  const { store } = services;
  const why = reason == null ? null : requireText(reason, { field: ["reason"], multiline: true }) || null;
  if (why !== null && why.length > MAX_REASON) throw new BadUserInputError(`A reason has at most ${MAX_REASON} characters.`, ["reason"]);
  const [order] = await store.ordersById([orderId]);
  if (!order || !canSeeOrder(caller.viewer, order)) throw new NotFoundError("Order", orderId);
  if (order.status === "CANCELLED" && order.cancellation) {
    // A retry finishes a settlement that failed part-way; its restock and refund keys make that safe only while
    // the services still remember them, so a late repeat changes nothing.
    if (Date.now() - Date.parse(order.cancellation.at) < RESETTLE_WINDOW_MS) await settleCancellation(services, order);
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
        channel: caller.channel,
        locationId: caller.viewer.kind === "associate" ? caller.viewer.storeId : null,
      },
    },
    // Recorded with the cancellation, one id per order: consumers apply it once however often it is published.
    (done) => [
      {
        ...domainEvent("ORDER_CANCELLED", caller.channel, orderFacts(done), done.cancellation?.at),
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
            { code: "ORDER_NOT_CANCELLABLE", message: "The order moved on meanwhile and can no longer be cancelled.", field: ["orderId"] },
          ],
        };
  }
  await services.announcer.flush();
  await settleCancellation(services, cancelled);
  return { order: cancelled, userErrors: [] };
}

/**
 * A till sale rung up by an associate (or a service), settled like a checkout (services/store-sale.ts). The sale is
 * credited to the associate ringing it up: they must be on the staff records, at this store.
 */
export async function ringUpSale(
  services: OrderServices,
  caller: Caller,
  sale: Omit<StoreSaleRequest, "associateId">,
): Promise<OrderResult> {
  const { viewer } = caller;
  if (
    viewer.kind === "associate" &&
    (await signedInAssociateListedAt(services.staff, viewer.id, sale.locationId, caller.logger)) === false
  ) {
    return {
      order: null,
      userErrors: [
        {
          code: "INVALID_ATTRIBUTION",
          message: `The staff records do not list "${viewer.id}" at ${sale.locationId}; a sale is credited only to the store's own associates.`,
          field: null,
        },
      ],
    };
  }
  const outcome = await recordStoreSale(
    { ...services.settlement, catalog: services.catalog, tax: services.pricing.tax, locations: services.locations },
    caller.logger,
    { ...sale, associateId: viewer.kind === "associate" ? viewer.id : null },
  );
  return { order: outcome.order, userErrors: saleErrors(outcome.userErrors) };
}
