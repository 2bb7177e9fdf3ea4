import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateTime, GeoPointInput } from "../../../lib/graphql/types.js";

// The inventory service's API to the order service. Everything here is @inaccessible: composed into the
// supergraph so the subgraph stays one schema, but dropped from the graph clients see; callers are services that
// reach the inventory subgraph directly with a signed service identity.

@Directive("@inaccessible")
@InputType("ReservationLineInput", { description: "One line to source and hold." })
export class ReservationLineInput {
  @Field(() => String, {
    description: "The caller's id for the line (a cart line id), echoed in holds and shortfalls; unique within a request.",
  })
  lineKey!: string;

  @Field(() => ID, { description: "The SKU to hold." })
  sku!: string;

  @Field(() => Int, { description: "Units to hold, 1 to 10000." })
  quantity!: number;

  @Field(() => String, { description: "How the line is fulfilled: SHIP_TO_HOME, PICKUP_IN_STORE or CURBSIDE." })
  method!: string;

  @Field(() => ID, { nullable: true, description: "The pickup store, for PICKUP_IN_STORE and CURBSIDE." })
  locationId?: string | null;

  @Field(() => GeoPointInput, {
    nullable: true,
    description: "Where a SHIP_TO_HOME line goes, when known: shipments come from the nearest locations.",
  })
  shipTo?: GeoPointInput | null;
}

@Directive("@inaccessible")
@InputType("RestockLineInput", { description: "Units of one SKU put back at a location." })
export class RestockLineInput {
  @Field(() => ID, { description: "The SKU put back." })
  sku!: string;

  @Field(() => Int, { description: "Units put back, 1 to 10000." })
  quantity!: number;
}

@Directive("@inaccessible")
@ObjectType("ReservationHold", { description: "Units of one line held at one location; a line split across locations has several." })
export class ReservationHold {
  @Field(() => String, { description: "The line, as the caller named it." })
  lineKey!: string;

  @Field(() => ID, { description: "Where the units are held: the pickup store, or the location that ships them." })
  locationId!: string;

  @Field(() => ID, { description: "The SKU held." })
  sku!: string;

  @Field(() => Int, { description: "Units held here." })
  quantity!: number;
}

@Directive("@inaccessible")
@ObjectType("StockShortfall", { description: "A line that could not be covered, and what could be." })
export class StockShortfall {
  @Field(() => String, { description: "The line, as the caller named it." })
  lineKey!: string;

  @Field(() => ID, { description: "The SKU asked for." })
  sku!: string;

  @Field(() => Int, { description: "Units asked for." })
  requested!: number;

  @Field(() => Int, {
    description:
      "Units that could be held: at the asked store for pickup and curbside (0 where it does not offer the service), across the shipping network for ship-to-home.",
  })
  available!: number;

  @Field(() => [ID], {
    description:
      "Up to 3 stores that could take the whole line instead, nearest first: for pickup and curbside, stores near the asked one offering the same service; for ship-to-home, pickup stores near the destination (none without one).",
  })
  alternatives!: string[];
}

@Directive("@inaccessible")
@ObjectType("ReservationResult", { description: "A reservation as it stands, or why none was made." })
export class ReservationResult {
  @Field(() => ID, { nullable: true, description: "The reservation to commit or release; null when refused (nothing was held)." })
  reservationId!: string | null;

  @Field(() => [ReservationHold], { description: "Where each line's units are held; empty when refused." })
  holds!: ReservationHold[];

  @Field(() => [StockShortfall], { description: "Every line that could not be covered; empty unless refused." })
  shortfalls!: StockShortfall[];

  @Field(() => DateTime, { nullable: true, description: "When the holds lapse unless committed; null when refused." })
  expiresAt!: string | null;

  @Field(() => String, {
    description:
      "HELD (units held until expiresAt), COMMITTED (the units left stock), RELEASED (given back), EXPIRED (lapsed and given back), REFUSED (a line could not be covered; nothing held) or RETURNED (committed, then put back on hand where they were taken).",
  })
  status!: string;
}
