import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { CACHE } from "../../../lib/graphql/cache-control.js";
import { userErrorFamily, type UserErrorOf } from "../../../lib/graphql/user-errors.js";
import type { HoursExceptionRecord, LocationRecord } from "../store/index.js";
import { Location } from "./location.js";

@Directive(`@tag(name: "partner")`)
@Directive(CACHE.availability)
@ObjectType("HoursException", {
  description:
    "A dated exception to a location's weekly opening hours, on one local day (America/Chicago): closed all day (a holiday), or open other hours.",
})
export class HoursException {
  @Field(() => String, { description: 'The local calendar day, "YYYY-MM-DD".' })
  date!: string;

  @Field(() => Boolean, { description: "True when the location is closed all day; opens and closes are then null." })
  closed!: boolean;

  @Field(() => String, { nullable: true, description: 'Local opening time that day, "HH:MM" on a 24-hour clock; null when closed.' })
  opens!: string | null;

  @Field(() => String, { nullable: true, description: 'Local closing time that day, "HH:MM" on a 24-hour clock; null when closed.' })
  closes!: string | null;

  @Field(() => String, { description: 'Why, as shown to customers: "Thanksgiving Day", "Black Friday".' })
  reason!: string;
}

/** Why a change to a store's dated hours changed nothing: every code the two mutations can answer. */
export const StoreHoursErrorCode = {
  INVALID_DATE: "INVALID_DATE",
  INVALID_HOURS: "INVALID_HOURS",
  INVALID_REASON: "INVALID_REASON",
  UNKNOWN_LOCATION: "UNKNOWN_LOCATION",
  NOT_A_STORE: "NOT_A_STORE",
} as const;

export const StoreHoursUserError = userErrorFamily("StoreHours", StoreHoursErrorCode, {
  INVALID_DATE: 'The date is not a calendar date written "YYYY-MM-DD", or is before today or more than a year ahead; nothing changed.',
  INVALID_HOURS:
    'Special hours need opens and closes as "HH:MM" (24-hour), opening before closing; a closed day takes neither; nothing changed.',
  INVALID_REASON: "The reason is empty or longer than 100 characters; nothing changed.",
  UNKNOWN_LOCATION: "There is no location with that id; nothing changed.",
  NOT_A_STORE: "The location is a distribution center, which has no opening hours; nothing changed.",
});
export type StoreHoursUserError = UserErrorOf<typeof StoreHoursErrorCode>;

@InputType("SetStoreHoursExceptionInput", {
  description:
    "A dated exception to one store's weekly hours: closed all day, or open other hours. Replaces the store's exception on that date.",
})
export class SetStoreHoursExceptionInput {
  @Field(() => ID, { description: "The store." })
  locationId!: string;

  @Field(() => String, { description: 'The store\'s local calendar day, "YYYY-MM-DD", from today to a year ahead.' })
  date!: string;

  @Field(() => Boolean, { description: "True to close all day (leave opens and closes out); false to open the hours given." })
  closed!: boolean;

  @Field(() => String, { nullable: true, description: 'Local opening time, "HH:MM" on a 24-hour clock; required unless closed.' })
  opens?: string | null;

  @Field(() => String, { nullable: true, description: 'Local closing time, "HH:MM" (up to 24:00), after opens; required unless closed.' })
  closes?: string | null;

  @Field(() => String, { description: "Why, as shown to customers (1–100 characters), e.g. a holiday's name." })
  reason!: string;
}

@InputType("ClearStoreHoursExceptionInput", {
  description: "Which dated exception to remove: the store's weekly hours apply that day again.",
})
export class ClearStoreHoursExceptionInput {
  @Field(() => ID, { description: "The store." })
  locationId!: string;

  @Field(() => String, { description: 'The store\'s local calendar day, "YYYY-MM-DD".' })
  date!: string;
}

@ObjectType("StoreHoursExceptionPayload", { description: "The result of setting or clearing a dated exception to a store's hours." })
export class StoreHoursExceptionPayload {
  @Field(() => Location, {
    nullable: true,
    description: "The store as it now is (its exceptions, openNow, nextOpening); null when the location is unknown.",
  })
  location!: LocationRecord | null;

  @Field(() => HoursException, {
    nullable: true,
    description: "Set: the exception as saved. Clear: the exception removed, null when the day had none. Null when refused.",
  })
  exception!: HoursExceptionRecord | null;

  @Field(() => [StoreHoursUserError], { description: "Why nothing changed; empty on success." })
  userErrors!: StoreHoursUserError[];
}
