/**
 * How an order's goods reach the customer: a fulfillment record (shipment, pickup or curbside) with its method and
 * status, and which statuses still need a store's attention. Fulfillments live inside their order (orders.ts).
 */

export type FulfillmentMethodName = "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
export type FulfillmentStatusName =
  "PENDING" | "PICKING" | "PACKED" | "READY_FOR_PICKUP" | "CUSTOMER_ARRIVED" | "PICKED_UP" | "SHIPPED" | "DELIVERED" | "CANCELLED";

/** Statuses of a pickup fulfillment that still needs a store's attention. */
export const OPEN_PICKUP_STATUSES: readonly FulfillmentStatusName[] = ["PENDING", "PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED"];
/** A store's open fulfilment work: the open pickups, and shipments packed and waiting for their carrier. */
export const OPEN_FULFILLMENT_STATUSES: readonly FulfillmentStatusName[] = [...OPEN_PICKUP_STATUSES, "PACKED"];

export interface FulfillmentRecord {
  id: string;
  method: FulfillmentMethodName;
  originId: string | null;
  pickupLocationId: string | null;
  status: FulfillmentStatusName;
  pickupCode: string | null;
  trackingNumber: string | null;
  /** The carrier of a shipment, named when it was shipped (absent on older shipments). */
  carrier?: string | null;
  lineIds: string[];
  /** Curbside: where the customer waits, once they reported arrival. */
  parkingSpot?: string | null;
}
