import { randomUUID } from "node:crypto";
import { deny, staffMemberOf } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import { addLines, MAX_QUANTITY, priceLines } from "../checkout/cart-lines.js";
import { changeLines, MAX_CART_ATTEMPTS, refusal, usableCart, writeRefusal, type CartResult } from "./carts.js";
import type { Caller, OrderServices } from "./deps.js";
import { signedInAssociateListedAt, worksAt } from "./staff.js";

/** Who a new cart is attributed to, as asked. */
export interface RequestedAttribution {
  locationId?: string | null;
  associateId?: string | null;
}

function invalidAttribution(message: string, field: string): CartResult {
  return { cart: null, userErrors: [{ code: "INVALID_ATTRIBUTION", message, field: ["input", "attribution", field] }] };
}

/**
 * Why the caller may not attribute a cart as asked, or null. Credit is what sales incentives are paid on: only the
 * store's own people and devices may claim it. An associate credits themselves; a kiosk may name the associate helping
 * at it; nobody else names anyone.
 */
async function attributionRefusal(
  services: OrderServices,
  caller: Caller,
  requested: RequestedAttribution | null,
): Promise<CartResult | null> {
  const { viewer } = caller;
  const credited = requested?.associateId ?? null;
  const mayCredit = credited === null || credited === staffMemberOf(viewer) || viewer.kind === "kiosk" || viewer.kind === "service";
  const mayPlace = !requested?.locationId || caller.storeId !== null || viewer.kind === "agent" || viewer.kind === "service";
  if (!mayCredit || !mayPlace) {
    return invalidAttribution(
      "Only the store's associates and kiosks attribute a cart (an associate or agent to themselves).",
      mayCredit ? "locationId" : "associateId",
    );
  }
  if (requested?.locationId) {
    if (caller.storeId && requested.locationId !== caller.storeId)
      return invalidAttribution("At a store, a cart is attributed to that store.", "locationId");
    const location = await services.locations.location(requested.locationId);
    if (location?.type !== "STORE") {
      return {
        cart: null,
        userErrors: [
          { code: "INVALID_LOCATION", message: `"${requested.locationId}" is not a store.`, field: ["input", "attribution", "locationId"] },
        ],
      };
    }
  }
  return null;
}

/**
 * Who owns a new cart: the customer it is built for (assisted selling: an associate, an agent or a service names them;
 * a customer may name only themselves), else the signed-in customer, else nobody (anonymous).
 */
function ownerOf(caller: Caller, customerId: string | null): string | null {
  const { viewer } = caller;
  if (customerId === null) return viewer.kind === "customer" ? viewer.id : null;
  const assists = viewer.kind === "associate" || viewer.kind === "agent" || viewer.kind === "service";
  if (!assists && !(viewer.kind === "customer" && viewer.id === customerId)) {
    deny(viewer, "only staff build a cart for a customer; a customer's carts are their own.");
  }
  return customerId;
}

/**
 * Starts a cart on the caller's channel. The customer named (assisted selling) or the signed-in customer owns it and
 * it becomes their active cart at once; otherwise it is anonymous. An associate, an agent or a kiosk attributes it to
 * their store (and the associate or agent to themselves) unless asked otherwise, so the order placed from it is
 * credited to them, whoever checks it out.
 */
export async function createCart(
  services: OrderServices,
  caller: Caller,
  requested: RequestedAttribution | null,
  customerId: string | null = null,
): Promise<CartResult> {
  const owner = ownerOf(caller, customerId);
  const refused = await attributionRefusal(services, caller, requested);
  if (refused) return refused;
  const { viewer } = caller;
  const locationId = requested?.locationId ?? caller.storeId ?? null;
  const associateId = requested?.associateId ?? staffMemberOf(viewer);
  // The staff records decide, not the device: a kiosk naming someone of another store, or nobody's id, credits
  // nobody. An associate crediting themselves is signed already, and is refused only when the records say otherwise.
  if (associateId !== null) {
    const listed =
      associateId === staffMemberOf(viewer)
        ? await signedInAssociateListedAt(services.staff, associateId, locationId, caller.logger)
        : worksAt((await services.staff.homeStoresOf([associateId]))[0], locationId);
    if (listed === false) {
      return invalidAttribution(
        `"${associateId}" is not an associate of ${locationId ?? "any store"}; a sale is credited only to the store's own associates.`,
        "associateId",
      );
    }
  }
  const now = new Date().toISOString();
  const cart = await services.store.createCart({
    id: `cart-${randomUUID()}`,
    customerId: owner,
    createdChannel: caller.channel,
    lastActiveChannel: caller.channel,
    currencyCode: DEFAULT_CURRENCY,
    lines: [],
    attribution: locationId || associateId ? { channel: caller.channel, locationId, associateId } : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  return { cart, userErrors: [] };
}

/**
 * The customer claims a cart they started anonymously: it is merged into their active cart (the same SKU leaving the
 * same way adds up) and that cart is answered; without an active cart, this one becomes it.
 */
export async function attachCartToCustomer(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  customerId: string,
): Promise<CartResult> {
  const { store } = services;
  for (let attempt = 1; ; attempt++) {
    const source = await usableCart(services, caller, cartId);
    // Attached already (a retried call): the cart it went into is the answer.
    if (source.mergedIntoId && source.customerId === customerId) {
      return { cart: await usableCart(services, caller, source.mergedIntoId), userErrors: [] };
    }
    if (source.customerId === customerId) return changeLines(services, caller, cartId, null, (cart) => ({ lines: cart.lines }));
    const refused = refusal(source, null);
    if (refused) return { cart: source, userErrors: [refused] };
    const [active] = await store.activeCartByCustomer([customerId]);
    const target = active && active.id !== source.id ? active : null;
    const lines = addLines(target?.lines ?? [], source.lines).map((line) => ({ ...line, quantity: Math.min(line.quantity, MAX_QUANTITY) }));
    const priced = await priceLines(services.catalog, lines, caller.channel);
    const write = await store.mergeCarts(
      {
        sourceId: source.id,
        sourceVersion: source.version,
        targetId: target?.id ?? null,
        targetVersion: target?.version ?? null,
        customerId,
        lines: priced.lines,
        change: {
          currencyCode: priced.currencyCode ?? (target ?? source).currencyCode,
          lastActiveChannel: caller.channel,
          updatedAt: new Date().toISOString(),
        },
      },
      // The anonymous cart is the one whose earlier activity now belongs to the customer, merged or not.
      () => [
        domainEvent<Extract<DomainEvent, { type: "CART_ATTACHED" }>>("CART_ATTACHED", caller.channel, { cartId: source.id, customerId }),
      ],
    );
    if (write.status === "UPDATED") {
      await services.announcer.flush();
      return { cart: write.cart, userErrors: [] };
    }
    if (write.status === "NOT_FOUND") throw new NotFoundError("Cart", cartId);
    if (write.status !== "CHANGED" || attempt >= MAX_CART_ATTEMPTS) return { cart: write.cart, userErrors: [writeRefusal(write, null)] };
  }
}
