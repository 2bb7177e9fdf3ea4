import { randomUUID } from "node:crypto";
import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { deny, isStaff, SHOPPERS } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import type { UserError } from "../../../lib/graphql/types.js";
import { staffMemberOf } from "../acting-for.js";
import type { CustomerContext } from "../context.js";
import type { CustomerServices } from "../services.js";
import { isOrderOf } from "../orders.js";
import type { InteractionAuthorKey, InteractionKind, InteractionRecord } from "../store/index.js";
import { RecordInteractionInput } from "../types/inputs.js";
import { RecordInteractionPayload } from "../types/payloads.js";
import { checkText, SUMMARY_MAX } from "../validation.js";

/**
 * What clients may record, with the timeline line each gets when the client sends none. Everything else (orders,
 * till sales, pickups, returns) is the order service's to announce: recorded here it could be forged or doubled.
 */
const RECORDABLE: Partial<Record<InteractionKind, (sku: string | null) => string>> = {
  PRODUCT_VIEWED: (sku) => `Viewed ${sku}`,
  STORE_VISIT: () => "Checked in at the store",
  SERVICE_CONTACT: () => "Contacted customer service",
  CART_UPDATED: () => "Updated the cart",
};

const refused = (userErrors: UserError[]): RecordInteractionPayload => ({ interaction: null, userErrors });

/** Who wrote what a viewer records: staff write summaries; a shopper's words are only ever their own note. */
function authorFor(kind: string): InteractionAuthorKey {
  if (kind === "associate" || kind === "agent") return "STAFF";
  return kind === "service" ? "SYSTEM" : "CUSTOMER";
}

export function interactionMutations({ store, locations, orders }: CustomerServices) {
  @Resolver()
  class InteractionMutations {
    @Authorized(...SHOPPERS)
    @Mutation(() => RecordInteractionPayload, {
      description:
        "Records what a client saw the customer do (PRODUCT_VIEWED, STORE_VISIT, SERVICE_CONTACT, CART_UPDATED) on the request's channel. A customer records for themselves, staff for `customerId`; without sign-in it is held against `cartId` until the cart is attached to a customer (and lapses, 7 days by default, if it never is). Staff write the summary; a customer's `summary` is kept as their `customerNote` under the graph's summary for the type. An `orderId` must be the customer's own order (ORDER_NOT_FOUND otherwise).",
    })
    async recordInteraction(
      @Arg("input", () => RecordInteractionInput, { description: "What happened." }) input: RecordInteractionInput,
      @Ctx() ctx: CustomerContext,
    ): Promise<RecordInteractionPayload> {
      const summaryOf = RECORDABLE[input.type as InteractionKind];
      if (!summaryOf) {
        return refused([
          {
            code: "TYPE_NOT_RECORDABLE",
            message: `${input.type} is recorded from the order service's events, not by clients.`,
            field: ["input", "type"],
          },
        ]);
      }

      const { viewer } = ctx;
      const named = input.customerId?.trim() || null;
      let customerId: string | null;
      if (viewer.kind === "customer") {
        if (named !== null && named !== viewer.id) throw new NotFoundError("Customer", named);
        customerId = viewer.id;
      } else if (isStaff(viewer)) {
        customerId = named;
      } else {
        if (named !== null) deny(viewer, "sign in to record for a customer.");
        // Held against a cart that may soon be a customer's: only what a shopper's own device sees, in our words.
        if (input.type === "SERVICE_CONTACT") deny(viewer, "service contacts are recorded by staff.");
        if (input.summary != null) {
          return refused([
            { code: "SUMMARY_NOT_ALLOWED", message: "Without sign-in the summary is written by the graph.", field: ["input", "summary"] },
          ]);
        }
        customerId = null;
      }
      const cartId = input.cartId?.trim() || null;
      if (customerId === null && cartId === null) {
        throw new BadUserInputError("Say whose interaction it is: a customerId (staff), or the shopper's cartId.", ["input", "cartId"]);
      }

      const userErrors: UserError[] = [];
      const sku = input.sku?.trim() || null;
      if (input.type === "PRODUCT_VIEWED" && sku === null) {
        userErrors.push({ code: "SKU_REQUIRED", message: "Say which variant was viewed.", field: ["input", "sku"] });
      }
      const words = checkText(input.summary, SUMMARY_MAX, "INVALID_SUMMARY", "A summary", ["input", "summary"], userErrors);
      const author = authorFor(viewer.kind);
      const orderId = input.orderId?.trim() || null;
      // A kiosk or an associate's tablet is at its store: what happens there happens at that store, and nowhere else.
      const asked = input.locationId?.trim() || null;
      if (ctx.storeId !== null && asked !== null && asked !== ctx.storeId) {
        userErrors.push({
          code: "INVALID_LOCATION",
          message: `This device is at ${ctx.storeId}; it records what happens there.`,
          field: ["input", "locationId"],
        });
      }
      const locationId = ctx.storeId ?? asked;
      if (input.type === "STORE_VISIT" && locationId === null) {
        userErrors.push({ code: "LOCATION_REQUIRED", message: "Say which store was visited.", field: ["input", "locationId"] });
      }
      if (userErrors.length > 0) return refused(userErrors);
      if (ctx.storeId === null && locationId !== null && (await locations.kindOf(locationId, ctx.requestId)) !== "STORE") {
        return refused([{ code: "INVALID_LOCATION", message: `"${locationId}" is not a store.`, field: ["input", "locationId"] }]);
      }
      // Only the customer's own orders: someone else's reads exactly like one that does not exist.
      if (orderId !== null && !(await isOrderOf(orders, orderId, customerId, ctx.requestId))) {
        return refused([{ code: "ORDER_NOT_FOUND", message: `The customer has no order "${orderId}".`, field: ["input", "orderId"] }]);
      }

      const recorded = await store.recordInteraction({
        id: `ix-${randomUUID()}`,
        customerId,
        cartId,
        type: input.type as InteractionKind,
        channel: ctx.channel,
        occurredAt: new Date().toISOString(),
        // A customer's words never stand as the summary: staff reading a timeline must know who said what.
        summary: (author === "CUSTOMER" ? null : words) ?? summaryOf(sku),
        locationId,
        associateId: staffMemberOf(viewer),
        orderId,
        sku,
        author,
        customerNote: author === "CUSTOMER" ? words : null,
      } satisfies InteractionRecord);
      if (!recorded) throw new NotFoundError("Customer", customerId ?? "");
      if (recorded.customerId) ctx.loaders.interactionsByCustomer.clear(recorded.customerId);
      return { interaction: recorded, userErrors: [] };
    }
  }
  return InteractionMutations;
}
