import { demoWorld } from "../../lib/demo/world.js";

/** What the input-integrity journeys share: customers with orders, staff of a kiosk's store and of another, the operations. */

export const world = demoWorld();
export const [alice, bob, carol] = world.customers.filter((c) => world.orders.some((o) => o.customerId === c.id));
export const orderOf = (customerId: string) => world.orders.find((o) => o.customerId === customerId)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
export const kioskStore = "store-01";
export const colleague = world.associates.find((a) => a.homeStoreId === kioskStore && a.role === "STORE_ASSOCIATE")!;
export const elsewhere = world.associates.find((a) => a.homeStoreId !== null && a.homeStoreId !== kioskStore)!;

export const REGISTER = `mutation($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) { customer { id firstName email } userErrors { code field } }
}`;
export const UPDATE = `mutation($input: UpdateProfileInput!, $customerId: ID) {
  updateProfile(input: $input, customerId: $customerId) { customer { id email } userErrors { code field } }
}`;
export const FIND = `query($email: String) { findCustomers(email: $email) { id email } }`;
export const RECORD = `mutation($input: RecordInteractionInput!) {
  recordInteraction(input: $input) { interaction { id type summary customerNote author orderId } userErrors { code field } }
}`;
export const OPEN_CASE = `mutation($input: OpenServiceCaseInput!) {
  openServiceCase(input: $input) { serviceCase { id orderId description } userErrors { code field } }
}`;
export const CREATE_CART = `mutation($input: CreateCartInput!) {
  createCart(input: $input) { cart { id attribution { location { id } associate { id } } } userErrors { code field } }
}`;
export const CART = `query($id: ID!) { cart(id: $id) { id } }`;
