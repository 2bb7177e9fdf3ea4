import { Field, ObjectType } from "type-graphql";
import type { CartError, CheckoutError, FulfillmentError, OrderError, ReturnError } from "../error-codes.js";
import type { CartRecord, FulfillmentWithOrder, OrderRecord, ReturnWithOrder } from "../store/index.js";
import { Cart } from "./cart.js";
import { CartUserError, CheckoutUserError, FulfillmentUserError, OrderUserError, ReturnUserError } from "./errors.js";
import { Fulfillment } from "./fulfillment.js";
import { Order } from "./order.js";
import { Return } from "./return.js";

@ObjectType("FulfillmentPayload", { description: "The result of changing a fulfillment: the fulfillment as it now is, or why not." })
export class FulfillmentPayload {
  @Field(() => Fulfillment, { nullable: true, description: "The fulfillment after the change; as it was when the change was refused." })
  fulfillment!: FulfillmentWithOrder | null;

  @Field(() => [FulfillmentUserError], { description: "Why the change was refused (e.g. INVALID_TRANSITION); empty on success." })
  userErrors!: FulfillmentError[];
}

@ObjectType("CartPayload", { description: "The result of changing a cart: the cart as it now is, or why not." })
export class CartPayload {
  @Field(() => Cart, {
    nullable: true,
    description: "The cart after the change; as it was when the change was refused; null when there is none.",
  })
  cart!: CartRecord | null;

  @Field(() => [CartUserError], {
    description: "Why the change was refused (e.g. CART_CHANGED, INVALID_QUANTITY, UNKNOWN_SKU, INVALID_ATTRIBUTION); empty on success.",
  })
  userErrors!: CartError[];
}

@ObjectType("CheckoutPayload", { description: "The result of a checkout: the order placed, or why none was." })
export class CheckoutPayload {
  @Field(() => Order, {
    nullable: true,
    description: "The order placed (the same one on every retry with the same idempotency key); null when refused.",
  })
  order!: OrderRecord | null;

  @Field(() => [CheckoutUserError], {
    description:
      "Why no order was placed (OUT_OF_STOCK, PAYMENT_DECLINED, CART_CHANGED, CART_EMPTY, FULFILLMENT_INCOMPLETE, ...); empty on success.",
  })
  userErrors!: CheckoutError[];
}

@ObjectType("OrderPayload", { description: "The result of changing an order: the order as it now is, or why not." })
export class OrderPayload {
  @Field(() => Order, { nullable: true, description: "The order after the change; as it was when the change was refused." })
  order!: OrderRecord | null;

  @Field(() => [OrderUserError], { description: "Why the change was refused; empty on success." })
  userErrors!: OrderError[];
}

@ObjectType("ReturnPayload", { description: "The result of requesting or receiving a return: the return as it now is, or why not." })
export class ReturnPayload {
  @Field(() => Return, {
    nullable: true,
    description: "The return after the change; as it was when the change was refused; null when none was created.",
  })
  return!: ReturnWithOrder | null;

  @Field(() => [ReturnUserError], {
    description:
      "Why the change was refused (RETURN_QUANTITY_EXCEEDED, LINE_NOT_RETURNABLE, INVALID_LOCATION, RETURN_ALREADY_RECEIVED, ...); empty on success.",
  })
  userErrors!: ReturnError[];
}
