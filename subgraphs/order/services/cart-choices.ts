import { BadUserInputError } from "../../../lib/errors.js";
import { codeProblem } from "../pricing/cost.js";
import { normalizeCode } from "../pricing/promotions.js";
import type { CartError } from "../error-codes.js";
import type { CartRecord } from "../store/index.js";
import { changeCart, type CartEdit, type CartResult, type Refused } from "./carts.js";
import type { Caller, OrderServices } from "./deps.js";

/** Codes and cards one cart may carry: enough for any real basket, small enough to price every read. */
export const MAX_CODES = 5;
export const MAX_GIFT_CARDS = 3;
/** Most points one cart may ask to spend. */
export const MAX_POINTS = 10_000_000;

/** What the shopper pays with besides the lines; each choice is a compare-and-set on the version read, lines left as they are. */
type Choice = Pick<CartEdit, "shippingOption" | "discountCodes" | "giftCardCodes" | "loyaltyPoints">;

/** The ship-to-home option for the cart's shipped lines. */
export function selectDeliveryOption(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  option: NonNullable<Choice["shippingOption"]>,
  expectedVersion: number | null,
): Promise<CartResult> {
  return changeCart(services, caller, cartId, expectedVersion, async (): Promise<Choice> => ({ shippingOption: option }));
}

/** The cart's lists of codes: discount codes and gift cards, each entered once, normalized. */
type CodeList = "discountCodes" | "giftCardCodes";

const LIMITS: Record<CodeList, { max: number; code: "TOO_MANY_DISCOUNT_CODES" | "TOO_MANY_GIFT_CARDS"; what: string }> = {
  discountCodes: { max: MAX_CODES, code: "TOO_MANY_DISCOUNT_CODES", what: "codes" },
  giftCardCodes: { max: MAX_GIFT_CARDS, code: "TOO_MANY_GIFT_CARDS", what: "gift cards" },
};

/** Adds a code to one of the cart's lists: again is a no-op, past the limit or refused by `problem` a userError. */
function addCode(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  expectedVersion: number | null,
  list: CodeList,
  code: string,
  problem: (normalized: string, cart: CartRecord) => Promise<CartError | null>,
): Promise<CartResult> {
  const normalized = normalizeCode(code);
  const limit = LIMITS[list];
  return changeCart(services, caller, cartId, expectedVersion, async (cart): Promise<Choice | Refused> => {
    const codes = cart[list] ?? [];
    if (codes.includes(normalized)) return { [list]: codes };
    if (codes.length >= limit.max)
      return { userErrors: [{ code: limit.code, message: `A cart takes at most ${limit.max} ${limit.what}.`, field: ["code"] }] };
    const refused = await problem(normalized, cart);
    if (refused) return { userErrors: [refused] };
    return { [list]: [...codes, normalized] };
  });
}

/** Takes a code off one of the cart's lists; one that is not on it changes nothing. */
function removeCode(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  expectedVersion: number | null,
  list: CodeList,
  code: string,
): Promise<CartResult> {
  return changeCart(services, caller, cartId, expectedVersion, async (cart): Promise<Choice> => ({
    [list]: (cart[list] ?? []).filter((c) => c !== normalizeCode(code)),
  }));
}

/** A discount code that exists and applies now on the caller's channel; its uses are counted only when an order is placed. */
export function applyDiscountCode(services: OrderServices, caller: Caller, cartId: string, code: string, expectedVersion: number | null) {
  return addCode(services, caller, cartId, expectedVersion, "discountCodes", code, async (normalized, cart) => {
    const problem = codeProblem(
      services.pricing.book.byCodeOf(normalized),
      normalized,
      caller.channel,
      new Date().toISOString(),
      cart.customerId,
    );
    return problem && { ...problem, field: ["code"] };
  });
}

/** Takes a discount code off the cart. */
export function removeDiscountCode(services: OrderServices, caller: Caller, cartId: string, code: string, expectedVersion: number | null) {
  return removeCode(services, caller, cartId, expectedVersion, "discountCodes", code);
}

/** A gift card with something left on it; charged only when the order is placed. */
export function applyGiftCard(services: OrderServices, caller: Caller, cartId: string, code: string, expectedVersion: number | null) {
  return addCode(services, caller, cartId, expectedVersion, "giftCardCodes", code, async (normalized) => {
    const [card] = await services.store.giftCardsByCode([normalized]);
    if (!card) return { code: "GIFT_CARD_UNKNOWN", message: "No gift card has this code.", field: ["code"] };
    if (card.balance <= 0) return { code: "GIFT_CARD_EMPTY", message: "This gift card has nothing left on it.", field: ["code"] };
    return null;
  });
}

/** Takes a gift card off the cart. */
export function removeGiftCard(services: OrderServices, caller: Caller, cartId: string, code: string, expectedVersion: number | null) {
  return removeCode(services, caller, cartId, expectedVersion, "giftCardCodes", code);
}

/** The owner spends this many loyalty points on the cart (0 for none); held only when the order is placed. */
export function setLoyaltyPoints(
  services: OrderServices,
  caller: Caller,
  cartId: string,
  points: number,
  expectedVersion: number | null,
): Promise<CartResult> {
  if (!Number.isInteger(points) || points < 0 || points > MAX_POINTS)
    throw new BadUserInputError(`"points" must be 0 to ${MAX_POINTS}.`, ["points"]);
  return changeCart(services, caller, cartId, expectedVersion, async (cart): Promise<Choice | Refused> => {
    if (!cart.customerId)
      return { userErrors: [{ code: "LOYALTY_NEEDS_CUSTOMER", message: "Sign in to spend loyalty points.", field: ["cartId"] }] };
    return { loyaltyPoints: points };
  });
}
