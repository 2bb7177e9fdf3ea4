/** The records the inventory stores keep and answer: locations, stock, reservations and what sourcing plans. */

export type LocationKindName = "STORE" | "DISTRIBUTION_CENTER";
export type CapabilityName = "PICKUP" | "CURBSIDE" | "SHIP_FROM_STORE" | "RETURNS";

/** Local opening hours for one weekday (0 = Sunday), "HH:MM" in the location's time zone. */
export interface OpeningHoursRecord {
  day: number;
  opens: string;
  closes: string;
}

/**
 * A dated exception to a location's weekly hours, on one local calendar day: closed all day (a holiday), or open
 * `opens`–`closes` instead of the weekly hours. One per location and date; `opens` and `closes` are null when closed.
 */
export interface HoursExceptionRecord {
  locationId: string;
  /** The local day, "YYYY-MM-DD". */
  date: string;
  closed: boolean;
  opens: string | null;
  closes: string | null;
  /** Why, as shown to customers: "Thanksgiving Day", "Stock count". */
  reason: string;
}

export interface LocationRecord {
  id: string;
  name: string;
  type: LocationKindName;
  address: { line1: string; line2: string | null; city: string; region: string | null; postalCode: string; country: string };
  geo: { lat: number; lng: number };
  openingHours: OpeningHoursRecord[];
  capabilities: CapabilityName[];
  pickupLeadTimeMinutes: number | null;
}

/** Stock of one SKU at one location. Available to promise is derived, never stored. */
export interface StockRecord {
  locationId: string;
  sku: string;
  onHand: number;
  reserved: number;
  /** Units held back from promising, against miscounts and shrink. */
  safetyStock: number;
  updatedAt: string;
}

export interface StockKey {
  locationId: string;
  sku: string;
}

export type FulfillmentMethodName = "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
export type StockAdjustmentReasonName = "RECEIPT" | "SALE" | "DAMAGE" | "COUNT" | "RETURN";
export type ReservationStatusName = "HELD" | "COMMITTED" | "RELEASED" | "EXPIRED" | "REFUSED" | "RETURNED";

/** One line the order service wants sourced and held. */
export interface ReservationLine {
  /** The caller's id for the line (a cart line id), echoed in holds and shortfalls. */
  lineKey: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  /** The pickup store for PICKUP_IN_STORE / CURBSIDE. */
  locationId: string | null;
  /** Where a SHIP_TO_HOME line goes, when known. */
  shipTo: { lat: number; lng: number } | null;
}

/** Units of one line held at one location; a split line has several. */
export interface HoldRecord {
  lineKey: string;
  locationId: string;
  sku: string;
  quantity: number;
}

/** A line that could not be covered, with what could be: the reason a reservation is REFUSED. */
export interface ShortfallRecord {
  lineKey: string;
  sku: string;
  requested: number;
  /** For pickup, what the asked store can promise; for shipping, what the whole shipping network can. */
  available: number;
  /** Up to 3 nearby stores that could take the line instead, nearest first. */
  alternatives: string[];
}

/** Where each line will come from, or why it cannot be covered: what sourcing (rules/sourcing.ts) decides. */
export interface SourcingPlan {
  holds: HoldRecord[];
  shortfalls: ShortfallRecord[];
}

export interface ReservationRecord {
  /** Null for a refusal: it held nothing, so there is nothing to commit or release. */
  id: string | null;
  /** The caller's idempotency key, scoped to the calling service. */
  key: string;
  status: ReservationStatusName;
  holds: HoldRecord[];
  shortfalls: ShortfallRecord[];
  createdAt: string;
  /** When the holds lapse unless committed; null for a refusal. */
  expiresAt: string | null;
  /** When it left HELD (committed, released or expired). */
  settledAt: string | null;
}

/**
 * Units free to hold at a location, as sourcing sees them: onHand − reserved − safetyStock (or onHand − reserved
 * when safety stock is ignored), never below 0; 0 where the location does not carry the SKU.
 */
export type AvailabilityLookup = (locationId: string, sku: string) => number;

/**
 * Sourcing as a pure, synchronous function of current availability. The store calls it inside its atomic step:
 * it must not do I/O, and may be called more than once (a store that re-plans after a conflict).
 */
export type Planner = (available: AvailabilityLookup) => SourcingPlan;
