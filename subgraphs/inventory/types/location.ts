import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Address, connectionTypes, GeoPoint } from "../../../lib/graphql/types.js";
import { CACHE } from "../../../lib/graphql/cache-control.js";

export enum LocationType {
  STORE = "STORE",
  DISTRIBUTION_CENTER = "DISTRIBUTION_CENTER",
}

registerEnumType(LocationType, {
  name: "LocationType",
  description: "What a location is for.",
  valuesConfig: {
    STORE: { description: "A store customers visit: shops, picks up, returns." },
    DISTRIBUTION_CENTER: { description: "A warehouse that ships online orders and restocks stores; not open to customers." },
  },
});

export enum LocationCapability {
  PICKUP = "PICKUP",
  CURBSIDE = "CURBSIDE",
  SHIP_FROM_STORE = "SHIP_FROM_STORE",
  RETURNS = "RETURNS",
}

registerEnumType(LocationCapability, {
  name: "LocationCapability",
  description: "A service a location offers.",
  valuesConfig: {
    PICKUP: { description: "Buy online, pick up in store." },
    CURBSIDE: { description: "Online orders brought out to the customer's car." },
    SHIP_FROM_STORE: { description: "The store's stock ships online orders, so it counts towards online availability." },
    RETURNS: { description: "Accepts returns of online and in-store purchases." },
  },
});

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("OpeningHours", { description: "When a location is open on one weekday, in its local time (America/Chicago)." })
export class OpeningHours {
  @Field(() => Int, { description: "Weekday, 0 = Sunday through 6 = Saturday." })
  day!: number;

  @Field(() => String, { description: 'Local opening time, "HH:MM" on a 24-hour clock.' })
  opens!: string;

  @Field(() => String, { description: 'Local closing time, "HH:MM" on a 24-hour clock.' })
  closes!: string;
}

@Directive(`@key(fields: "id")`)
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.catalog)
@ObjectType("Location", { description: "A store or distribution center in the retail network." })
export class Location {
  @Field(() => ID, { description: "Opaque location id, e.g. store-01 or dc-01." })
  id!: string;

  @Field(() => String, { description: "Display name." })
  name!: string;

  @Field(() => LocationType, { description: "Store or distribution center." })
  type!: LocationType;

  @Field(() => Address, { description: "Street address." })
  address!: Address;

  @Field(() => GeoPoint, { description: "Where it is, for distance search and maps." })
  geo!: GeoPoint;

  @Directive(`@listSize(assumedSize: 7)`)
  @Field(() => [OpeningHours], {
    description: "Opening hours per weekday; a missing weekday means closed. Empty for distribution centers.",
  })
  openingHours!: OpeningHours[];

  @Field(() => [LocationCapability], { description: "Services offered here." })
  capabilities!: LocationCapability[];

  @Field(() => Int, { nullable: true, description: "Minutes to get an order ready for pickup; null where pickup is not offered." })
  pickupLeadTimeMinutes!: number | null;
}

export const { Connection: LocationConnection, Edge: LocationEdge } = connectionTypes(Location, "Location", "location", true);
