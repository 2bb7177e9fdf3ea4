import { randomUUID } from "node:crypto";
import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { deny, SHOPPERS } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import { requireText } from "../../../lib/text.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import { AddressInput, type UserError } from "../../../lib/graphql/types.js";
import { DEFAULT_CURRENCY } from "../../../lib/money.js";
import { canUseCart } from "../access.js";
import {
  addLines,
  defaultFulfillment,
  invalidQuantity,
  MAX_QUANTITY,
  newLineId,
  priceLines,
  validQuantity,
} from "../checkout/cart-lines.js";
import type { OrderContext } from "../context.js";
import type { OrderServices } from "../index.js";
import type { AddressRecord, CartLineRecord, CartRecord, CartWrite, FulfillmentMethodName } from "../store/index.js";
import { FulfillmentMethod } from "../types/fulfillment.js";
import { signedInAssociateListedAt, worksAt } from "../services/staff.js";
import { CartLineInput, CreateCartInput } from "../types/inputs.js";
import { CartPayload } from "../types/payloads.js";

/** Most lines one addCartLines may carry. */
const MAX_LINES_PER_CALL = 50;
/** Without an expectedVersion, a change that lost a race is computed again from the newer cart this many times. */
const MAX_ATTEMPTS = 5;

/** What an edit makes of the cart's lines, or why it may not. */
type Edit =
  | {
      lines: CartLineRecord[];
      /** SKUs the edit brings in, with the input field each came from: they must be known to the catalog. */
      newSkus?: Map<string, string[]>;
    }
  | { userErrors: UserError[] };

/** Why a cart may not be changed now, as a userError; null when it may. */
export function refusal(cart: CartRecord, expectedVersion: number | null | undefined): UserError | null {
  if (cart.orderId) return { code: "CART_CLOSED", message: "This cart was checked out; start a new cart.", field: ["cartId"] };
  if (cart.mergedIntoId)
    return { code: "CART_CLOSED", message: "This cart was merged into the customer's cart; use that cart.", field: ["cartId"] };
  if (cart.checkoutKey)
    return { code: "CHECKOUT_IN_PROGRESS", message: "This cart is being checked out; wait for the checkout to finish.", field: ["cartId"] };
  if (expectedVersion != null && expectedVersion !== cart.version) return cartChanged(cart, expectedVersion);
  return null;
}

function cartChanged(cart: CartRecord, expectedVersion: number | null | undefined): UserError {
  return {
    code: "CART_CHANGED",
    message: `The cart changed${expectedVersion != null ? ` since version ${expectedVersion}` : ""}: it is at version ${cart.version} now. Reload it and try again.`,
    field: ["expectedVersion"],
  };
}

export function writeRefusal(
  write: Exclude<CartWrite, { status: "UPDATED" | "NOT_FOUND" }>,
  expectedVersion: number | null | undefined,
): UserError {
  return refusal(write.cart, null) ?? cartChanged(write.cart, expectedVersion);
}

/** The address as typed, each line cleaned (lib/text.ts): a label printer or a driver's screen shows it as stored. */
function toAddress(input: AddressInput): AddressRecord {
  const line = (value: string, name: string) => requireText(value, { field: ["shippingAddress", name] });
  return {
    line1: line(input.line1, "line1"),
    line2: input.line2 == null ? null : line(input.line2, "line2") || null,
    city: line(input.city, "city"),
    region: input.region == null ? null : line(input.region, "region") || null,
    postalCode: line(input.postalCode, "postalCode"),
    country: line(input.country, "country").toUpperCase(),
  };
}

/** The capability a store needs to hand over a line fulfilled by `method`. */
const HANDOVER_CAPABILITY: Partial<Record<FulfillmentMethodName, "PICKUP" | "CURBSIDE">> = {
  PICKUP_IN_STORE: "PICKUP",
  CURBSIDE: "CURBSIDE",
};

/**
 * Cart mutations. Every change reads the cart fresh, computes the new lines from that version, re-prices every line
 * from the catalog for the request's channel (one call), and writes with compare-and-set on the version it read:
 * a stale expectedVersion, or a change that slipped in meanwhile, changes nothing.
 */
