import { demoWorld } from "../../lib/demo/world.js";
import type { Viewer } from "../../lib/viewer.js";

/**
 * The access table test/journeys/access-policy.test.ts checks: every root field and every entity type of the
 * supergraph, with what each kind of viewer gets, on fixtures picked from the demo world.
 */

export type Role = "anonymous" | "customer" | "associate" | "agent" | "partner" | "kiosk";
/** ok: answered; null: hidden (reads as not found); otherwise the error code expected. */
export type Outcome = "ok" | "null" | "UNAUTHENTICATED" | "FORBIDDEN" | "GRAPHQL_VALIDATION_FAILED";
export const ROLES: Role[] = ["anonymous", "customer", "associate", "agent", "partner", "kiosk"];

const world = demoWorld();
export const A = "cust-001";
const B = "cust-002";
const orderOfB = world.orders.find((o) => o.customerId === B)!;
const cartOfB = world.carts.find((c) => c.customerId === B)!;
const pickup = world.orders.flatMap((o) => o.fulfillments).find((f) => f.method === "PICKUP_IN_STORE" && f.status === "PICKED_UP")!;
export const storeX = pickup.pickupLocationId!;
export const associateX = world.associates.find((a) => a.homeStoreId === storeX)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
/** A's order, all handed over and not curbside: every fulfilment, return and cancel row below is refused with a userError. */
const handedOverOfA = world.orders.find(
  (o) =>
    o.customerId === A && o.fulfillments.every((f) => f.method !== "CURBSIDE" && (f.status === "PICKED_UP" || f.status === "DELIVERED")),
)!;
const refundedMailReturn = world.orders.flatMap((o) => o.returns).find((r) => r.method === "MAIL" && r.status === "REFUNDED")!;
/** An anonymous cart, open to every shopper: its rows below end in a userError, so the table changes nothing. */
const anonymousCart = world.carts.find((c) => c.customerId === null && c.lines.every((l) => l.method === "SHIP_TO_HOME"))!;
const cartOfA = world.carts.find((c) => c.customerId === A)!;
/** A's resolved service case: closed to notes and resolution, so those rows end in a userError. */
const resolvedCaseOfA = world.serviceCases.find((c) => c.customerId === A && c.status === "RESOLVED")!;
/** Someone else's service case: A reads it as none. */
const caseOfOther = world.serviceCases.find((c) => c.customerId !== A)!;

export const viewers: Record<Role, Viewer> = {
  anonymous: { kind: "anonymous" },
  customer: { kind: "customer", id: A },
  associate: { kind: "associate", id: associateX.id, storeId: storeX },
  agent: { kind: "agent", id: agent.id },
  partner: { kind: "partner", id: "demo-partner" },
  kiosk: { kind: "kiosk", id: "kiosk-store-01-entrance", storeId: "store-01" },
};

