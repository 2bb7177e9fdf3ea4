import { FieldResolver, Resolver, Root } from "type-graphql";
import type { FulfillmentWithOrder, OrderRecord } from "../store/index.js";
import { trackingUrl } from "../services/carriers.js";
import { Fulfillment, FulfillmentTracking } from "../types/fulfillment.js";
import { Location } from "../types/location.js";
import { Order, OrderLine } from "../types/order.js";
import { orderLine, ref } from "./values.js";

@Resolver(() => Fulfillment)
export class FulfillmentResolver {
  @FieldResolver(() => Location, { nullable: true, description: "The store or distribution center that ships or hands over the goods." })
  origin(@Root() fulfillment: FulfillmentWithOrder) {
    return ref(fulfillment.originId);
  }

  @FieldResolver(() => Location, { nullable: true, description: "The store where the customer collects; null for shipments." })
  pickupLocation(@Root() fulfillment: FulfillmentWithOrder) {
    return ref(fulfillment.pickupLocationId);
  }

  @FieldResolver(() => [OrderLine], { description: "The order lines this fulfillment delivers." })
  lines(@Root() fulfillment: FulfillmentWithOrder): OrderLine[] {
    const { order } = fulfillment;
    const wanted = new Set(fulfillment.lineIds);
    return order.lines.filter((line) => wanted.has(line.id)).map((line) => orderLine(line, order.currencyCode));
  }

  @FieldResolver(() => FulfillmentTracking, {
    nullable: true,
    description: "A shipment's carrier, tracking number and tracking page, once shipped with them (shipFulfillment); null otherwise.",
  })
  tracking(@Root() fulfillment: FulfillmentWithOrder): FulfillmentTracking | null {
    if (!fulfillment.trackingNumber) return null;
    const carrier = fulfillment.carrier ?? "UNKNOWN";
    return { carrier, number: fulfillment.trackingNumber, url: trackingUrl(carrier, fulfillment.trackingNumber) };
  }

  @FieldResolver(() => Order, { description: "The order this fulfillment belongs to; what a pickup counter looks up." })
  order(@Root() fulfillment: FulfillmentWithOrder): OrderRecord {
    return fulfillment.order;
  }
}
