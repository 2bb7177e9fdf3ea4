import { BadUserInputError, NotFoundError } from "../../../lib/errors.js";
import type { Viewer } from "../../../lib/viewer.js";
import { defaultSafetyStock } from "../rules/availability.js";
import { DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS } from "../rules/reservations.js";
import { planSourcing } from "../rules/sourcing.js";
import { assertCount, assertGeoPoint, assertKey, MAX_UNITS, viewerName } from "../rules/validation.js";
import type { FulfillmentMethodName, ReservationLine, ReservationRecord } from "../store/index.js";
import type { InventoryCaller, InventoryServiceDeps } from "./deps.js";

const METHODS = new Set<string>(["SHIP_TO_HOME", "PICKUP_IN_STORE", "CURBSIDE"]);
/** The most lines one reservation or restock may carry. */
export const MAX_LINES = 200;

/** A line as the caller sends it: checked and typed by `readLines`. */
export interface ReservationLineRequest {
  lineKey: string;
  sku: string;
  quantity: number;
  method: string;
  locationId?: string | null;
  shipTo?: { lat: number; lng: number } | null;
}

export interface ReserveStockRequest {
  key: string;
  lines: readonly ReservationLineRequest[];
  ttlSeconds?: number | null;
  ignoreSafetyStock?: boolean | null;
}

export interface RestockRequestInput {
  key: string;
  locationId: string;
  lines: readonly { sku: string; quantity: number }[];
}

/**
 * Idempotency keys belong to the calling service: two services choosing the same key must not see each other's
 * reservation or restock.
 */
function scopedKey(viewer: Viewer, key: string): string {
  assertKey(key, "key", ["key"]);
  return JSON.stringify([viewerName(viewer), key]);
}

function assertLineCount(count: number): void {
  if (count === 0 || count > MAX_LINES) throw new BadUserInputError(`"lines" must hold 1 to ${MAX_LINES} lines.`, ["lines"]);
}

/** The caller's lines, checked (BAD_USER_INPUT naming the line at fault) and typed for sourcing. */
export function readLines(lines: readonly ReservationLineRequest[]): ReservationLine[] {
  assertLineCount(lines.length);
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
 * The reservation API the order service calls: source and hold, commit, release, return, restock. Every write that
 * moved counts awaits the flush of the STOCK_CHANGED its store recorded before answering.
 */
export class ReservationService {
  constructor(private readonly deps: InventoryServiceDeps) {}

  /** Sources every line and holds it, all or nothing; the same key answers the same reservation. */
  async reserve(request: ReserveStockRequest, caller: InventoryCaller): Promise<ReservationRecord> {
    const key = scopedKey(caller.viewer, request.key);
    const wanted = readLines(request.lines);
    const ttlSeconds = request.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    assertCount(ttlSeconds, 1, MAX_TTL_SECONDS, "ttlSeconds");
    // Locations never change while serving, so reading them before the atomic step cannot make a plan stale.
    const locations = await this.deps.store.allLocations();
    const reservation = await this.deps.store.reserve({
      key,
      skus: [...new Set(wanted.map((line) => line.sku))],
      plan: (available) => planSourcing(wanted, locations, available),
      ttlSeconds,
      ignoreSafetyStock: request.ignoreSafetyStock ?? false,
      channel: caller.channel,
    });
    // The store recorded STOCK_CHANGED with the holds (a repeat recorded nothing): on the bus before the answer.
    await this.deps.flush();
    return reservation;
  }

  /** HELD → COMMITTED: the held units leave stock. NOT_FOUND for an unknown reservation. */
  commit(reservationId: string, caller: InventoryCaller): Promise<ReservationRecord> {
    return this.moved(reservationId, this.deps.store.commitReservation(reservationId, caller.channel));
  }

  /** HELD → RELEASED: the held units are promisable again. */
  release(reservationId: string, caller: InventoryCaller): Promise<ReservationRecord> {
    return this.moved(reservationId, this.deps.store.releaseReservation(reservationId, caller.channel));
  }

  /** COMMITTED → RETURNED: the units go back on hand where they were taken. */
  putBack(reservationId: string, caller: InventoryCaller): Promise<ReservationRecord> {
    return this.moved(reservationId, this.deps.store.returnReservation(reservationId, caller.channel));
  }

  /** Puts units back on hand at a location, once per key; answers whether this call applied them. */
  async restock(request: RestockRequestInput, caller: InventoryCaller): Promise<boolean> {
    const key = scopedKey(caller.viewer, request.key);
    assertLineCount(request.lines.length);
    request.lines.forEach((line, index) => assertCount(line.quantity, 1, MAX_UNITS, `lines[${index}].quantity`));
    const location = await caller.loaders.locationById.load(request.locationId);
    if (!location) throw new NotFoundError("Location", request.locationId);
    const applied = await this.deps.store.restock({
      key,
      locationId: request.locationId,
      lines: request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      safetyStockIfNew: defaultSafetyStock(location),
      by: viewerName(caller.viewer),
      channel: caller.channel,
    });
    if (applied) await this.deps.flush();
    return applied;
  }

  /** A reservation moved (committed, released, returned): its STOCK_CHANGED on the bus before the answer. */
  private async moved(reservationId: string, moving: Promise<ReservationRecord | null>): Promise<ReservationRecord> {
    const reservation = await moving;
    if (!reservation) throw new NotFoundError("Reservation", reservationId);
    await this.deps.flush();
    return reservation;
  }
}
