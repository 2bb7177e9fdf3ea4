import { randomUUID } from "node:crypto";
import { actsForStore, deny, staffMemberOf } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { domainEvent } from "../../../lib/events.js";
import { canSeeOrder } from "../access.js";
import type { ReturnError } from "../error-codes.js";
import { refundTargets, returnRefundCents } from "../pricing/refunds.js";
import type {
  ItemConditionName,
  ReturnDispositionName,
  ReturnMethodName,
  ReturnReasonName,
  ReturnRecord,
  ReturnRefusalCode,
  ReturnWithOrder,
} from "../store/index.js";
import type { Caller, OrderServices } from "./deps.js";

/** Where goods returned by mail go back into stock. */
export const MAIL_RETURNS_LOCATION = "dc-01";

/** What a return service answers: the return as it now is (as it was when refused; null when none was created), or why not. */
export interface ReturnResult {
  return: ReturnWithOrder | null;
  userErrors: ReturnError[];
}

export interface ReturnRequest {
  orderId: string;
  method: ReturnMethodName;
  dropOffLocationId?: string | null;
  lines: readonly { orderLineId: string; quantity: number; condition?: ItemConditionName | null }[];
  /** OTHER when left out. */
  reason?: ReturnReasonName | null;
}

/** Where staff send one returned line's units at receipt. */
export interface ReturnDisposition {
  orderLineId: string;
  disposition: ReturnDispositionName;
}

const REFUSAL_MESSAGES: Record<ReturnRefusalCode, (returnable: number) => string> = {
  UNKNOWN_ORDER_LINE: () => "The order has no such line.",
  LINE_NOT_RETURNABLE: () => "This line has not been picked up or delivered yet; cancel the order instead.",
  RETURN_QUANTITY_EXCEEDED: (returnable) => `At most ${returnable} unit(s) of this line can still be returned.`,
};

function facts(ret: ReturnWithOrder, locationId: string | null, associateId?: string | null) {
  return {
    ...(associateId ? { associateId } : {}),
    orderId: ret.order.id,
    orderNumber: ret.order.number,
    customerId: ret.order.customerId,
    returnId: ret.id,
    locationId,
    refund: ret.refund ?? 0,
    currencyCode: ret.order.currencyCode,
  };
}

/** Asks to return goods of an order placed on any channel, at a store that takes RETURNS or by mail. */
export async function requestReturn(services: OrderServices, caller: Caller, input: ReturnRequest): Promise<ReturnResult> {
  if (input.lines.length === 0) throw new BadUserInputError("A return needs at least one line.", ["input", "lines"]);
  input.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new BadUserInputError("Return at least one unit of each line.", ["input", "lines", String(i), "quantity"]);
    }
  });
  const [order] = await services.store.ordersById([input.orderId]);
  if (!order || !canSeeOrder(caller.viewer, order)) throw new NotFoundError("Order", input.orderId);

  let dropOffLocationId: string | null = null;
  if (input.method === "IN_STORE") {
    const location = input.dropOffLocationId ? await services.locations.location(input.dropOffLocationId) : null;
    if (!location || location.type !== "STORE" || !location.capabilities.includes("RETURNS")) {
      return {
        return: null,
        userErrors: [
          {
            code: "INVALID_LOCATION",
            message: "An in-store return needs a store that accepts returns.",
            field: ["input", "dropOffLocationId"],
          },
        ],
      };
    }
    dropOffLocationId = location.id;
  }

  const now = new Date().toISOString();
  const ret: ReturnRecord = {
    id: `return-${randomUUID()}`,
    method: input.method,
    dropOffLocationId,
    status: "REQUESTED",
    lines: input.lines.map((line) => ({ orderLineId: line.orderLineId, quantity: line.quantity, condition: line.condition ?? null })),
    refund: null,
    requestedAt: now,
    receivedAt: null,
    reason: input.reason ?? "OTHER",
  };
  const result = await services.store.addReturn(
    { orderId: order.id, ret, event: { type: "RETURN_REQUESTED", at: now, channel: caller.channel, locationId: dropOffLocationId } },
    (added) => [domainEvent("RETURN_REQUESTED", caller.channel, facts(added, dropOffLocationId), now)],
  );
  if (!result) throw new NotFoundError("Order", input.orderId);
  if (!result.ok) {
    const i = input.lines.findIndex((line) => line.orderLineId === result.orderLineId);
    return {
      return: null,
      userErrors: [
        {
          code: result.code,
          message: REFUSAL_MESSAGES[result.code](result.returnable),
          field: ["input", "lines", String(i), result.code === "RETURN_QUANTITY_EXCEEDED" ? "quantity" : "orderLineId"],
        },
      ],
    };
  }
  await services.announcer.flush();
  return { return: result.return, userErrors: [] };
}

/** Points spent on the order come back in proportion to the merchandise returned. */
function pointsBack(ret: ReturnWithOrder, points: number): number {
  const value = (lines: readonly { orderLineId: string; quantity: number }[]) =>
    lines.reduce((sum, l) => sum + (ret.order.lines.find((o) => o.id === l.orderLineId)?.unitPrice ?? 0) * l.quantity, 0);
  const all = value(ret.order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })));
  return all === 0 ? 0 : Math.round((points * value(ret.lines)) / all);
}

