import { randomUUID } from "node:crypto";
import { deny, isStaff, staffMemberOf } from "../../../lib/auth/access.js";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import type { Viewer } from "../../../lib/viewer.js";
import type { LocationDirectory } from "../clients/locations.js";
import { isOrderOf, type OrderDirectory } from "../clients/orders.js";
import { checkText, SUMMARY_MAX } from "../rules/validation.js";
import type { CustomerStore, InteractionAuthorKey, InteractionKind, InteractionRecord } from "../store/index.js";
import type { InteractionUserError } from "../rules/error-codes.js";
import type { CustomerRequest } from "./request.js";

/** A userError of recording an interaction. */
export type InteractionError = InteractionUserError;

/** An interaction as a client describes it. */
export interface InteractionReport {
  type: InteractionKind;
  customerId?: string | null;
  cartId?: string | null;
  sku?: string | null;
  orderId?: string | null;
  locationId?: string | null;
  summary?: string | null;
}

/** What recording did: the interaction as stored, or why nothing was recorded. */
export interface Recorded {
  interaction: InteractionRecord | null;
  userErrors: InteractionError[];
}

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

const refused = (userErrors: InteractionError[]): Recorded => ({ interaction: null, userErrors });

/** Who wrote what a viewer records: staff write summaries; a shopper's words are only ever their own note. */
function authorFor(kind: Viewer["kind"]): InteractionAuthorKey {
  if (kind === "associate" || kind === "agent") return "STAFF";
  return kind === "service" ? "SYSTEM" : "CUSTOMER";
}

/** What clients record on a customer's timeline, or against an anonymous shopper's cart until it is attached. */
export class InteractionService {
  constructor(
    private readonly store: CustomerStore,
    private readonly locations: LocationDirectory,
    private readonly orders: OrderDirectory,
  ) {}

  async record(request: CustomerRequest, input: InteractionReport): Promise<Recorded> {
    const summaryOf = RECORDABLE[input.type];
    if (!summaryOf) {
      return refused([
        {
          code: "TYPE_NOT_RECORDABLE",
          message: `${input.type} is recorded from the order service's events, not by clients.`,
          field: ["input", "type"],
        },
      ]);
    }
    const whose = recorderOf(request.viewer, input);
    if ("userErrors" in whose) return refused(whose.userErrors);
    const { customerId } = whose;
    const cartId = input.cartId?.trim() || null;
    if (customerId === null && cartId === null) {
      throw new BadUserInputError("Say whose interaction it is: a customerId (staff), or the shopper's cartId.", ["input", "cartId"]);
    }

    const userErrors: InteractionError[] = [];
    const sku = input.sku?.trim() || null;
    if (input.type === "PRODUCT_VIEWED" && sku === null) {
      userErrors.push({ code: "SKU_REQUIRED", message: "Say which variant was viewed.", field: ["input", "sku"] });
    }
    const words = checkText(input.summary, SUMMARY_MAX, "INVALID_SUMMARY", "A summary", ["input", "summary"], userErrors);
    const author = authorFor(request.viewer.kind);
    const orderId = input.orderId?.trim() || null;
    // A kiosk or an associate's tablet is at its store: what happens there happens at that store, and nowhere else.
    const asked = input.locationId?.trim() || null;
    if (request.storeId !== null && asked !== null && asked !== request.storeId) {
      userErrors.push({
        code: "INVALID_LOCATION",
        message: `This device is at ${request.storeId}; it records what happens there.`,
        field: ["input", "locationId"],
      });
    }
    const locationId = request.storeId ?? asked;
    if (input.type === "STORE_VISIT" && locationId === null) {
      userErrors.push({ code: "LOCATION_REQUIRED", message: "Say which store was visited.", field: ["input", "locationId"] });
    }
    if (userErrors.length > 0) return refused(userErrors);
    if (request.storeId === null && locationId !== null && (await this.locations.kindOf(locationId, request.requestId)) !== "STORE") {
      return refused([{ code: "INVALID_LOCATION", message: `"${locationId}" is not a store.`, field: ["input", "locationId"] }]);
    }
    // Only the customer's own orders: someone else's reads exactly like one that does not exist.
    if (orderId !== null && !(await isOrderOf(this.orders, orderId, customerId, request.requestId))) {
      return refused([{ code: "ORDER_NOT_FOUND", message: `The customer has no order "${orderId}".`, field: ["input", "orderId"] }]);
    }

    const recorded = await this.store.recordInteraction({
      id: `ix-${randomUUID()}`,
      customerId,
      cartId,
      type: input.type,
      channel: request.channel,
      occurredAt: new Date().toISOString(),
      // A customer's words never stand as the summary: staff reading a timeline must know who said what.
      summary: (author === "CUSTOMER" ? null : words) ?? summaryOf(sku),
      locationId,
      associateId: staffMemberOf(request.viewer),
      orderId,
      sku,
      author,
      customerNote: author === "CUSTOMER" ? words : null,
    } satisfies InteractionRecord);
    if (!recorded) throw new NotFoundError("Customer", customerId ?? "");
    return { interaction: recorded, userErrors: [] };
  }
}

/**
 * Whose interaction the viewer records: a customer their own (anyone else's reads as not found), staff the customer
 * they name (or a cart), and a signed-out shopper or kiosk only against a cart, in the graph's words.
 */
function recorderOf(viewer: Viewer, input: InteractionReport): { customerId: string | null } | { userErrors: InteractionError[] } {
  const named = input.customerId?.trim() || null;
  if (viewer.kind === "customer") {
    if (named !== null && named !== viewer.id) throw new NotFoundError("Customer", named);
    return { customerId: viewer.id };
  }
  if (isStaff(viewer)) return { customerId: named };
  if (named !== null) deny(viewer, "sign in to record for a customer.");
  // Held against a cart that may soon be a customer's: only what a shopper's own device sees, in our words.
  if (input.type === "SERVICE_CONTACT") deny(viewer, "service contacts are recorded by staff.");
  if (input.summary != null) {
    return {
      userErrors: [
        { code: "SUMMARY_NOT_ALLOWED", message: "Without sign-in the summary is written by the graph.", field: ["input", "summary"] },
      ],
    };
  }
  return { customerId: null };
}
