import type { SalesChannel } from "../../../lib/channel.js";
import type { Outbox, OutboxLease } from "../../../lib/outbox.js";
import type { HoursExceptionRecord, LocationRecord, ReservationRecord, StockKey, StockRecord } from "./records.js";
import type { AdjustmentResult, ReserveRequest, RestockRequest, StockAdjustment } from "./requests.js";

export type * from "./records.js";
export type * from "./requests.js";

/**
 * Everything the inventory subgraph reads and writes. Batched reads take many keys and answer one entry per key, in
 * order, null (or an empty list) where nothing exists. The resolvers only ever see this interface.
 *
 * Reads answer with expired holds already given back: a store sweeps expired reservations (as
 * `expireReservations`) before it answers any read or write, using its own clock, so no caller ever sees units held
 * by a reservation whose time is up.
 *
 * Invariants every write keeps, under any interleaving of callers and processes: 0 ≤ reserved ≤ onHand, so onHand
 * and available-to-promise never go below zero; a unit is held by at most one reservation; an idempotency key
 * changes stock at most once. Each write below states how it is atomic: the in-memory store does its check and
 * its change with no `await` in between (one process); a Redis store does the same in one Lua script per call.
 * Records are replaced, never mutated, so a record a caller already holds stays a consistent snapshot.
 *
 * Every write that moves counts records STOCK_CHANGED (events.ts `stockChanged`) in `outbox` in the same atomic step
 * (memory: the same synchronous step; Redis: an RPUSH to `{inventory}:outbox` in the same script), and only then:
 * a repeat, a refusal or a lapse records nothing. The subgraph's relay publishes what is recorded.
 */
export interface InventoryStore {
  /** Where STOCK_CHANGED events wait for the relay. */
  readonly outbox: Outbox;
  /** The lease relays of several instances sharing this store take turns with; none for an in-process store. */
  readonly outboxLease?: OutboxLease;

  locationsById(ids: readonly string[]): Promise<(LocationRecord | null)[]>;
  /** Every location, ordered by id. */
  allLocations(): Promise<LocationRecord[]>;
  stockLevels(keys: readonly StockKey[]): Promise<(StockRecord | null)[]>;
  /** Per SKU, the record of every location that carries it, ordered by location id. */
  stockForSkus(skus: readonly string[]): Promise<StockRecord[][]>;

  /** Per location, its dated exceptions to the weekly hours, ordered by date; empty where it has none. */
  hoursExceptions(locationIds: readonly string[]): Promise<HoursExceptionRecord[][]>;
  /**
   * Saves a dated exception, replacing the location's exception on that date if it had one. One write (Redis: one
   * HSET), so it is atomic on its own. The caller has checked the location and the record.
   */
  setHoursException(exception: HoursExceptionRecord): Promise<void>;
  /** Removes the location's exception on `date` and answers it; null when there was none (Redis: one script). */
  clearHoursException(locationId: string, date: string): Promise<HoursExceptionRecord | null>;

  /**
   * Adds `delta` to onHand at one location, refusing (NEGATIVE_STOCK, nothing changed) when the result would be
   * below zero or below what is reserved; a positive delta creates the record where the location never carried the
   * SKU. A delta is applied to the counts current at the moment of the change, checked in the same step, so no
   * expected version is needed: two adjustments commute and neither is lost.
   * With a `key`, applied at most once per (locationId, key): a repeat answers APPLIED_EARLIER and changes nothing; a
   * refusal (NEGATIVE_STOCK) does not use the key, so a retry may apply later. Keys are kept as restock keys are.
   * Atomic: memory — key check, check and change with no await; Redis — one Lua script over the stock hash and the
   * key's marker.
   * The caller has checked that the location exists.
   */
  adjustStock(change: StockAdjustment): Promise<AdjustmentResult>;

  /**
   * Sources and holds all lines, or none. When `key` was used before, answers that reservation (whatever its status
   * now) and changes nothing. Otherwise calls `plan` with current availability; when the plan has no shortfall,
   * adds every hold to `reserved` and records a HELD reservation expiring `ttlSeconds` from now; when it has one,
   * holds nothing and answers a REFUSED result that is not remembered (it held nothing, so a retry with the same key
   * is safe and may succeed once stock arrives).
   * Atomic: memory — key check, plan and hold with no await in between, so the plan is still true when applied and
   * concurrent calls with one key hold once. Redis — read the SKUs' stock, plan, then one Lua script that (a)
   * answers the existing reservation when the key is taken (SET NX on the key), (b) checks that every hold still
   * fits what is available now and (c) applies them all; when (b) fails nothing is applied and the store re-plans
   * from a fresh read (bounded retries, then the plan's shortfalls).
   */
  reserve(request: ReserveRequest): Promise<ReservationRecord>;

  /**
   * HELD → COMMITTED: onHand −= q and reserved −= q for every hold (the units leave). Applies only from HELD (the
   * expected status): a committed one is answered unchanged (idempotent), an expired or released one cannot be
   * committed and is answered unchanged. Null when there is no such reservation.
   * Atomic: memory — status check and every count change with no await; Redis — one Lua script.
   */
  commitReservation(id: string, channel?: SalesChannel | null): Promise<ReservationRecord | null>;

  /**
   * HELD → RELEASED: reserved −= q for every hold (the units are promisable again). Applies only from HELD: any
   * other status is answered unchanged (idempotent; a no-op after commit or expiry). Null when there is no such one.
   * Atomic: as commitReservation.
   */
  releaseReservation(id: string, channel?: SalesChannel | null): Promise<ReservationRecord | null>;

  /**
   * COMMITTED → RETURNED: onHand += q for every hold, at the locations the units left from (a checkout that committed
   * but could not become an order gives them back, and the reservation says so). Applies only from COMMITTED: any other
   * status is answered unchanged (idempotent). Null when there is no such reservation. Atomic: as commitReservation.
   */
  returnReservation(id: string, channel?: SalesChannel | null): Promise<ReservationRecord | null>;

  /**
   * onHand += q for every line at one location (returns, cancellations), creating records where needed; once per
   * `key`: a second call with the key changes nothing. Answers true when this call applied the lines, false when an
   * earlier one had. Atomic: memory — key check and every change with no await; Redis — SET NX on the key and the
   * increments in one Lua script.
   */
  restock(request: RestockRequest): Promise<boolean>;

  /**
   * HELD → EXPIRED for every reservation whose time is up, giving its units back (reserved −= q). Answers how many
   * expired. Each reservation moves atomically, as in releaseReservation; a reservation committed or released in the
   * meantime is left alone.
   */
  expireReservations(): Promise<number>;

  /**
   * When the earliest HELD reservation lapses (epoch ms by the store's clock), or null when nothing is held. A hold
   * lapses with no write and no event, so an answer that counts held units is fresh until then at most. May be
   * earlier than the truth (a reservation settled since), never later.
   */
  nextLapse(): Promise<number | null>;
}