/**
 * Staff take the goods back: the returned lines refunded at the price paid (gift cards first), points given back in
 * proportion, and the units of RESTOCK lines back into the drop-off store's stock (the distribution center's for
 * mail); DAMAGED and VENDOR_RETURN lines stay out of sellable stock. A line without a disposition is RESTOCK.
 */
export async function receiveReturn(
  services: OrderServices,
  caller: Caller,
  returnId: string,
  dispositions: readonly ReturnDisposition[] = [],
): Promise<ReturnResult> {
  const { store } = services;
  const [ret] = await store.returnsById([returnId]);
  if (!ret) throw new NotFoundError("Return", returnId);
  if (ret.method === "IN_STORE" && !actsForStore(caller.viewer, ret.dropOffLocationId)) {
    deny(caller.viewer, "only associates of the drop-off store can receive an in-store return.");
  }
  if (ret.status !== "REQUESTED") {
    return {
      return: ret,
      userErrors: [{ code: "RETURN_ALREADY_RECEIVED", message: `This return is already ${ret.status}.`, field: ["returnId"] }],
    };
  }
  const chosen = dispositionsOf(ret, dispositions);
  if (!chosen.ok) return { return: ret, userErrors: [chosen.error] };
  const locationId = ret.method === "IN_STORE" && ret.dropOffLocationId ? ret.dropOffLocationId : MAIL_RETURNS_LOCATION;
  const prices = new Map(ret.order.lines.map((line) => [line.id, line]));
  const units = ret.lines.flatMap((line) => {
    const bought = prices.get(line.orderLineId);
    return bought && chosen.byLine[line.orderLineId] === "RESTOCK" ? [{ sku: bought.sku, quantity: line.quantity }] : [];
  });
  // Cents refunded: each returned line at the price paid, net of its discount, with its tax.
  const refund = returnRefundCents(ret.order, ret.lines);
  // Stock and money first, each idempotent on the return: if either fails the return stays REQUESTED and a retry
  // finishes it; two receives racing give back once and only one of them marks it refunded.
  if (units.length > 0) await services.inventory.restock(`return-${ret.id}`, locationId, units);
  // Gift cards that paid for the order are refunded first (what earlier returns put back counts), the rest to the card.
  const refundedBefore = ret.order.returns.filter((r) => r.id !== ret.id).reduce((sum, r) => sum + (r.refund ?? 0), 0);
  const targets = refundTargets(ret.order, refund, refundedBefore);
  for (const card of targets.giftCards) await store.refundGiftCard(`return-${ret.id}-${card.code}`, card.code, card.amount);
  if (targets.card > 0 || targets.giftCards.length === 0) {
    await services.payments.refund({
      authorizationId: ret.order.paymentAuthorizationId ?? null,
      amount: targets.card,
      currencyCode: ret.order.currencyCode,
      idempotencyKey: `return-${ret.id}`,
    });
  }
  const points = ret.order.loyaltyRedemption;
  if (points && services.settlement.loyalty) {
    const back = pointsBack(ret, points.points);
    if (back > 0) await services.settlement.loyalty.giveBack(points.key, `return-${ret.id}`, back);
  }
  const now = new Date().toISOString();
  const associateId = staffMemberOf(caller.viewer);
  const received = await store.receiveReturn(
    {
      returnId: ret.id,
      refund,
      receivedAt: now,
      receivedBy: associateId,
      dispositions: chosen.byLine,
      event: { type: "RETURN_RECEIVED", at: now, channel: caller.channel, locationId },
    },
    (done) => [domainEvent("RETURN_RECEIVED", caller.channel, facts(done, ret.dropOffLocationId ?? locationId, associateId), now)],
  );
  if (!received) {
    const [current] = await store.returnsById([returnId]);
    return {
      return: current,
      userErrors: [{ code: "RETURN_ALREADY_RECEIVED", message: "This return was received meanwhile.", field: ["returnId"] }],
    };
  }
  await services.announcer.flush();
  return { return: received, userErrors: [] };
}

/** Each returned line's disposition: as given, RESTOCK where none is; a line not in the return is UNKNOWN_ORDER_LINE. */
function dispositionsOf(
  ret: ReturnRecord,
  given: readonly ReturnDisposition[],
): { ok: true; byLine: Record<string, ReturnDispositionName> } | { ok: false; error: ReturnError } {
  const byLine: Record<string, ReturnDispositionName> = Object.fromEntries(ret.lines.map((line) => [line.orderLineId, "RESTOCK"]));
  for (const [i, choice] of given.entries()) {
    if (!(choice.orderLineId in byLine)) {
      return {
        ok: false,
        error: { code: "UNKNOWN_ORDER_LINE", message: "The return has no such line.", field: ["dispositions", String(i), "orderLineId"] },
      };
    }
    byLine[choice.orderLineId] = choice.disposition;
  }
  return { ok: true, byLine };
}
