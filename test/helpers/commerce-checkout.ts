import { afterAll, beforeAll, expect } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import type { DomainEvent } from "../../lib/events.js";
import type { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import type { TestGraph } from "./graph.js";
import { startRecordingGraph } from "./recording-graph.js";

/**
 * What the commerce-checkout journeys share: fixtures from the demo world, each story with its own SKUs and stores so
 * that the stories never share stock, the cart and checkout operations, and one graph per file.
 */

export const world = demoWorld();
const stockRecord = new Map(world.stock.map((s) => [`${s.locationId}|${s.sku}`, s]));
const seededAtp = (locationId: string, sku: string) => {
  const s = stockRecord.get(`${locationId}|${sku}`);
  return s ? Math.max(0, s.onHand - s.reserved - s.safetyStock) : 0;
};
export const taken = new Set<string>();
export const take = <T extends { sku: string }>(found: T | undefined, story: string): T => {
  if (!found) throw new Error(`the demo world has no fixture for: ${story}`);
  taken.add(found.sku);
  return found;
};
export const free = (sku: string) => !taken.has(sku);

// A shopper with a preferred store and an active cart whose every line that store can hand over, plus one more SKU.
export const pickupStory = (() => {
  for (const customer of world.customers) {
    const store = customer.preferredStoreId;
    const cart = world.carts.find((c) => c.customerId === customer.id);
    if (!store || !cart || !cart.lines.every((l) => seededAtp(store, l.sku) >= l.quantity + 2)) continue;
    const repeated = cart.lines.find((l) => l.method === "SHIP_TO_HOME");
    const extra = world.variants.find((v) => seededAtp(store, v.sku) >= 3 && !cart.lines.some((l) => l.sku === v.sku));
    if (repeated && extra) return { customer, store, cart, repeated, extra };
  }
  throw new Error("the demo world has no fixture for the pickup story");
})();
for (const line of pickupStory.cart.lines) taken.add(line.sku);
taken.add(pickupStory.extra.sku);

export const lastFive = take(
  world.stock.find(
    (s) => s.locationId.startsWith("store-") && s.locationId !== pickupStory.store && seededAtp(s.locationId, s.sku) === 5 && free(s.sku),
  ),
  "a SKU with exactly 5 units to promise at a store",
);
const carriedAtKiosk = new Set(world.stock.filter((s) => s.locationId === "store-01").map((s) => s.sku));
export const notAtKiosk = take(
  world.variants.find((v) => !carriedAtKiosk.has(v.sku) && free(v.sku) && seededAtp("dc-01", v.sku) + seededAtp("dc-02", v.sku) >= 4),
  "a variant store-01 does not stock",
);
export const retried = take(
  world.variants.find((v) => free(v.sku) && seededAtp("dc-01", v.sku) >= 10 && seededAtp("dc-02", v.sku) >= 10),
  "a variant the distribution centers have plenty of",
);
export const declined = take(
  world.stock.find((s) => s.locationId === "store-03" && seededAtp(s.locationId, s.sku) >= 3 && free(s.sku)),
  "a SKU in stock at store-03",
);
export const other = take(
  world.variants.find((v) => free(v.sku) && v.prices.WEB.price !== v.prices.KIOSK.price),
  "a variant priced differently on the web and at the kiosk",
);
export const shipper = world.customers.find(
  (c) => c.id !== pickupStory.customer.id && world.carts.every((cart) => cart.customerId !== c.id),
)!;
export const home = shipper.addresses[0];
export const HOME = {
  line1: home.line1,
  line2: home.line2,
  city: home.city,
  region: home.region,
  postalCode: home.postalCode,
  country: home.country,
};
export const shippingLocations = world.locations.filter(
  (l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE"),
);

export const ERRORS = `userErrors { code message field }`;
export const CART = `id version createdChannel lastActiveChannel customer { id } estimatedTotal { amount }
  lines { id quantity variant { sku } unitPrice { amount } fulfillment { method location { id } shippingAddress { postalCode } } }
  attribution { channel location { id } associate { id } }`;
export const ORDER = `id number channel status customer { id } subtotal { amount } shippingTotal { amount } total { amount }
  attribution { channel location { id } associate { id } }
  lines { quantity unitPrice { amount } variant { sku } fulfillmentId }
  fulfillments { id method status pickupCode origin { id } pickupLocation { id } lines { variant { sku } quantity } }
  events { type channel }`;
export const CREATE = `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { ${CART} } ${ERRORS} } }`;
export const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!, $v: Int) { addCartLines(cartId: $cartId, lines: $lines, expectedVersion: $v) { cart { ${CART} } ${ERRORS} } }`;
export const UPDATE = `mutation($cartId: ID!, $lineId: ID!, $quantity: Int!, $v: Int) { updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity, expectedVersion: $v) { cart { ${CART} } ${ERRORS} } }`;
export const SET = `mutation($cartId: ID!, $lineIds: [ID!], $method: FulfillmentMethod!, $locationId: ID, $address: AddressInput) {
  setCartFulfillment(cartId: $cartId, lineIds: $lineIds, method: $method, locationId: $locationId, shippingAddress: $address) { cart { ${CART} } ${ERRORS} } }`;
export const ATTACH = `mutation($cartId: ID!) { attachCartToCustomer(cartId: $cartId) { cart { ${CART} } ${ERRORS} } }`;
export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { ${ORDER} } ${ERRORS} } }`;
export const STOCK = `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved availableToPromise } } }`;

export let graph: TestGraph;
export let payments: TestPaymentProvider;
export const published: DomainEvent[] = [];
/** Starts the file's graph, with test payments of its own and a record of what it published, and closes it after. */
export function useCommerceGraph(): void {
  beforeAll(async () => {
    ({ graph, payments } = await startRecordingGraph("commerce-checkout-test", published));
  });
  afterAll(() => graph?.close());
}

export const web = { "x-channel": "WEB" };
export let keys = 0;
export const newKey = (story: string) => `${story}-${++keys}`;

/** The mutation's payload, failing the test on a thrown error. */
export async function run(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const answer = await graph.query(query, variables, headers);
  expect(answer.body.errors).toBeUndefined();
  return Object.values(answer.body.data as Record<string, any>)[0];
}

export async function stockAt(
  sku: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number; availableToPromise: number } | null> {
  const answer = await graph.query(STOCK, { sku, at: locationId });
  return answer.body.data.variant.stockAt;
}

/** A cart holding `lines`, every line fulfilled as `fulfillment` says. */
export async function cartWith(
  headers: Record<string, string>,
  lines: { sku: string; quantity: number }[],
  fulfillment: Record<string, unknown>,
) {
  const created = await run(CREATE, { input: {} }, headers);
  await run(ADD, { cartId: created.cart.id, lines }, headers);
  const set = await run(SET, { cartId: created.cart.id, ...fulfillment }, headers);
  expect(set.userErrors).toEqual([]);
  return set.cart;
}
