import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes, DateTime, SalesChannel } from "../../../lib/graphql/types.js";

export enum InteractionType {
  PRODUCT_VIEWED = "PRODUCT_VIEWED",
  CART_UPDATED = "CART_UPDATED",
  ORDER_PLACED = "ORDER_PLACED",
  ORDER_PICKED_UP = "ORDER_PICKED_UP",
  RETURN_REQUESTED = "RETURN_REQUESTED",
  RETURN_RECEIVED = "RETURN_RECEIVED",
  STORE_VISIT = "STORE_VISIT",
  SERVICE_CONTACT = "SERVICE_CONTACT",
  STORE_PURCHASE = "STORE_PURCHASE",
}

registerEnumType(InteractionType, {
  name: "InteractionType",
  description: "What happened in a customer interaction.",
  valuesConfig: {
    PRODUCT_VIEWED: { description: "Looked at a product (the variant is in `sku`)." },
    CART_UPDATED: { description: "Added, changed or removed cart lines." },
    ORDER_PLACED: { description: "Placed an order online, in the app, at a kiosk or through the call center." },
    ORDER_PICKED_UP: { description: "Collected an order in store or at the curb." },
    RETURN_REQUESTED: { description: "Asked to return items of an order." },
    RETURN_RECEIVED: { description: "Returned items arrived at a store or distribution center." },
    STORE_VISIT: { description: "Checked in at a store, e.g. at a kiosk." },
    SERVICE_CONTACT: { description: "Contacted customer service." },
    STORE_PURCHASE: { description: "Bought at a store till." },
  },
});

export enum InteractionAuthor {
  CUSTOMER = "CUSTOMER",
  STAFF = "STAFF",
  SYSTEM = "SYSTEM",
}

registerEnumType(InteractionAuthor, {
  name: "InteractionAuthor",
  description: "Who wrote an interaction's words: what a timeline entry says is only as good as its author.",
  valuesConfig: {
    CUSTOMER: {
      description:
        "The customer, or an anonymous shopper on their own device or at a kiosk. The summary is the graph's line for the type; the customer's own words are in `customerNote`.",
    },
    STAFF: { description: "An associate or call-center agent (`associate`), who wrote the summary." },
    SYSTEM: { description: "The graph itself, from what happened: orders, pickups, returns, till sales." },
  },
});

@ObjectType("Interaction", { description: "One thing a customer did or had done for them, on any channel." })
export class Interaction {
  @Field(() => ID, { description: "Opaque interaction id." })
  id!: string;

  @Field(() => InteractionType, { description: "What happened." })
  type!: InteractionType;

  @Field(() => SalesChannel, { description: "Where it happened." })
  channel!: SalesChannel;

  @Field(() => DateTime, { description: "When it happened." })
  occurredAt!: string;

  @Field(() => String, {
    description:
      'One line for a timeline, e.g. "Picked up order OG-100123": written by staff or by the graph, never by the customer (see `author`).',
  })
  summary!: string;

  @Field(() => ID, { nullable: true, description: "The order it concerns, if any." })
  orderId!: string | null;

  @Field(() => ID, { nullable: true, description: "The variant it concerns, if any." })
  sku!: string | null;

  // location, associate, author and customerNote are field resolvers (resolvers/interaction.ts)
  locationId!: string | null;
  associateId!: string | null;
}

export const { Connection: InteractionConnection, Edge: InteractionEdge } = connectionTypes(Interaction, "Interaction", "interaction");
