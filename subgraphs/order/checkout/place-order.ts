import { createHash } from "node:crypto";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import { canUseCart } from "../access.js";
import type { OrderContext } from "../context.js";
import type { OrderServices } from "../index.js";
import type { Reservation } from "../services/inventory.js";
import type { CartRecord, CheckoutError, CheckoutRecord, OrderRecord } from "../store/index.js";
import { orderDraft } from "./order-draft.js";
import { outOfStockErrors, reservationLines } from "./sourcing.js";

export interface CheckoutRequest {
  cartId: string;
  paymentToken: string;
  idempotencyKey: string;
  expectedVersion: number | null;
}

export interface CheckoutResult {
  order: OrderRecord | null;
  userErrors: CheckoutError[];
}

const MAX_KEY_LENGTH = 200;
/** How long holds last if this process dies mid-checkout: they lapse by themselves, never outliving a lost attempt for long. */
const HOLD_SECONDS = 300;
/** How long a retry waits for the attempt already running under its key before telling the client to try later. */
const WAIT_FOR_RUNNING_MS = 15_000;
/** An attempt not finished this long after it started has died: its hold has lapsed, and a retry takes over. */
const STALE_MS = (HOLD_SECONDS + 60) * 1000;
const POLL_MS = 20;
/** Without an expectedVersion, a cart that changed between the read and the claim is read again this many times. */
const MAX_CLAIMS = 5;

/** What a waiting retry answers when the attempt it waited for failed on something thrown, not a business rule. */
const FAILED_UNEXPECTEDLY: CheckoutError = {
  code: "CHECKOUT_FAILED",
  message: "The checkout could not be completed; nothing was charged and no stock is held. Try again.",
  field: null,
};

const cartError = (code: string, message: string): CheckoutResult => ({ order: null, userErrors: [{ code, message, field: ["input", "cartId"] }] });

/**
 * Checkout: cart → order, safely. The idempotency key is claimed first (atomically, in the store), which also holds the
 * cart so nothing changes under the checkout; a retry with the key — concurrent or later — gets the order of the
 * attempt that placed it. Then: validate, lock prices from the catalog for the request's channel, hold stock
 * (inventory sources every line), authorize payment, commit the stock, create the order. Every failure up to the
 * order releases what was held and voids the authorization: no order without stock, no stock held without an order.
 */
