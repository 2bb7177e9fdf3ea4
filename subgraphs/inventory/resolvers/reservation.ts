import { Arg, Authorized, Ctx, Directive, ID, Int, Mutation, Resolver } from "type-graphql";
import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import type { Viewer } from "../../../lib/viewer.js";
import { defaultSafetyStock } from "../availability.js";
import type { InventoryContext } from "../context.js";
import { planSourcing } from "../sourcing.js";
import type { FlushStockChanges } from "./adjustment.js";
import type { FulfillmentMethodName, InventoryStore, ReservationLine, ReservationRecord } from "../store/index.js";
import { ReservationLineInput, ReservationResult, RestockLineInput } from "../types/reservation.js";
import { assertCount, assertGeoPoint, MAX_UNITS, viewerName } from "../validation.js";

const METHODS = new Set<string>(["SHIP_TO_HOME", "PICKUP_IN_STORE", "CURBSIDE"]);
const MAX_LINES = 200;
const MAX_KEY_LENGTH = 200;
/** A day: a hold longer than that is stock lost to everyone else. */
const MAX_TTL_SECONDS = 86_400;

/**
 * Idempotency keys belong to the calling service: two services choosing the same key must not see each other's
 * reservation or restock.
 */
function scopedKey(viewer: Viewer, key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new BadUserInputError(`"key" must be 1 to ${MAX_KEY_LENGTH} characters.`, ["key"]);
  return JSON.stringify([viewerName(viewer), key]);
}

function toResult(reservation: ReservationRecord): ReservationResult {
  return {
    reservationId: reservation.id,
    holds: reservation.holds,
    shortfalls: reservation.shortfalls,
    expiresAt: reservation.expiresAt,
    status: reservation.status,
  };
}

function readLines(lines: readonly ReservationLineInput[]): ReservationLine[] {
  if (lines.length === 0 || lines.length > MAX_LINES) throw new BadUserInputError(`"lines" must hold 1 to ${MAX_LINES} lines.`, ["lines"]);
  const keys = new Set<string>();
  return lines.map((line, index) => {
    const at = (field: string) => ["lines", String(index), field];
    if (keys.has(line.lineKey)) throw new BadUserInputError(`lineKey "${line.lineKey}" appears twice.`, at("lineKey"));
    keys.add(line.lineKey);
    if (!METHODS.has(line.method)) throw new BadUserInputError(`"method" must be one of ${[...METHODS].join(", ")}.`, at("method"));
    assertCount(line.quantity, 1, MAX_UNITS, `lines[${index}].quantity`);
    if (line.shipTo) assertGeoPoint(line.shipTo, `lines[${index}].shipTo`);
    return {
      lineKey: line.lineKey,
      sku: line.sku,
      quantity: line.quantity,
      method: line.method as FulfillmentMethodName,
      locationId: line.locationId ?? null,
      shipTo: line.shipTo ? { lat: line.shipTo.lat, lng: line.shipTo.lng } : null,
    };
  });
}

/**
 * The reservation API the order service calls on this subgraph directly, with its signed service identity. Every
 * field is @inaccessible: the gateway's API schema leaves them out, so no client can reach them through the graph.
 */
export function reservationResolver(store: InventoryStore, flush: FlushStockChanges) {
  /** A reservation moved (committed, released, returned): its STOCK_CHANGED on the bus before the answer. */
  const moved = async (reservation: ReservationRecord | null, reservationId: string): Promise<ReservationResult> => {
    if (!reservation) throw new NotFoundError("Reservation", reservationId);
    await flush();
    return toResult(reservation);
  };

  @Resolver()
  class ReservationResolver {
    @Authorized("service")
    @Directive("@inaccessible")
    @Mutation(() => ReservationResult, {
      description:
        "Services only: source every line and hold its units, all or nothing, until committed, released or expired. The same key answers the same reservation and never holds twice; a refusal holds nothing and is not remembered.",
    })
    async reserveStock(
      @Arg("key", () => String, { description: "Idempotency key, e.g. the checkout's; at most 200 characters." }) key: string,
      @Arg("lines", () => [ReservationLineInput], { description: "The lines to source and hold." }) lines: ReservationLineInput[],
      @Arg("ttlSeconds", () => Int, { nullable: true, defaultValue: 900, description: "Seconds until the holds lapse, 1 to 86400." })
      ttlSeconds: number | null,
      @Arg("ignoreSafetyStock", () => Boolean, {
        nullable: true,
        defaultValue: false,
        description: "Hold into safety stock: for a till sale, where the unit is already in the customer's hand.",
      })
      ignoreSafetyStock: boolean | null,
      @Ctx() ctx: InventoryContext,
    ): Promise<ReservationResult> {
      const scoped = scopedKey(ctx.viewer, key);
      const wanted = readLines(lines);
      const ttl = ttlSeconds ?? 900;
      assertCount(ttl, 1, MAX_TTL_SECONDS, "ttlSeconds");
      // Locations never change while serving, so reading them before the atomic step cannot make a plan stale.
      const locations = await store.allLocations();
      const reservation = await store.reserve({
        key: scoped,
        skus: [...new Set(wanted.map((line) => line.sku))],
        plan: (available) => planSourcing(wanted, locations, available),
        ttlSeconds: ttl,
        ignoreSafetyStock: ignoreSafetyStock ?? false,
        channel: ctx.channel,
      });
      // The store recorded STOCK_CHANGED with the holds (a repeat recorded nothing): on the bus before the answer.
      await flush();
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
      return moved(await store.commitReservation(reservationId, ctx.channel), reservationId);
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
      return moved(await store.releaseReservation(reservationId, ctx.channel), reservationId);
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
      return moved(await store.returnReservation(reservationId, ctx.channel), reservationId);
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
      const scoped = scopedKey(ctx.viewer, key);
      if (lines.length === 0 || lines.length > MAX_LINES)
        throw new BadUserInputError(`"lines" must hold 1 to ${MAX_LINES} lines.`, ["lines"]);
      lines.forEach((line, index) => assertCount(line.quantity, 1, MAX_UNITS, `lines[${index}].quantity`));
      const location = await ctx.loaders.locationById.load(locationId);
      if (!location) throw new NotFoundError("Location", locationId);
      const applied = await store.restock({
        key: scoped,
        locationId,
        lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
        safetyStockIfNew: defaultSafetyStock(location),
        by: viewerName(ctx.viewer),
        channel: ctx.channel,
      });
      if (!applied) ctx.logger.info("restock already applied", { key, locationId });
      else await flush();
      return true;
    }
  }
  return ReservationResolver;
}
