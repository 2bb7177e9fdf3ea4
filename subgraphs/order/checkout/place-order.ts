import { cleanText, isEmailAddress } from "../../../lib/text.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { formatAmount, parseAmount } from "../../../lib/money.js";
import { canUseCart } from "../access.js";
import type { Caller, OrderServices } from "../services/deps.js";
import {
  attemptKeyOf,
  checkoutOrderIdOf,
  FAILED_UNEXPECTEDLY,
  HOLD_SECONDS,
  invalidKey,
  recoverNow,
  settle,
  unwind,
  waitForOutcome,
  type SettlementOutcome,
} from "../services/settlement.js";
import type { CartRecord, CheckoutError, CheckoutRecord } from "../store/index.js";
import { settlementRef } from "../store/index.js";
import { orderDraft } from "./order-draft.js";
import { priceCart, type PricedCart, type PricingReads } from "../pricing/cart-pricing.js";
import { normalizeCode } from "../pricing/promotions.js";
import type { Redemption } from "../store/index.js";

function expectedCents(amount: string): number | null {
  try {
    return parseAmount(amount);
  } catch {
    return null;
  }
}

/** A checkout's reads, fresh from the services (never a request's cached copy). */
export function pricingReads(services: OrderServices): PricingReads {
  return {
    prices: (skus, channel) => services.catalog.prices(skus, channel),
    locations: (ids) => services.locations.locationsById(ids),
    giftCards: (codes) => services.store.giftCardsByCode(codes),
  };
}
import { outOfStockErrors, reservationLines } from "./sourcing.js";

export interface CheckoutRequest {
  cartId: string;
  paymentToken: string;
  idempotencyKey: string;
  expectedVersion: number | null;
  /** The total the shopper saw, as a decimal amount; null: not checked. */
  expectedTotal?: string | null;
  /** A guest's email: how they find the order again (guestOrder). */
  contactEmail?: string | null;
}

export type CheckoutResult = SettlementOutcome;

/** Without an expectedVersion, a cart that changed between the read and the claim is read again this many times. */
const MAX_CLAIMS = 5;

const cartError = (code: CheckoutError["code"], message: string): CheckoutResult => ({
  order: null,
  userErrors: [{ code, message, field: ["input", "cartId"] }],
});

/**
 * Checkout: cart → order, safely. The idempotency key is claimed first (atomically, in the store), which also holds the
 * cart so nothing changes under the checkout; a retry with the key — concurrent or later — gets the answer of the
 * checkout that claimed it. Then: validate, lock prices from the catalog for the request's channel, and settle
 * (services/settlement.ts): hold stock (inventory sources every line), authorize payment, commit, create the order,
 * capture — each step recorded, so a checkout whose process dies is finished or unwound by the recovery worker.
 */
