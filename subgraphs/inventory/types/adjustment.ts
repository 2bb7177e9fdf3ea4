import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { userErrorFamily, type UserErrorOf } from "../../../lib/graphql/user-errors.js";
import type { StockRecord } from "../store/index.js";
import { StockLevel } from "./stock.js";

export enum StockAdjustmentReason {
  RECEIPT = "RECEIPT",
  SALE = "SALE",
  DAMAGE = "DAMAGE",
  COUNT = "COUNT",
  RETURN = "RETURN",
}

registerEnumType(StockAdjustmentReason, {
  name: "StockAdjustmentReason",
  description: "Why units were added to or taken from a location's stock.",
  valuesConfig: {
    RECEIPT: { description: "A delivery was received." },
    SALE: { description: "Units left with a sale recorded outside the graph." },
    DAMAGE: { description: "Units were damaged, lost or stolen." },
    COUNT: { description: "A stock count found a different number than recorded." },
    RETURN: { description: "A customer brought units back." },
  },
});

/** Why an adjustment changed nothing: every code `adjustStock` can answer. */
export const StockAdjustmentErrorCode = {
  INVALID_QUANTITY: "INVALID_QUANTITY",
  UNKNOWN_LOCATION: "UNKNOWN_LOCATION",
  NEGATIVE_STOCK: "NEGATIVE_STOCK",
} as const;

export const StockAdjustmentUserError = userErrorFamily("StockAdjustment", StockAdjustmentErrorCode, {
  INVALID_QUANTITY: "The delta is 0 or beyond 10000 units either way; nothing changed.",
  UNKNOWN_LOCATION: "There is no location with that id; nothing changed.",
  NEGATIVE_STOCK:
    "The change would take on-hand below zero or below the units reserved for orders; nothing changed (the stock is answered as it is).",
});
export type StockAdjustmentUserError = UserErrorOf<typeof StockAdjustmentErrorCode>;

@InputType("AdjustStockInput", { description: "A change to the units physically at one location." })
export class AdjustStockInput {
  @Field(() => ID, { description: "The store (or, for services, any location) whose stock changes." })
  locationId!: string;

  @Field(() => ID, { description: "The SKU counted." })
  sku!: string;

  @Field(() => Int, { description: "Units to add (positive) or remove (negative); not 0, at most 10000 either way." })
  delta!: number;

  @Field(() => StockAdjustmentReason, { description: "Why the stock changed." })
  reason!: StockAdjustmentReason;

  @Field(() => String, {
    nullable: true,
    description: "The device's id for this adjustment (1–200 characters): an adjustment sent again with the same key is applied once.",
  })
  idempotencyKey?: string | null;
}

@ObjectType("AdjustStockPayload", { description: "The result of a stock adjustment: the stock as it now is, or why it did not change." })
export class AdjustStockPayload {
  @Field(() => StockLevel, {
    nullable: true,
    description:
      "The stock after the change (as it is now when an earlier adjustment with the same idempotency key already applied it); as it was when the change was refused (zero counts where the location never carried the SKU); null when the location is unknown.",
  })
  stockLevel!: StockRecord | null;

  @Field(() => [StockAdjustmentUserError], { description: "Why nothing changed; empty on success." })
  userErrors!: StockAdjustmentUserError[];
}
