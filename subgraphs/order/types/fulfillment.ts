import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "../../../lib/graphql/types.js";

export enum FulfillmentMethod {
  SHIP_TO_HOME = "SHIP_TO_HOME",
  PICKUP_IN_STORE = "PICKUP_IN_STORE",
  CURBSIDE = "CURBSIDE",
}

registerEnumType(FulfillmentMethod, {
  name: "FulfillmentMethod",
  description: "How goods reach the customer.",
  valuesConfig: {
    SHIP_TO_HOME: { description: "Shipped by carrier from a distribution center or a ship-from-store store." },
    PICKUP_IN_STORE: { description: "Collected by the customer at a store's pickup counter." },
    CURBSIDE: { description: "Brought out to the customer's car in a store's parking lot." },
  },
});

export enum FulfillmentStatus {
  PENDING = "PENDING",
  PICKING = "PICKING",
  PACKED = "PACKED",
  READY_FOR_PICKUP = "READY_FOR_PICKUP",
  CUSTOMER_ARRIVED = "CUSTOMER_ARRIVED",
  PICKED_UP = "PICKED_UP",
  SHIPPED = "SHIPPED",
  DELIVERED = "DELIVERED",
  CANCELLED = "CANCELLED",
}

registerEnumType(FulfillmentStatus, {
  name: "FulfillmentStatus",
  description: "Where a fulfillment is in its lifecycle.",
  valuesConfig: {
    PENDING: { description: "Accepted, not yet being worked on." },
    PICKING: { description: "Staff are collecting the items from the shelves." },
    PACKED: { description: "A shipment picked and packed, waiting for the carrier (ship-from-store: pick, pack, ship)." },
    READY_FOR_PICKUP: { description: "Packed and waiting at the store for the customer." },
    CUSTOMER_ARRIVED: { description: "The customer has announced they are at the store or in the parking lot." },
    PICKED_UP: { description: "Handed over to the customer." },
    SHIPPED: { description: "Handed to the carrier." },
    DELIVERED: { description: "The carrier reports delivery." },
    CANCELLED: { description: "Will not be fulfilled." },
  },
});

@ObjectType("Fulfillment", { description: "A group of an order's lines that leave together: one shipment or one pickup." })
export class Fulfillment {
  @Field(() => ID, { description: "Opaque fulfillment id." })
  id!: string;

  @Field(() => FulfillmentMethod, { description: "Shipping, in-store pickup or curbside." })
  method!: FulfillmentMethod;

  @Field(() => FulfillmentStatus, { description: "Where the fulfillment is in its lifecycle." })
  status!: FulfillmentStatus;

  @Field(() => String, { nullable: true, description: "Code the customer shows to collect a pickup; null for shipments and till sales." })
  pickupCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Carrier tracking number once shipped.",
    deprecationReason: "Use tracking { number }, which names the carrier and links to its tracking page.",
  })
  trackingNumber!: string | null;

  @Field(() => String, { nullable: true, description: "Curbside: where the customer waits, as they reported on arrival; null otherwise." })
  parkingSpot?: string | null;

  // origin, pickupLocation, lines, order and tracking are field resolvers (resolvers/fulfillment.ts)
}

@ObjectType("FulfillmentTracking", { description: "Where a shipment is: its carrier and tracking number." })
export class FulfillmentTracking {
  @Field(() => String, { description: 'The carrier, as named when shipped (e.g. "UPS", "FEDEX", "USPS").' })
  carrier!: string;

  @Field(() => String, { description: "The carrier's tracking number." })
  number!: string;

  @Field(() => String, {
    nullable: true,
    description: "The carrier's tracking page for this number; null for a carrier we do not link to.",
  })
  url!: string | null;
}

export const { Connection: FulfillmentConnection, Edge: FulfillmentEdge } = connectionTypes(Fulfillment, "Fulfillment", "fulfillment");