export async function placeOrder(services: OrderServices, ctx: Caller, request: CheckoutRequest): Promise<CheckoutResult> {
  const key = request.idempotencyKey;
  const keyProblem = invalidKey(key);
  if (keyProblem) throw new BadUserInputError(keyProblem, ["input", "idempotencyKey"]);
  if (request.expectedTotal != null && expectedCents(request.expectedTotal) === null) {
    throw new BadUserInputError(`"expectedTotal" must be a decimal amount such as "32.98".`, ["input", "expectedTotal"]);
  }
  const { settlement } = services;
  for (let claims = 1; ; claims++) {
    const [cart] = await services.store.cartsById([request.cartId]);
    if (!cart || !canUseCart(ctx.viewer, cart)) throw new NotFoundError("Cart", request.cartId);
    const contact = contactProblem(request.contactEmail);
    if (contact) return { order: null, userErrors: [contact] };
    const dueAt = new Date(Date.now() + settlement.settings.recoveryAfterMs).toISOString();
    const claim = await services.store.claimCheckout(key, cart.id, request.expectedVersion ?? cart.version, dueAt);
    switch (claim.status) {
      case "CLAIMED":
        return checkOut(services, ctx, request, claim.checkout, claim.cart);
      case "DONE":
      case "IN_PROGRESS":
        return waitForOutcome(settlement, ctx.logger, claim.checkout.ref);
      case "KEY_REUSED":
        return {
          order: null,
          userErrors: [
            {
              code: "IDEMPOTENCY_KEY_REUSED",
              message: "This idempotency key belongs to the checkout of another cart; choose a new one.",
              field: ["input", "idempotencyKey"],
            },
          ],
        };
      case "CART_CLOSED":
        return cartError(
          "CART_CLOSED",
          claim.cart.orderId ? "This cart was checked out already; start a new cart." : "This cart was merged into the customer's cart.",
        );
      case "CART_BUSY": {
        // The checkout holding the cart may have been left half-way by a lost key: once due, it is ended here and now.
        const holder = claim.cart.checkoutKey!;
        const [running] = await services.store.checkoutsByKey([holder]);
        const due = running?.dueAt != null && running.dueAt <= new Date().toISOString();
        if (due && claims < MAX_CLAIMS && (await recoverNow(settlement, ctx.logger, settlementRef("CHECKOUT", holder)))) continue;
        return cartError("CHECKOUT_IN_PROGRESS", "Another checkout of this cart is running; wait for it to finish.");
      }
      case "CART_CHANGED":
        if (request.expectedVersion != null || claims >= MAX_CLAIMS) {
          return {
            order: null,
            userErrors: [
              {
                code: "CART_CHANGED",
                message: `The cart changed${request.expectedVersion != null ? ` since version ${request.expectedVersion}` : ""}: it is at version ${claim.cart.version} now. Review it and check out again.`,
                field: ["input", "expectedVersion"],
              },
            ],
          };
        }
        continue;
      case "NOT_FOUND":
        throw new NotFoundError("Cart", request.cartId);
    }
  }
}

/** What makes a held cart impossible to check out as it is; empty when it can be. */
function cartProblems(cart: CartRecord): CheckoutError[] {
  if (cart.lines.length === 0) return [{ code: "CART_EMPTY", message: "The cart is empty.", field: ["input", "cartId"] }];
  const incomplete = cart.lines.filter((line) => (line.method === "SHIP_TO_HOME" ? !line.shippingAddress : !line.locationId));
  if (incomplete.length > 0) {
    return incomplete.map((line) => ({
      code: "FULFILLMENT_INCOMPLETE",
      message:
        line.method === "SHIP_TO_HOME"
          ? `Line ${line.sku} ships, but no shipping address is set.`
          : `Line ${line.sku} has no pickup store.`,
      field: ["lines", line.id],
    }));
  }
  const addresses = new Set(
    cart.lines.filter((line) => line.method === "SHIP_TO_HOME").map((line) => JSON.stringify(line.shippingAddress)),
  );
  if (addresses.size > 1) {
    return [
      {
        code: "MULTIPLE_SHIPPING_ADDRESSES",
        message: "One order ships to one address; set the same address on every shipped line.",
        field: ["lines"],
      },
    ];
  }
  return [];
}

