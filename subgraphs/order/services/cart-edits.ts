import { checkAddress, type AddressInputLike } from "../../../lib/address.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { addLines, defaultFulfillment, invalidQuantity, MAX_QUANTITY, newLineId, validQuantity } from "../checkout/cart-lines.js";
import type { CartLineRecord, FulfillmentMethodName } from "../store/index.js";
import { changeLines, lineNotFound, usableCart, type CartResult } from "./carts.js";
import type { Caller, OrderServices } from "./deps.js";

/** Most lines one addCartLines may carry. */
export const MAX_LINES_PER_CALL = 50;

/** The capability a store needs to hand over a line fulfilled by `method`. */
const HANDOVER_CAPABILITY: Partial<Record<FulfillmentMethodName, "PICKUP" | "CURBSIDE">> = {
  PICKUP_IN_STORE: "PICKUP",
  CURBSIDE: "CURBSIDE",
};

/**
 * Adds variants: a SKU already in the cart that would leave the same way gets the units added; new lines are fulfilled
 * the way the cart's lines already are, else shipped.
 */
export async function addCartLines(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  lines: readonly { sku: string; quantity: number }[],
  expectedVersion: number | null,
): Promise<CartResult> {
  if (lines.length === 0 || lines.length > MAX_LINES_PER_CALL)
    throw new BadUserInputError(`"lines" must hold 1 to ${MAX_LINES_PER_CALL} lines.`, ["lines"]);
  const badQuantities = lines.flatMap((line, i) =>
    validQuantity(line.quantity) ? [] : [invalidQuantity(line.quantity, ["lines", String(i), "quantity"])],
  );
  if (badQuantities.length > 0) return { cart: await usableCart(services, caller, cartId), userErrors: badQuantities };
  return changeLines(services, caller, cartId, expectedVersion, (cart) => {
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
      return { userErrors: tooMany.map((line) => invalidQuantity(line.quantity, ["lines", String(inputIndex.get(line.sku)), "quantity"])) };
    }
    return { lines: next, newSkus: new Map(incoming.map((line, i) => [line.sku, ["lines", String(i), "sku"]])) };
  });
}

/** Sets how many units a line holds (1 to 99); 0 removes the line. */
export async function updateCartLine(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  lineId: string,
  quantity: number,
  expectedVersion: number | null,
): Promise<CartResult> {
  if (quantity !== 0 && !validQuantity(quantity))
    return { cart: await usableCart(services, caller, cartId), userErrors: [invalidQuantity(quantity, ["quantity"])] };
  return changeLines(services, caller, cartId, expectedVersion, (cart) => {
    if (!cart.lines.some((line) => line.id === lineId)) return { userErrors: [lineNotFound(lineId, ["lineId"])] };
    return {
      lines:
        quantity === 0
          ? cart.lines.filter((line) => line.id !== lineId)
          : cart.lines.map((line) => (line.id === lineId ? { ...line, quantity } : line)),
    };
  });
}

/** Takes a line out of the cart. */
export function removeCartLine(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  lineId: string,
  expectedVersion: number | null,
): Promise<CartResult> {
  return changeLines(services, caller, cartId, expectedVersion, (cart) => {
    if (!cart.lines.some((line) => line.id === lineId)) return { userErrors: [lineNotFound(lineId, ["lineId"])] };
    return { lines: cart.lines.filter((line) => line.id !== lineId) };
  });
}

export interface FulfillmentChoice {
  /** The lines to set; null: every line of the cart. */
  lineIds: string[] | null;
  method: FulfillmentMethodName;
  locationId: string | null;
  shippingAddress: AddressInputLike | null;
  expectedVersion: number | null;
}

/** How lines reach the shopper: pickup or curbside at a store offering it, or shipping to an address. */
export async function setCartFulfillment(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  choice: FulfillmentChoice,
): Promise<CartResult> {
  const { method, locationId, shippingAddress, lineIds } = choice;
  const capability = HANDOVER_CAPABILITY[method];
  let selection: Pick<CartLineRecord, "method" | "locationId" | "shippingAddress">;
  if (capability) {
    const location = locationId ? await services.locations.location(locationId) : null;
    if (!location || location.type !== "STORE" || !location.capabilities.includes(capability)) {
      const message = locationId
        ? `"${locationId}" is not a store that offers ${capability.toLowerCase()}.`
        : `${method} needs the store's locationId.`;
      return {
        cart: await usableCart(services, caller, cartId),
        userErrors: [{ code: "INVALID_LOCATION", message, field: ["locationId"] }],
      };
    }
    selection = { method, locationId: location.id, shippingAddress: null };
  } else {
    if (!shippingAddress) {
      return {
        cart: await usableCart(services, caller, cartId),
        userErrors: [{ code: "ADDRESS_REQUIRED", message: "Shipping needs a shippingAddress.", field: ["shippingAddress"] }],
      };
    }
    // Checked as a saved address is (lib/address.ts): a label printer or a driver's screen shows it as stored.
    const checked = checkAddress(shippingAddress, ["shippingAddress"]);
    if ("problems" in checked) return { cart: await usableCart(services, caller, cartId), userErrors: checked.problems };
    selection = { method, locationId: null, shippingAddress: checked.address };
  }
  return changeLines(services, caller, cartId, choice.expectedVersion, (cart) => {
    const missing = (lineIds ?? []).flatMap((id, i) =>
      cart.lines.some((line) => line.id === id) ? [] : [lineNotFound(id, ["lineIds", String(i)])],
    );
    if (missing.length > 0) return { userErrors: missing };
    const chosen = lineIds ? new Set(lineIds) : null;
    return { lines: cart.lines.map((line) => (!chosen || chosen.has(line.id) ? { ...line, ...selection } : line)) };
  });
}
