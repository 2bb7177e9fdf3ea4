import type { OrderRecord } from "../store/index.js";

/** `cents` of a whole line for `units` of its `of` units, rounded half up. */
export function share(cents: number, units: number, of: number): number {
  return units === of ? cents : Math.round((cents * units) / of);
}

/**
 * What a return gives back: each returned unit at the price paid, less its share of the line's discount, plus its
 * share of the line's tax — tax is refunded in proportion to what comes back.
 */
export function returnRefundCents(order: Pick<OrderRecord, "lines">, lines: readonly { orderLineId: string; quantity: number }[]): number {
  const byId = new Map(order.lines.map((line) => [line.id, line]));
  return lines.reduce((sum, returned) => {
    const line = byId.get(returned.orderLineId);
    if (!line) return sum;
    return (
      sum +
      line.unitPrice * returned.quantity -
      share(line.discount ?? 0, returned.quantity, line.quantity) +
      share(line.tax ?? 0, returned.quantity, line.quantity)
    );
  }, 0);
}

/**
 * Where a refund goes: back to the order's gift cards first (in the order they paid, up to what each paid less what
 * earlier refunds already put back), then to the payment card up to what it paid (a till sale's CARD tender; all the
 * rest for an order without tenders), and what is left in cash: a till sale paid partly in cash is never refunded
 * more to the card than the card was charged.
 */
export function refundTargets(
  order: Pick<OrderRecord, "giftCards" | "tenders">,
  amount: number,
  refundedBefore: number,
): { giftCards: { code: string; amount: number }[]; card: number; cash: number } {
  let before = refundedBefore;
  let left = amount;
  const giftCards: { code: string; amount: number }[] = [];
  for (const paid of order.giftCards ?? []) {
    const already = Math.min(before, paid.amount);
    before -= already;
    const back = Math.min(left, paid.amount - already);
    if (back > 0) giftCards.push({ code: paid.code, amount: back });
    left -= back;
  }
  const tenders = order.tenders ?? [];
  const cardPaid = tenders.length === 0 ? Infinity : tenders.filter((t) => t.method === "CARD").reduce((sum, t) => sum + t.amount, 0);
  const card = Math.min(left, Math.max(0, cardPaid - before));
  return { giftCards, card, cash: left - card };
}