/** One checkout under a claimed key, on the cart as the claim holds it. */
async function checkOut(
  services: OrderServices,
  ctx: Caller,
  request: CheckoutRequest,
  checkout: CheckoutRecord,
  cart: CartRecord,
): Promise<CheckoutResult> {
  const { settlement } = services;
  // Nothing is held yet: a refusal here only lets go of the cart.
  const nothingHeld = { reservationId: null, authorizationId: null };
  let priced: PricedCart;
  try {
    const problems = cartProblems(cart);
    if (problems.length > 0) return await unwind(settlement, ctx.logger, checkout, problems, nothingHeld);
    // Prices are the catalog's, for this request's channel, now — never the cart's snapshot — and promotions, codes,
    // tax and gift cards are checked again as of now: the order charges exactly what the cart shows at this moment.
    priced = await priceCart(services.pricing, pricingReads(services), cart, ctx.channel, new Date().toISOString());
    if (priced.unknownSkus.size > 0) {
      const errors = cart.lines
        .filter((line) => priced.unknownSkus.has(line.sku))
        .map((line): CheckoutError => ({
          code: "UNKNOWN_SKU",
          message: `The catalog no longer sells "${line.sku}"; remove it from the cart.`,
          field: ["lines", line.id],
        }));
      return await unwind(settlement, ctx.logger, checkout, errors, nothingHeld);
    }
    if (priced.problems.length > 0) return await unwind(settlement, ctx.logger, checkout, priced.problems, nothingHeld);
    const expected = request.expectedTotal == null ? null : expectedCents(request.expectedTotal);
    if (expected !== null && expected !== priced.cost.total) {
      const total = formatAmount(priced.cost.total);
      return await unwind(
        settlement,
        ctx.logger,
        checkout,
        [
          {
            code: "TOTAL_CHANGED",
            message: `The cart now costs ${total}, not ${request.expectedTotal}: review it and check out again.`,
            field: ["input", "expectedTotal"],
          },
        ],
        nothingHeld,
      );
    }
  } catch (error) {
    // Left UNWINDING if this fails too: the recovery worker lets go of the cart.
    await unwind(settlement, ctx.logger, checkout, [FAILED_UNEXPECTEDLY], nothingHeld).catch(() => undefined);
    throw error;
  }
  const { prices, currencyCode } = priced;
  const customerId = cart.customerId ?? (ctx.viewer.kind === "customer" ? ctx.viewer.id : null);
  const redemption: Redemption = {
    customerId,
    codes: priced.cost.codes.map(({ code, promotion }) => ({
      code: normalizeCode(code),
      usageLimit: promotion.code!.usageLimit,
      perCustomerLimit: promotion.code!.perCustomerLimit,
    })),
    giftCards: priced.giftCards.filter((g) => g.amount > 0).map((g) => ({ code: g.code, amount: g.amount })),
  };

  return settle(settlement, ctx.logger, checkout, {
    holdLines: reservationLines(cart.lines),
    hold: { ttlSeconds: HOLD_SECONDS },
    paymentToken: request.paymentToken,
    paymentField: ["input", "paymentToken"],
    redemption: redemption.codes.length + redemption.giftCards.length > 0 ? redemption : null,
    points: priced.cost.pointsUsed > 0 && customerId ? { customerId, points: priced.cost.pointsUsed } : null,
    refused: (reservation) => outOfStockErrors(reservation, cart.lines),
    draftOf: (reservation) =>
      orderDraft({
        id: checkoutOrderIdOf(checkout),
        cart,
        prices,
        currencyCode,
        reservation,
        viewer: ctx.viewer,
        channel: ctx.channel,
        storeId: ctx.storeId,
        placedAt: new Date().toISOString(),
        priced,
        loyaltyKey: attemptKeyOf(checkout),
        contactEmail: cleanContact(request.contactEmail),
      }),
  });
}

/**
 * A contact email given must be an address. Not yet required of guests: the clients' guest checkouts do not send one
 * today, and a required field would refuse them.
 */
function contactProblem(contactEmail: string | null | undefined): CheckoutError | null {
  if (contactEmail == null) return null;
  const field = ["input", "contactEmail"];
  const cleaned = cleanText(contactEmail, { field, kind: "email" });
  if (!cleaned.ok) return { code: "INVALID_EMAIL", message: cleaned.error.message, field };
  if (cleaned.value === "" || isEmailAddress(cleaned.value)) return null;
  return { code: "INVALID_EMAIL", message: "That is not an email address (name@example.com).", field };
}

/** The contact email as kept (cleaned as any text is: lib/text.ts); null when none was given. `contactProblem` passed it. */
function cleanContact(contactEmail: string | null | undefined): string | null {
  if (contactEmail == null) return null;
  const cleaned = cleanText(contactEmail, { field: ["input", "contactEmail"], kind: "email" });
  return cleaned.ok && cleaned.value !== "" ? cleaned.value : null;
}
