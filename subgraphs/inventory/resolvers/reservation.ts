import { Arg, Authorized, Ctx, Directive, ID, Int, Mutation, Resolver } from "type-graphql";
import { servicesOf, type InventoryContext } from "../context.js";
import { DEFAULT_TTL_SECONDS } from "../rules/reservations.js";
import type { ReservationRecord } from "../store/index.js";
import { ReservationLineInput, ReservationResult, RestockLineInput } from "../types/reservation.js";

function toResult(reservation: ReservationRecord): ReservationResult {
  return {
    reservationId: reservation.id,
    holds: reservation.holds,
    shortfalls: reservation.shortfalls,
    expiresAt: reservation.expiresAt,
    status: reservation.status,
  };
}

/**
 * The reservation API the order service calls on this subgraph directly, with its signed service identity. Every
 * field is @inaccessible: the gateway's API schema leaves them out, so no client can reach them through the graph.
 */
@Resolver()
export class ReservationResolver {
  @Authorized("service")
  @Directive("@inaccessible")
  @Mutation(() => ReservationResult, {
    description:
      "Services only: source every line and hold its units, all or nothing, until committed, released or expired. The same key answers the same reservation and never holds twice; a refusal holds nothing and is not remembered.",
  })
  async reserveStock(
    @Arg("key", () => String, { description: "Idempotency key, e.g. the checkout's; at most 200 characters." }) key: string,
    @Arg("lines", () => [ReservationLineInput], { description: "The lines to source and hold." }) lines: ReservationLineInput[],
    @Arg("ttlSeconds", () => Int, {
      nullable: true,
      defaultValue: DEFAULT_TTL_SECONDS,
      description: "Seconds until the holds lapse, 1 to 86400.",
    })
    ttlSeconds: number | null,
    @Arg("ignoreSafetyStock", () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: "Hold into safety stock: for a till sale, where the unit is already in the customer's hand.",
    })
    ignoreSafetyStock: boolean | null,
    @Ctx() ctx: InventoryContext,
  ): Promise<ReservationResult> {
    const reservation = await servicesOf(ctx).reservations.reserve({ key, lines, ttlSeconds, ignoreSafetyStock }, ctx);
    return toResult(reservation);
  }

  @Authorized("service")
  @Directive("@inaccessible")
  @Mutation(() => ReservationResult, {
    description:
      "Services only: the held units leave stock (on hand and reserved both drop). Idempotent: a committed reservation is answered as it is; an expired or released one cannot be committed and is answered unchanged.",
  })
  async commitReservation(
    @Arg("reservationId", () => ID, { description: "The reservation to commit." }) reservationId: string,
    @Ctx() ctx: InventoryContext,
  ): Promise<ReservationResult> {
    return toResult(await servicesOf(ctx).reservations.commit(reservationId, ctx));
  }

  @Authorized("service")
  @Directive("@inaccessible")
  @Mutation(() => ReservationResult, {
    description: "Services only: give the held units back. Idempotent; changes nothing once committed or expired.",
  })
  async releaseReservation(
    @Arg("reservationId", () => ID, { description: "The reservation to release." }) reservationId: string,
    @Ctx() ctx: InventoryContext,
  ): Promise<ReservationResult> {
    return toResult(await servicesOf(ctx).reservations.release(reservationId, ctx));
  }

  @Authorized("service")
  @Directive("@inaccessible")
  @Mutation(() => ReservationResult, {
    description:
      "Services only: the units of a committed reservation go back on hand where they were taken (a checkout that could not become an order). Idempotent: answered unchanged unless COMMITTED.",
  })
  async returnReservation(
    @Arg("reservationId", () => ID, { description: "The committed reservation to put back." }) reservationId: string,
    @Ctx() ctx: InventoryContext,
  ): Promise<ReservationResult> {
    return toResult(await servicesOf(ctx).reservations.putBack(reservationId, ctx));
  }

  @Authorized("service")
  @Directive("@inaccessible")
  @Mutation(() => Boolean, {
    description:
      "Services only: put units back on hand at a location (returns, cancelled orders). Once per key: a retry changes nothing. True once the units are back, by this call or an earlier one with the key.",
  })
  async restock(
    @Arg("key", () => String, { description: "Idempotency key, e.g. the return's or cancellation's id; at most 200 characters." })
    key: string,
    @Arg("locationId", () => ID, { description: "Where the units go back." }) locationId: string,
    @Arg("lines", () => [RestockLineInput], { description: "The SKUs and units put back." }) lines: RestockLineInput[],
    @Ctx() ctx: InventoryContext,
  ): Promise<boolean> {
    const applied = await servicesOf(ctx).reservations.restock({ key, locationId, lines }, ctx);
    if (!applied) ctx.logger.info("restock already applied", { key, locationId });
    return true;
  }
}
