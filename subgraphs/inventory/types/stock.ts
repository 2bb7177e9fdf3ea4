import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTime } from "../../../lib/graphql/types.js";
import { Location } from "./location.js";
import { CACHE } from "../../../lib/graphql/cache-control.js";

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.availability)
@ObjectType("StockLevel", { description: "Stock of one SKU at one location." })
export class StockLevel {
  @Field(() => ID, { description: "The SKU counted." })
  sku!: string;

  // Raw counts are for staff: partners are promised availableToPromise only (gateway/contract.ts).
  @Directive(`@tag(name: "internal")`)
  @Field(() => Int, { description: "Units physically at the location." })
  onHand!: number;

  @Directive(`@tag(name: "internal")`)
  @Field(() => Int, { description: "Units held for carts and orders that have not left yet." })
  reserved!: number;

  @Directive(`@tag(name: "internal")`)
  @Field(() => Int, { description: "Units held back from promising, against miscounts and shrink." })
  safetyStock!: number;

  @Field(() => DateTime, {
    description: "When these counts last changed; the time of the answer where the location does not carry the SKU.",
  })
  updatedAt!: string;

  // location and availableToPromise are field resolvers (resolvers/stock.ts)
  locationId!: string;
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.availability)
@ObjectType("StoreAvailability", { description: "A nearby store that can sell or hand over a SKU now." })
export class StoreAvailability {
  @Field(() => Location, { description: "The store." })
  location!: Location;

  @Field(() => Float, { description: "Great-circle distance from the searched point, in kilometres, rounded to 0.1." })
  distanceKm!: number;

  @Field(() => Int, { description: "Units the store can promise: on hand minus reserved minus safety stock, never below 0." })
  availableToPromise!: number;

  @Field(() => DateTime, {
    nullable: true,
    description:
      "When an order placed now could be picked up: now plus the store's lead time while it is open, otherwise its next " +
      "opening plus the lead time (store hours are America/Chicago local time; an order that would not be ready before " +
      "closing is ready the next opening day). Null when the store does not offer pickup.",
  })
  pickupReadyBy!: string | null;
}

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.availability)
@ObjectType("OnlineAvailability", { description: "Ship-to-home availability across the whole fulfilment network." })
export class OnlineAvailability {
  @Field(() => Int, { description: "Units promisable online: the sum over distribution centers and ship-from-store stores." })
  availableToPromise!: number;

  @Field(() => DateTime, {
    nullable: true,
    description:
      "When an order placed now would ship: today at the 14:00 America/Chicago carrier cutoff when ordered before it, " +
      "otherwise the next day at 14:00. No weekend or holiday calendar yet. Null when nothing is available.",
  })
  earliestShipDate!: string | null;
}
