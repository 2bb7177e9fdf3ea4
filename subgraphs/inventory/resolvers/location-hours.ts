import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";
import { DateTime } from "../../../lib/graphql/types.js";
import { servicesOf, type InventoryContext } from "../context.js";
import type { HoursExceptionRecord, LocationRecord } from "../store/index.js";
import { HoursException } from "../types/hours.js";
import { Location } from "../types/location.js";

/**
 * What a location's hours mean today: its dated exceptions, whether it is open now, when it next opens and when a
 * pickup ordered now would be ready. They move with the clock and with a manager's change, so they are kept for
 * seconds, not for the minutes the rest of a location is.
 */
@Resolver(() => Location)
export class LocationHoursResolver {
  @Directive(CACHE.availability)
  @Directive(`@listSize(assumedSize: 10)`)
  @FieldResolver(() => [HoursException], {
    description:
      "Dated exceptions to the weekly hours from today (local time) on, by date: holidays closed all day and days with special hours. On those days they replace openingHours.",
  })
  hoursExceptions(@Root() location: LocationRecord, @Ctx() ctx: InventoryContext): Promise<HoursExceptionRecord[]> {
    return servicesOf(ctx).hours.upcomingExceptions(ctx.loaders, location);
  }

  @Directive(CACHE.availability)
  @FieldResolver(() => Boolean, {
    description: "Whether the location is open right now, by its weekly hours and today's exception (America/Chicago local time).",
  })
  openNow(@Root() location: LocationRecord, @Ctx() ctx: InventoryContext): Promise<boolean> {
    return servicesOf(ctx).hours.openNow(ctx.loaders, location);
  }

  @Directive(CACHE.availability)
  @FieldResolver(() => DateTime, {
    nullable: true,
    description:
      "When the location next opens (while open, the opening after this one), holidays and special hours applied. Null when it does not open in the coming eight weeks: distribution centers.",
  })
  nextOpening(@Root() location: LocationRecord, @Ctx() ctx: InventoryContext): Promise<string | null> {
    return servicesOf(ctx).hours.nextOpening(ctx.loaders, location);
  }

  @Directive(CACHE.availability)
  @FieldResolver(() => DateTime, {
    nullable: true,
    description:
      "When an order placed now could be picked up here: now plus the lead time while open and ready before closing, otherwise the next opening plus the lead time (on a holiday, the opening after it). Null where pickup is not offered.",
  })
  pickupReadyBy(@Root() location: LocationRecord, @Ctx() ctx: InventoryContext): Promise<string | null> {
    return servicesOf(ctx).hours.pickupReadyBy(ctx.loaders, location);
  }
}
