import { randomUUID } from "node:crypto";
import { SalesChannel } from "../../../lib/channel.js";
import { BadUserInputError } from "../../../lib/errors.js";
import type { Logger } from "../../../lib/logger.js";
import type { OrderError } from "../error-codes.js";
import { orderTotalCents } from "../lifecycle.js";
import type { CheckoutError, OrderLineRecord, OrderRecord, SettlementRecord } from "../store/index.js";
import { settlementRef } from "../store/index.js";
import type { CatalogPrices } from "./catalog.js";
import type { InventoryLocations, ReservationLine } from "./inventory.js";
import type { TaxCalculator } from "../pricing/tax.js";
import { checkTenders, giftCardsOf, type TenderRequest } from "./tenders.js";
import {
  invalidKey,
  MAX_LINES,
  MAX_UNITS,
  saleOrderIdOf,
  settle,
  validQuantity,
  waitForOutcome,
  type SettlementServices,
} from "./settlement.js";

export interface StoreSaleRequest {
  locationId: string;
  lines: { sku: string; quantity: number }[];
  customerId: string | null;
  paymentToken: string;
  idempotencyKey: string | null;
  /** The associate ringing it up, credited with the sale; null for a service. */
  associateId: string | null;
  /** How it is paid (card, cash, gift cards), adding up to the total; null or none: the card pays it all. */
  tenders?: readonly TenderRequest[] | null;
}

/** What a till sale answers: the order, or why not (a settlement's refusal, or tenders that do not add up). */
export interface SaleOutcome {
  order: OrderRecord | null;
  userErrors: (CheckoutError | OrderError)[];
}

/**
 * A till sale: priced from the store price list, held at the store ignoring its safety stock (the goods are in the
 * customer's hands), then settled like a checkout (services/settlement.ts) into a FULFILLED order. With the till's
 * key the sale has one record, one hold, one payment and one order, however often it is sent.
 */