export async function placeOrder(services: OrderServices, ctx: OrderContext, request: CheckoutRequest): Promise<CheckoutResult> {
  const key = request.idempotencyKey;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new BadUserInputError(`"idempotencyKey" must be 1 to ${MAX_KEY_LENGTH} characters.`, ["input", "idempotencyKey"]);
  }
  for (let claims = 1; ; claims++) {
    const [cart] = await services.store.cartsById([request.cartId]);
    if (!cart || !canUseCart(ctx.viewer, cart)) throw new NotFoundError("Cart", request.cartId);
    const claim = await services.store.claimCheckout(key, cart.id, request.expectedVersion ?? cart.version);
    switch (claim.status) {
      case "CLAIMED":
        return attempt(services, ctx, request, claim.checkout, claim.cart);
      case "DONE":
        return { order: await orderOf(services, claim.checkout), userErrors: [] };
      case "IN_PROGRESS":
        if (Date.now() - Date.parse(claim.checkout.updatedAt) > STALE_MS) return recoverStale(services, ctx, claim.checkout);
        return waitForRunning(services, key);
      case "KEY_REUSED":
        return {
          order: null,
          userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", message: "This idempotency key belongs to the checkout of another cart; choose a new one.", field: ["input", "idempotencyKey"] }],
        };
      case "CART_CLOSED":
        return cartError("CART_CLOSED", claim.cart.orderId ? "This cart was checked out already; start a new cart." : "This cart was merged into the customer's cart.");
      case "CART_BUSY":
        return cartError("CHECKOUT_IN_PROGRESS", "Another checkout of this cart is running; wait for it to finish.");
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

async function orderOf(services: OrderServices, checkout: CheckoutRecord): Promise<OrderRecord> {
  const [order] = await services.store.ordersById([checkout.orderId!]);
  if (!order) throw new Error(`checkout "${checkout.key}" is done with order "${checkout.orderId}", which does not exist`);
  return order;
}

/** A retry that arrived while its key's attempt runs: the same answer as that attempt, once it has one. */
async function waitForRunning(services: OrderServices, key: string): Promise<CheckoutResult> {
  const deadline = Date.now() + WAIT_FOR_RUNNING_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const [checkout] = await services.store.checkoutsByKey([key]);
    if (checkout?.state === "DONE") return { order: await orderOf(services, checkout), userErrors: [] };
    if (checkout?.state === "FAILED") return { order: null, userErrors: checkout.userErrors };
  }
  return {
    order: null,
    userErrors: [{ code: "CHECKOUT_IN_PROGRESS", message: "A checkout with this idempotency key is still running; retry with the same key shortly.", field: ["input", "idempotencyKey"] }],
  };
}

/**
 * Stock and money of an attempt are held under a key of its own, derived from the client's key by hash so any client
 * key fits the inventory and payment services' limits; the order id is derived from it too.
 */
function attemptKeyOf(checkout: CheckoutRecord): string {
  return `checkout:${createHash("sha256").update(checkout.key).digest("hex").slice(0, 40)}:${checkout.attempt}`;
}

function orderIdOf(attemptKey: string): string {
  return `order-${createHash("sha256").update(attemptKey).digest("hex").slice(0, 24)}`;
}

/**
 * An attempt that never finished (its process died, or its last steps failed): if it got as far as the order, finish
 * it — the order stands, with its stock — otherwise end it, so the cart and the key are free to try again. Its hold
 * has lapsed by now.
 */
async function recoverStale(services: OrderServices, ctx: OrderContext, checkout: CheckoutRecord): Promise<CheckoutResult> {
  const [order] = await services.store.ordersById([orderIdOf(attemptKeyOf(checkout))]);
  if (order) {
    await finish(services, ctx, checkout.key, checkout.cartId, order);
    return { order, userErrors: [] };
  }
  ctx.logger.warn("checkout attempt died before its order; ending it", { key: checkout.key, attempt: checkout.attempt });
  await services.store.abandonCheckout(checkout.key, [FAILED_UNEXPECTEDLY]);
  return { order: null, userErrors: [FAILED_UNEXPECTEDLY] };
}

/** After the order exists: record it on the key, close the cart, take the money, tell the graph. Safe to repeat. */
async function finish(services: OrderServices, ctx: OrderContext, key: string, cartId: string, order: OrderRecord): Promise<void> {
  const { store, payments } = services;
  for (let tries = 1; ; tries++) {
    try {
      await store.completeCheckout(key, order.id);
      await store.markCartCheckedOut(cartId, order.id);
      break;
    } catch (error) {
      // Left IN_PROGRESS, the next retry with this key finds the order and finishes here (recoverStale).
      if (tries >= 3) {
        ctx.logger.error("checkout could not record its order; a retry will", { key, orderId: order.id, error });
        break;
      }
    }
  }
  try {
    if (order.paymentAuthorizationId) await payments.capture(order.paymentAuthorizationId);
  } catch (error) {
    // The authorization stands and the order is valid; capture is retried from the back office.
    ctx.logger.error("checkout could not capture payment", { orderId: order.id, authorizationId: order.paymentAuthorizationId, error });
  }
  await publishPlaced(services, ctx, order);
}

/** One attempt under a claimed key, on the cart as the claim holds it. */
async function attempt(services: OrderServices, ctx: OrderContext, request: CheckoutRequest, checkout: CheckoutRecord, cart: CartRecord): Promise<CheckoutResult> {
  const { store, catalog, inventory, payments } = services;
  // Each attempt holds stock and money under its own key, so an attempt after a failed one starts clean.
  const attemptKey = attemptKeyOf(checkout);
  let reservation: Reservation | null = null;
  let committed = false;
  let authorizationId: string | null = null;

  /** Gives back whatever this attempt holds; a step that fails is logged, and a hold left behind lapses by itself. */
  const undo = async () => {
    if (reservation?.reservationId && committed) {
      const byLocation = new Map<string, { sku: string; quantity: number }[]>();
      for (const hold of reservation.holds) byLocation.set(hold.locationId, [...(byLocation.get(hold.locationId) ?? []), { sku: hold.sku, quantity: hold.quantity }]);
      for (const [locationId, lines] of byLocation) {
        await inventory.restock(`${attemptKey}:undo:${locationId}`, locationId, lines).catch((error) =>
          ctx.logger.error("checkout could not put committed stock back", { key: checkout.key, locationId, error }),
        );
      }
    } else if (reservation?.reservationId) {
      const held = reservation;
      const released = await inventory.release(held.reservationId!).catch((error) => {
        ctx.logger.error("checkout could not release its hold; it lapses at expiry", { key: checkout.key, reservationId: held.reservationId, error });
        return null;
      });
      // A commit whose answer was lost did happen: the units left, so they go back instead.
      if (released?.status === "COMMITTED") {
        committed = true;
        reservation = held;
        return undo();
      }
    }
    reservation = null;
    if (authorizationId) {
      const id = authorizationId;
      authorizationId = null;
      await payments.void(id).catch((error) => ctx.logger.error("checkout could not void its authorization", { key: checkout.key, authorizationId: id, error }));
    }
  };
  const refuse = async (userErrors: CheckoutError[]): Promise<CheckoutResult> => {
    await undo();
    await store.abandonCheckout(checkout.key, userErrors);
    return { order: null, userErrors };
  };

  let order: OrderRecord;
  try {
    if (cart.lines.length === 0) return await refuse([{ code: "CART_EMPTY", message: "The cart is empty.", field: ["input", "cartId"] }]);
    const incomplete = cart.lines.filter((line) => (line.method === "SHIP_TO_HOME" ? !line.shippingAddress : !line.locationId));
    if (incomplete.length > 0) {
      return await refuse(
        incomplete.map((line) => ({
          code: "FULFILLMENT_INCOMPLETE",
          message: line.method === "SHIP_TO_HOME" ? `Line ${line.sku} ships, but no shipping address is set.` : `Line ${line.sku} has no pickup store.`,
          field: ["lines", line.id],
        })),
      );
    }
    const addresses = new Set(cart.lines.filter((line) => line.method === "SHIP_TO_HOME").map((line) => JSON.stringify(line.shippingAddress)));
    if (addresses.size > 1) {
      return await refuse([{ code: "MULTIPLE_SHIPPING_ADDRESSES", message: "One order ships to one address; set the same address on every shipped line.", field: ["lines"] }]);
    }

    // Prices are the catalog's, for this request's channel, now — never the cart's snapshot — and are locked into the order.
    const skus = [...new Set(cart.lines.map((line) => line.sku))];
    const priced = await catalog.prices(skus, ctx.channel);
    const unknown = new Set(skus.filter((_, i) => priced[i] === null));
    if (unknown.size > 0) {
      return await refuse(
        cart.lines
          .filter((line) => unknown.has(line.sku))
          .map((line) => ({ code: "UNKNOWN_SKU", message: `The catalog no longer sells "${line.sku}"; remove it from the cart.`, field: ["lines", line.id] })),
      );
    }
    const currencyCode = priced[0]!.currencyCode;
    if (priced.some((price) => price!.currencyCode !== currencyCode)) throw new Error(`catalog prices for cart "${cart.id}" mix currencies`);
    const prices = new Map(skus.map((sku, i) => [sku, priced[i]!.price]));

    reservation = await inventory.reserve(attemptKey, reservationLines(cart.lines), { ttlSeconds: HOLD_SECONDS });
    if (reservation.status === "REFUSED") {
      const refused = reservation;
      reservation = null; // a refusal holds nothing
      return await refuse(outOfStockErrors(refused, cart.lines));
    }
    if (reservation.status !== "HELD" || !reservation.reservationId) throw new Error(`reservation "${attemptKey}" came back ${reservation.status}`);

    const draft = orderDraft({
      id: orderIdOf(attemptKey),
      cart,
      prices,
      currencyCode,
      reservation,
      viewer: ctx.viewer,
      channel: ctx.channel,
      storeId: ctx.storeId,
      placedAt: new Date().toISOString(),
    });
    const amount = draft.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, draft.shippingTotal);
    const authorization = await payments.authorize({ token: request.paymentToken, amount, currencyCode, idempotencyKey: attemptKey });
    if (authorization.status === "DECLINED") {
      return await refuse([{ code: "PAYMENT_DECLINED", message: `Payment declined: ${authorization.reason}`, field: ["input", "paymentToken"] }]);
    }
    authorizationId = authorization.authorizationId;

    const commit = await inventory.commit(reservation.reservationId);
    if (commit.status !== "COMMITTED") throw new Error(`reservation "${reservation.reservationId}" could not be committed: ${commit.status}`);
    committed = true;
    // Refunds (cancellation, returns) go back to this payment.
    order = await store.createOrder({ ...draft, paymentAuthorizationId: authorizationId });
  } catch (error) {
    // A createOrder that wrote but whose answer was lost: the order is there, so it stands and is finished.
    if (committed) {
      const [written] = await store.ordersById([orderIdOf(attemptKey)]).catch(() => [null]);
      if (written) {
        await finish(services, ctx, checkout.key, cart.id, written);
        return { order: written, userErrors: [] };
      }
    }
    await undo();
    await store.abandonCheckout(checkout.key, [FAILED_UNEXPECTEDLY]);
    throw error;
  }

  // The order exists, with its stock: from here on nothing is undone.
  await finish(services, ctx, checkout.key, cart.id, order);
  return { order, userErrors: [] };
}

/** Tells the rest of the graph (the customer timeline); the order stands even if the bus is down for a moment. */
async function publishPlaced(services: OrderServices, ctx: OrderContext, order: OrderRecord): Promise<void> {
  const event = domainEvent<Extract<DomainEvent, { type: "ORDER_PLACED" }>>("ORDER_PLACED", order.channel, {
    orderId: order.id,
    orderNumber: order.number,
    customerId: order.customerId,
    locationId: order.attribution.locationId,
    associateId: order.attribution.associateId,
    total: order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, order.shippingTotal),
    currencyCode: order.currencyCode,
    lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  });
  await services.bus?.publish(event).catch((error) => ctx.logger.error("could not publish ORDER_PLACED", { orderId: order.id, eventId: event.id, error }));
}