const all = (outcome: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
const rule = (anonymous: Outcome, customer: Outcome, associate: Outcome, agent: Outcome, partner: Outcome, kiosk: Outcome) =>
  ({ anonymous, customer, associate, agent, partner, kiosk }) satisfies Record<Role, Outcome>;

/** Root fields: the smallest query that touches the field, and what each role gets. */
export const ROOT_FIELDS: Record<string, { query: string; expect: Record<Role, Outcome> }> = {
  "Query.product": { query: `{ product(id: "prod-0001") { title } }`, expect: all("ok") },
  "Query.variant": { query: `{ variant(sku: "SKU-0001-01") { title } }`, expect: all("ok") },
  "Query.products": { query: `{ products(first: 1) { totalCount } }`, expect: all("ok") },
  "Query.searchProducts": { query: `{ searchProducts(query: "tee", first: 1) { totalCount } }`, expect: all("ok") },
  "Query.searchSuggestions": { query: `{ searchSuggestions(prefix: "ja", first: 1) { brands } }`, expect: all("ok") },
  "Query.categories": { query: `{ categories { id } }`, expect: all("ok") },
  "Query.location": { query: `{ location(id: "store-01") { name } }`, expect: all("ok") },
  "Query.locations": { query: `{ locations(first: 1) { totalCount } }`, expect: all("ok") },
  "Query.session": { query: `{ session { kind } }`, expect: all("ok") },
  "Query.me": { query: `{ me { id } }`, expect: rule("null", "ok", "null", "null", "FORBIDDEN", "null") },
  "Query.customer": {
    query: `{ customer(id: "${B}") { id } }`,
    expect: rule("UNAUTHENTICATED", "null", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.findCustomers": {
    query: `{ findCustomers(email: "x@example.com") { id } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.associate": {
    query: `{ associate(id: "${associateX.id}") { name } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.serviceCase": {
    query: `{ serviceCase(id: "${caseOfOther.id}") { id } }`,
    expect: rule("UNAUTHENTICATED", "null", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.serviceCases": {
    query: `{ serviceCases(first: 1) { totalCount } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.associates": {
    query: `{ associates(storeId: "store-01") { id } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Query.order": {
    query: `{ order(id: "${orderOfB.id}") { number } }`,
    expect: rule("UNAUTHENTICATED", "null", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  // No guest order has this number and email: null for every shopper, so nothing tells which numbers exist.
  "Query.guestOrder": {
    query: `{ guestOrder(number: "${orderOfB.number}", email: "nobody@example.com") { number } }`,
    expect: rule("null", "null", "null", "null", "FORBIDDEN", "null"),
  },
  // An unknown token: null for every shopper, as guestOrder.
  "Query.orderByToken": {
    query: `{ orderByToken(token: "no-such-token") { number } }`,
    expect: rule("null", "null", "null", "null", "FORBIDDEN", "null"),
  },
  "Query.cart": { query: `{ cart(id: "${cartOfB.id}") { version } }`, expect: rule("null", "null", "ok", "ok", "FORBIDDEN", "null") },
  // An illegal move, so the table changes nothing: the associate of the store is let in and gets a userError.
  "Mutation.advanceFulfillment": {
    query: `mutation { advanceFulfillment(fulfillmentId: "${pickup.id}", to: DELIVERED) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  // The fulfilment, return and store-sale rows below all end in a userError, so the table changes nothing.
  "Mutation.notifyArrival": {
    query: `mutation { notifyArrival(orderId: "${handedOverOfA.id}", parkingSpot: "Bay 1") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.shipFulfillment": {
    query: `mutation { shipFulfillment(fulfillmentId: "${pickup.id}", carrier: "UPS", trackingNumber: "1Z1") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.completePickup": {
    query: `mutation { completePickup(pickupCode: "NO-SUCH-CODE") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.cancelOrder": {
    query: `mutation { cancelOrder(orderId: "${handedOverOfA.id}") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.requestReturn": {
    query: `mutation { requestReturn(input: { orderId: "${handedOverOfA.id}", lines: [{ orderLineId: "${handedOverOfA.lines[0].id}", quantity: 999 }], method: MAIL }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.receiveReturn": {
    query: `mutation { receiveReturn(returnId: "${refundedMailReturn.id}") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.recordStoreSale": {
    query: `mutation { recordStoreSale(input: { locationId: "${storeX}", lines: [{ sku: "SKU-NOT-SOLD", quantity: 1 }], paymentToken: "tok_visa" }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  // A zero change, so the table changes nothing: the store's associate is let in and gets INVALID_QUANTITY.
  "Mutation.adjustStock": {
    query: `mutation { adjustStock(input: { locationId: "${storeX}", sku: "SKU-0001-01", delta: 0, reason: COUNT }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  // A day that is not a date, so the table changes nothing: the store's manager is let in and gets INVALID_DATE.
  "Mutation.setStoreHoursException": {
    query: `mutation { setStoreHoursException(input: { locationId: "${storeX}", date: "someday", closed: true, reason: "Holiday" }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.clearStoreHoursException": {
    query: `mutation { clearStoreHoursException(input: { locationId: "${storeX}", date: "someday" }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  // Carts and checkout: every shopper but a partner; each row on the anonymous cart is refused with a userError.
  // What the shopper pays: each row refused with a userError (unknown code or card, stale version), so nothing changes.
  "Query.giftCard": {
    query: `{ giftCard(code: "NO-SUCH-CARD") { balance { amount } } }`,
    expect: rule("null", "null", "null", "null", "FORBIDDEN", "null"),
  },
  "Mutation.issueGiftCard": {
    query: `mutation { issueGiftCard(amount: "0") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.selectCartDeliveryOption": {
    query: `mutation { selectCartDeliveryOption(cartId: "${anonymousCart.id}", option: EXPRESS, expectedVersion: -1) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.applyCartDiscountCode": {
    query: `mutation { applyCartDiscountCode(cartId: "${anonymousCart.id}", code: "NO-SUCH-CODE") { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.removeCartDiscountCode": {
    query: `mutation { removeCartDiscountCode(cartId: "${anonymousCart.id}", code: "NO-SUCH-CODE", expectedVersion: -1) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.applyCartGiftCard": {
    query: `mutation { applyCartGiftCard(cartId: "${anonymousCart.id}", code: "NO-SUCH-CARD") { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.removeCartGiftCard": {
    query: `mutation { removeCartGiftCard(cartId: "${anonymousCart.id}", code: "NO-SUCH-CARD", expectedVersion: -1) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.setCartLoyaltyPoints": {
    query: `mutation { setCartLoyaltyPoints(cartId: "${anonymousCart.id}", points: 0, expectedVersion: -1) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.createCart": {
    query: `mutation { createCart(input: {}) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.addCartLines": {
    query: `mutation { addCartLines(cartId: "${anonymousCart.id}", lines: [{ sku: "SKU-0001-01", quantity: 0 }]) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.updateCartLine": {
    query: `mutation { updateCartLine(cartId: "${anonymousCart.id}", lineId: "${anonymousCart.lines[0].id}", quantity: 100) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.removeCartLine": {
    query: `mutation { removeCartLine(cartId: "${anonymousCart.id}", lineId: "no-such-line") { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.setCartFulfillment": {
    query: `mutation { setCartFulfillment(cartId: "${anonymousCart.id}", method: SHIP_TO_HOME) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  // Only a signed-in customer claims a cart; A attaching their own cart only touches it.
  "Mutation.attachCartToCustomer": {
    query: `mutation { attachCartToCustomer(cartId: "${cartOfA.id}") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.checkout": {
    query: `mutation { checkout(input: { cartId: "${anonymousCart.id}", paymentToken: "tok_visa", idempotencyKey: "access-table" }) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  // Customer profile and service: each row is refused with a userError (a bad email, a distribution center, a type
  // only events record, a blank subject, a resolved case), so the table changes nothing.
  "Mutation.registerCustomer": {
    query: `mutation { registerCustomer(input: { firstName: "Ann", lastName: "Lee", email: "not-an-email" }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.updateProfile": {
    query: `mutation { updateProfile(customerId: "${A}", input: { email: "not-an-email" }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.setPreferredStore": {
    query: `mutation { setPreferredStore(customerId: "${A}", locationId: "dc-01") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.recordInteraction": {
    query: `mutation { recordInteraction(input: { type: ORDER_PLACED, cartId: "${anonymousCart.id}" }) { userErrors { code } } }`,
    expect: rule("ok", "ok", "ok", "ok", "FORBIDDEN", "ok"),
  },
  "Mutation.openServiceCase": {
    query: `mutation { openServiceCase(input: { customerId: "${A}", subject: " " }) { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.addServiceNote": {
    query: `mutation { addServiceNote(caseId: "${resolvedCaseOfA.id}", body: "Called back.") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "ok", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.assignServiceCase": {
    query: `mutation { assignServiceCase(caseId: "${resolvedCaseOfA.id}") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Mutation.resolveServiceCase": {
    query: `mutation { resolveServiceCase(caseId: "${resolvedCaseOfA.id}") { userErrors { code } } }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
};

const FROM_TO = `from: "2025-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z"`;

/** Entities: a representation sent straight to the subgraph, with one field that subgraph resolves for it. */
export const ENTITIES: Record<string, { representation: Record<string, string>; selection: string; expect: Record<Role, Outcome> }> = {
  "Product@catalog": { representation: { id: "prod-0001" }, selection: "title", expect: all("ok") },
  "Variant@catalog": { representation: { sku: "SKU-0001-01" }, selection: "title", expect: all("ok") },
  "Category@catalog": { representation: { id: "cat-apparel" }, selection: "name", expect: all("ok") },
  "Location@inventory": { representation: { id: "store-01" }, selection: "name", expect: all("ok") },
  "Variant@inventory": {
    representation: { sku: "SKU-0001-01" },
    selection: `stockAt(locationId: "store-01") { onHand }`,
    expect: all("ok"),
  },
  "Customer@customer": { representation: { id: B }, selection: "email", expect: rule("null", "null", "ok", "ok", "null", "null") },
  "Associate@customer": {
    representation: { id: associateX.id },
    selection: "name",
    expect: rule("null", "ok", "ok", "ok", "null", "null"),
  },
  "Customer@order": {
    representation: { id: B },
    selection: "orders { totalCount }",
    expect: rule("null", "null", "ok", "ok", "null", "null"),
  },
  "Order@order": { representation: { id: orderOfB.id }, selection: "number", expect: rule("null", "null", "ok", "ok", "null", "null") },
  "Cart@order": { representation: { id: cartOfB.id }, selection: "version", expect: rule("null", "null", "ok", "ok", "null", "null") },
  "Location@order": {
    representation: { id: storeX },
    selection: "pickupQueue { id }",
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED"),
  },
  "Associate@order": {
    representation: { id: associateX.id },
    selection: `attributedSales(${FROM_TO}) { orderCount }`,
    expect: rule("UNAUTHENTICATED", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "UNAUTHENTICATED"),
  },
};