export async function recordStoreSale(
  services: SettlementServices & { catalog: CatalogPrices; tax?: TaxCalculator; locations?: InventoryLocations },
  logger: Logger,
  request: StoreSaleRequest,
): Promise<SaleOutcome> {
  if (request.lines.length === 0) throw new BadUserInputError("A sale needs at least one line.", ["input", "lines"]);
  if (request.lines.length > MAX_LINES) throw new BadUserInputError(`A sale holds at most ${MAX_LINES} lines.`, ["input", "lines"]);
  request.lines.forEach((line, i) => {
    if (!validQuantity(line.quantity))
      throw new BadUserInputError(`Quantity must be 1 to ${MAX_UNITS}.`, ["input", "lines", String(i), "quantity"]);
  });
  const keyProblem = request.idempotencyKey === null ? null : invalidKey(request.idempotencyKey);
  if (keyProblem) throw new BadUserInputError(keyProblem, ["input", "idempotencyKey"]);

  const ref = settlementRef("SALE", request.idempotencyKey ?? randomUUID(), request.locationId);
  if (request.idempotencyKey !== null) {
    // A till that lost the answer: the sale it sent before answers, without pricing it again (one that was unwound
    // starts again).
    const [earlier] = await services.store.settlementsByRef([ref]);
    if (earlier && earlier.state !== "UNWOUND") return waitForOutcome(services, logger, ref);
  }

  const prices = await services.catalog.prices(
    request.lines.map((line) => line.sku),
    SalesChannel.STORE,
  );
  const unknown = request.lines.flatMap((line, i): CheckoutError[] =>
    prices[i] ? [] : [{ code: "UNKNOWN_SKU", message: `The catalog has no SKU ${line.sku}.`, field: ["input", "lines", String(i), "sku"] }],
  );
  if (unknown.length > 0) return { order: null, userErrors: unknown };
  const currencyCode = prices[0]!.currencyCode;
  if (prices.some((price) => price!.currencyCode !== currencyCode))
    throw new BadUserInputError("A sale is paid in one currency.", ["input", "lines"]);

  const orderId = saleOrderIdOf(ref);
  const fulfillmentId = `${orderId}-F1`;
  const lines: OrderLineRecord[] = request.lines.map((line, i) => ({
    id: `${orderId}-L${i + 1}`,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: prices[i]!.price,
    fulfillmentId,
  }));
  // Taxed where the goods are handed over: the store's state.
  let taxed: Pick<OrderRecord, "taxTotal" | "taxLines"> = {};
  if (services.tax && services.locations) {
    const [store] = await services.locations.locationsById([request.locationId]);
    const tax = services.tax.tax({
      country: store?.address.country ?? "US",
      region: store?.address.region ?? null,
      lines: lines.map((line) => ({ key: line.id, amount: line.unitPrice * line.quantity })),
      shipping: 0,
    });
    for (const line of lines) {
      const cents = tax.byLine.get(line.id);
      if (cents) line.tax = cents;
    }
    if (tax.total > 0) taxed = { taxTotal: tax.total, taxLines: tax.lines };
  }
  const paid = checkTenders(request.tenders ?? null, orderTotalCents({ lines, shippingTotal: 0, ...taxed }));
  if ("userErrors" in paid) return { order: null, userErrors: paid.userErrors };
  const giftCards = giftCardsOf(paid.tenders);
  const now = new Date().toISOString();
  const draft: Omit<OrderRecord, "number"> = {
    ...taxed,
    tenders: paid.tenders,
    ...(giftCards.length > 0 ? { giftCards } : {}),
    id: orderId,
    customerId: request.customerId,
    channel: SalesChannel.STORE,
    placedAt: now,
    status: "FULFILLED",
    currencyCode,
    lines,
    shippingTotal: 0,
    shippingAddress: null,
    attribution: { channel: SalesChannel.STORE, locationId: request.locationId, associateId: request.associateId },
    fulfillments: [
      {
        id: fulfillmentId,
        method: "PICKUP_IN_STORE",
        originId: request.locationId,
        pickupLocationId: request.locationId,
        status: "PICKED_UP",
        pickupCode: null,
        trackingNumber: null,
        lineIds: lines.map((line) => line.id),
      },
    ],
    returns: [],
    events: [{ type: "STORE_SALE_RECORDED", at: now, channel: SalesChannel.STORE, locationId: request.locationId }],
  };
  const holdLines: ReservationLine[] = lines.map((line) => ({
    lineKey: line.id,
    sku: line.sku,
    quantity: line.quantity,
    method: "PICKUP_IN_STORE",
    locationId: request.locationId,
    shipTo: null,
  }));

  const { claimed, sale } = await services.store.claimSale(newSale(ref, request, draft, holdLines, services.settings.recoveryAfterMs));
  if (!claimed) return waitForOutcome(services, logger, ref);
  return settle(services, logger, sale, {
    holdLines,
    hold: { ignoreSafetyStock: true },
    paymentToken: request.paymentToken,
    paymentField: ["input", "paymentToken"],
    draftOf: () => draft,
    // Gift card tenders are spent like a checkout's gift cards: atomically, given back if the sale unwinds.
    redemption: giftCards.length > 0 ? { customerId: request.customerId, codes: [], giftCards } : null,
    refused: (reservation) =>
      reservation.shortfalls.map((shortfall) => {
        const i = lines.findIndex((line) => line.id === shortfall.lineKey);
        return {
          code: "OUT_OF_STOCK",
          message: `${shortfall.sku}: ${shortfall.available} available at this store, ${shortfall.requested} asked for.`,
          field: ["input", "lines", String(Math.max(i, 0)), "quantity"],
        };
      }),
  });
}

function newSale(
  ref: string,
  request: StoreSaleRequest,
  draft: Omit<OrderRecord, "number">,
  holdLines: ReservationLine[],
  recoveryAfterMs: number,
): SettlementRecord {
  const now = new Date();
  return {
    ref,
    kind: "SALE",
    key: ref.slice(`sale:${request.locationId}:`.length),
    cartId: null,
    state: "CLAIMED",
    attempt: 1,
    orderId: null,
    userErrors: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + recoveryAfterMs).toISOString(),
    reservation: null,
    authorization: null,
    draft,
    holdLines,
    captureFailures: 0,
  };
}