export function cartMutations(services: OrderServices) {
  const { store, catalog, locations, announcer, staff } = services;

  /** The cart as it is now, if the viewer may use it; a cart they may not use reads as not found. */
  async function usableCart(ctx: OrderContext, cartId: string): Promise<CartRecord> {
    const [cart] = await store.cartsById([cartId]);
    if (!cart || !canUseCart(ctx.viewer, cart)) throw new NotFoundError("Cart", cartId);
    return cart;
  }

  async function changeCart(
    ctx: OrderContext,
    cartId: string,
    expectedVersion: number | null | undefined,
    edit: (cart: CartRecord) => Edit,
  ): Promise<CartPayload> {
    for (let attempt = 1; ; attempt++) {
      const cart = await usableCart(ctx, cartId);
      const refused = refusal(cart, expectedVersion);
      if (refused) return { cart, userErrors: [refused] };
      const edited = edit(cart);
      if ("userErrors" in edited) return { cart, userErrors: edited.userErrors };
      const priced = await priceLines(catalog, edited.lines, ctx.channel);
      const unknown = [...(edited.newSkus ?? new Map<string, string[]>())].filter(([sku]) => priced.unknownSkus.has(sku));
      if (unknown.length > 0) {
        return {
          cart,
          userErrors: unknown.map(([sku, field]) => ({ code: "UNKNOWN_SKU", message: `The catalog has no variant "${sku}".`, field })),
        };
      }
      const write = await store.updateCart(cart.id, cart.version, {
        lines: priced.lines,
        currencyCode: priced.currencyCode ?? cart.currencyCode,
        lastActiveChannel: ctx.channel,
        updatedAt: new Date().toISOString(),
      });
      if (write.status === "UPDATED") return { cart: write.cart, userErrors: [] };
      if (write.status === "NOT_FOUND") throw new NotFoundError("Cart", cartId);
      // Someone changed the cart between the read and the write: a client that named its version is told; otherwise
      // the edit is computed again from the newer cart.
      if (write.status !== "CHANGED" || expectedVersion != null || attempt >= MAX_ATTEMPTS) {
        return { cart: write.cart, userErrors: [writeRefusal(write, expectedVersion)] };
      }
    }
  }

  @Resolver()
  class CartMutations {
    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "Start a cart on the request's channel. The signed-in customer owns it; otherwise it is anonymous and open to whoever holds its id. An associate or a kiosk attributes it to their store (and the associate to themselves) unless told otherwise.",
    })
    async createCart(
      @Arg("input", () => CreateCartInput, { description: "Who helps with the cart, if anyone." }) input: CreateCartInput,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      const requested = input.attribution ?? null;
      // Credit is what sales incentives are paid on: only the store's own people and devices may claim it. An
      // associate credits themselves; a kiosk may name the associate helping at it; nobody else names anyone.
      const credited = requested?.associateId ?? null;
      const mayCredit =
        credited === null ||
        (ctx.viewer.kind === "associate" && credited === ctx.viewer.id) ||
        ctx.viewer.kind === "kiosk" ||
        ctx.viewer.kind === "service";
      const mayPlace = !requested?.locationId || ctx.storeId !== null || ctx.viewer.kind === "agent" || ctx.viewer.kind === "service";
      if (!mayCredit || !mayPlace) {
        return {
          cart: null,
          userErrors: [
            {
              code: "INVALID_ATTRIBUTION",
              message: "Only the store's associates and kiosks attribute a cart (an associate to themselves).",
              field: ["input", "attribution", mayCredit ? "locationId" : "associateId"],
            },
          ],
        };
      }
      if (requested?.locationId) {
        if (ctx.storeId && requested.locationId !== ctx.storeId) {
          return {
            cart: null,
            userErrors: [
              {
                code: "INVALID_ATTRIBUTION",
                message: "At a store, a cart is attributed to that store.",
                field: ["input", "attribution", "locationId"],
              },
            ],
          };
        }
        const location = await locations.location(requested.locationId);
        if (location?.type !== "STORE") {
          return {
            cart: null,
            userErrors: [
              {
                code: "INVALID_LOCATION",
                message: `"${requested.locationId}" is not a store.`,
                field: ["input", "attribution", "locationId"],
              },
            ],
          };
        }
      }
      const locationId = requested?.locationId ?? ctx.storeId ?? null;
      const associateId = requested?.associateId ?? (ctx.viewer.kind === "associate" ? ctx.viewer.id : null);
      // The staff records decide, not the device: a kiosk naming someone of another store, or nobody's id, credits
      // nobody. An associate crediting themselves is signed already, and is refused only when the records say otherwise.
      if (associateId !== null) {
        const listed =
          ctx.viewer.kind === "associate" && associateId === ctx.viewer.id
            ? await signedInAssociateListedAt(staff, associateId, locationId, ctx.logger)
            : worksAt((await staff.homeStoresOf([associateId]))[0], locationId);
        if (listed === false) {
          return {
            cart: null,
            userErrors: [
              {
                code: "INVALID_ATTRIBUTION",
                message: `"${associateId}" is not an associate of ${locationId ?? "any store"}; a sale is credited only to the store's own associates.`,
                field: ["input", "attribution", "associateId"],
              },
            ],
          };
        }
      }
      const now = new Date().toISOString();
      const cart = await store.createCart({
        id: `cart-${randomUUID()}`,
        customerId: ctx.viewer.kind === "customer" ? ctx.viewer.id : null,
        createdChannel: ctx.channel,
        lastActiveChannel: ctx.channel,
        currencyCode: DEFAULT_CURRENCY,
        lines: [],
        attribution: locationId || associateId ? { channel: ctx.channel, locationId, associateId } : null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      return { cart, userErrors: [] };
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "Add variants to a cart. A SKU already in the cart that would leave the same way gets the units added; new lines are fulfilled the way the cart's lines already are, else shipped. Every line is re-priced for the request's channel.",
    })
    async addCartLines(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("lines", () => [CartLineInput], { description: "What to add: 1 to 50 lines, 1 to 99 units each." }) lines: CartLineInput[],
      @Arg("expectedVersion", () => Int, {
        nullable: true,
        description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
      })
      expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      if (lines.length === 0 || lines.length > MAX_LINES_PER_CALL)
        throw new BadUserInputError(`"lines" must hold 1 to ${MAX_LINES_PER_CALL} lines.`, ["lines"]);
      const badQuantities = lines.flatMap((line, i) =>
        validQuantity(line.quantity) ? [] : [invalidQuantity(line.quantity, ["lines", String(i), "quantity"])],
      );
      if (badQuantities.length > 0) return { cart: await usableCart(ctx, cartId), userErrors: badQuantities };
      return changeCart(ctx, cartId, expectedVersion, (cart) => {
        const fulfillment = defaultFulfillment(cart);
        const incoming = lines.map((line) => ({
          id: newLineId(cart.id),
          sku: line.sku.trim(),
          quantity: line.quantity,
          ...fulfillment,
          unitPrice: null,
        }));
        const next = addLines(cart.lines, incoming);
        const inputIndex = new Map(incoming.map((line, i) => [line.sku, i]));
        const tooMany = next.filter((line) => line.quantity > MAX_QUANTITY && inputIndex.has(line.sku));
        if (tooMany.length > 0) {
          return {
            userErrors: tooMany.map((line) => invalidQuantity(line.quantity, ["lines", String(inputIndex.get(line.sku)), "quantity"])),
          };
        }
        return { lines: next, newSkus: new Map(incoming.map((line, i) => [line.sku, ["lines", String(i), "sku"]])) };
      });
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, { description: "Set how many units a cart line holds (1 to 99); 0 removes the line." })
    async updateCartLine(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("lineId", () => ID, { description: "The cart line." }) lineId: string,
      @Arg("quantity", () => Int, { description: "The new number of units; 0 removes the line." }) quantity: number,
      @Arg("expectedVersion", () => Int, {
        nullable: true,
        description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
      })
      expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      if (quantity !== 0 && !validQuantity(quantity))
        return { cart: await usableCart(ctx, cartId), userErrors: [invalidQuantity(quantity, ["quantity"])] };
      return changeCart(ctx, cartId, expectedVersion, (cart) => {
        if (!cart.lines.some((line) => line.id === lineId)) return { userErrors: [lineNotFound(lineId, ["lineId"])] };
        return {
          lines:
            quantity === 0
              ? cart.lines.filter((line) => line.id !== lineId)
              : cart.lines.map((line) => (line.id === lineId ? { ...line, quantity } : line)),
        };
      });
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, { description: "Take a line out of a cart." })
    async removeCartLine(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("lineId", () => ID, { description: "The cart line to remove." }) lineId: string,
      @Arg("expectedVersion", () => Int, {
        nullable: true,
        description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
      })
      expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      return changeCart(ctx, cartId, expectedVersion, (cart) => {
        if (!cart.lines.some((line) => line.id === lineId)) return { userErrors: [lineNotFound(lineId, ["lineId"])] };
        return { lines: cart.lines.filter((line) => line.id !== lineId) };
      });
    }

    @Authorized(...SHOPPERS)
    @Mutation(() => CartPayload, {
      description:
        "Choose how cart lines reach the shopper: pickup or curbside at a store offering it (locationId), or shipping (shippingAddress). Without lineIds, every line.",
    })
    async setCartFulfillment(
      @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
      @Arg("lineIds", () => [ID], { nullable: true, description: "The lines to set; null: every line of the cart." })
      lineIds: string[] | null,
      @Arg("method", () => FulfillmentMethod, { description: "Shipping, in-store pickup or curbside." }) method: FulfillmentMethod,
      @Arg("locationId", () => ID, { nullable: true, description: "The store for pickup or curbside; it must offer that service." })
      locationId: string | null,
      @Arg("shippingAddress", () => AddressInput, { nullable: true, description: "Where to ship; required for SHIP_TO_HOME." })
      shippingAddress: AddressInput | null,
      @Arg("expectedVersion", () => Int, {
        nullable: true,
        description: "The cart version the client saw; a different one refuses with CART_CHANGED.",
      })
      expectedVersion: number | null,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      const methodName = method as FulfillmentMethodName;
      const capability = HANDOVER_CAPABILITY[methodName];
      let selection: Pick<CartLineRecord, "method" | "locationId" | "shippingAddress">;
      if (capability) {
        const location = locationId ? await locations.location(locationId) : null;
        if (!location || location.type !== "STORE" || !location.capabilities.includes(capability)) {
          const message = locationId
            ? `"${locationId}" is not a store that offers ${capability.toLowerCase()}.`
            : `${methodName} needs the store's locationId.`;
          return { cart: await usableCart(ctx, cartId), userErrors: [{ code: "INVALID_LOCATION", message, field: ["locationId"] }] };
        }
        selection = { method: methodName, locationId: location.id, shippingAddress: null };
      } else {
        if (!shippingAddress) {
          return {
            cart: await usableCart(ctx, cartId),
            userErrors: [{ code: "ADDRESS_REQUIRED", message: "Shipping needs a shippingAddress.", field: ["shippingAddress"] }],
          };
        }
        selection = { method: methodName, locationId: null, shippingAddress: toAddress(shippingAddress) };
      }
      return changeCart(ctx, cartId, expectedVersion, (cart) => {
        const missing = (lineIds ?? []).flatMap((id, i) =>
          cart.lines.some((line) => line.id === id) ? [] : [lineNotFound(id, ["lineIds", String(i)])],
        );
        if (missing.length > 0) return { userErrors: missing };
        const chosen = lineIds ? new Set(lineIds) : null;
        return { lines: cart.lines.map((line) => (!chosen || chosen.has(line.id) ? { ...line, ...selection } : line)) };
      });
    }

    @Authorized("customer")
    @Mutation(() => CartPayload, {
      description:
        "The signed-in customer claims a cart they started anonymously (say on the website before signing in on the app). It is merged into their active cart — the same SKU leaving the same way adds up — and that cart is returned; without an active cart, this one becomes it.",
    })
    async attachCartToCustomer(
      @Arg("cartId", () => ID, { description: "The anonymous cart." }) cartId: string,
      @Ctx() ctx: OrderContext,
    ): Promise<CartPayload> {
      if (ctx.viewer.kind !== "customer") deny(ctx.viewer);
      const customerId = ctx.viewer.id;
      for (let attempt = 1; ; attempt++) {
        const source = await usableCart(ctx, cartId);
        // Attached already (a retried call): the cart it went into is the answer.
        if (source.mergedIntoId && source.customerId === customerId) {
          return { cart: await usableCart(ctx, source.mergedIntoId), userErrors: [] };
        }
        if (source.customerId === customerId) return changeCart(ctx, cartId, null, (cart) => ({ lines: cart.lines }));
        const refused = refusal(source, null);
        if (refused) return { cart: source, userErrors: [refused] };
        const [active] = await store.activeCartByCustomer([customerId]);
        const target = active && active.id !== source.id ? active : null;
        const lines = addLines(target?.lines ?? [], source.lines).map((line) => ({
          ...line,
          quantity: Math.min(line.quantity, MAX_QUANTITY),
        }));
        const priced = await priceLines(catalog, lines, ctx.channel);
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
              lastActiveChannel: ctx.channel,
              updatedAt: new Date().toISOString(),
            },
          },
          // The anonymous cart is the one whose earlier activity now belongs to the customer, merged or not.
          () => [
            domainEvent<Extract<DomainEvent, { type: "CART_ATTACHED" }>>("CART_ATTACHED", ctx.channel, { cartId: source.id, customerId }),
          ],
        );
        if (write.status === "UPDATED") {
          await announcer.flush();
          return { cart: write.cart, userErrors: [] };
        }
        if (write.status === "NOT_FOUND") throw new NotFoundError("Cart", cartId);
        if (write.status !== "CHANGED" || attempt >= MAX_ATTEMPTS) return { cart: write.cart, userErrors: [writeRefusal(write, null)] };
      }
    }
  }
  return CartMutations;
}

function lineNotFound(lineId: string, field: string[]): UserError {
  return { code: "LINE_NOT_FOUND", message: `The cart has no line "${lineId}".`, field };
}
