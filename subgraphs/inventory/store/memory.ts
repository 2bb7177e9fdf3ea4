import type { SalesChannel } from "../../../lib/channel.js";
import { MemoryOutbox } from "../../../lib/outbox.js";
import { adjustedOnHand, emptyStock } from "../rules/adjustments.js";
import { holdableIn } from "../rules/availability.js";
import { assertPlanFits, canSettle, heldReservation, lapsedAt, refusedReservation, totalsByStock } from "../rules/reservations.js";
import { stockChanged } from "./events.js";
import type { InventorySeed } from "../seed.js";
import type {
  AdjustmentResult,
  HoursExceptionRecord,
  InventoryStore,
  LocationRecord,
  ReservationRecord,
  ReserveRequest,
  RestockRequest,
  StockAdjustment,
  StockAdjustmentReasonName,
  StockKey,
  StockMovement,
  StockRecord,
} from "./index.js";

export interface MemoryInventoryStoreOptions {
  /** The clock behind expiry and updatedAt; the subgraph passes its own so tests can move time. */
  now?: () => Date;
}

/**
 * The embedded default: locations, stock and reservations held in maps, answered in batches like any other store.
 * Every write method is synchronous from its first check to its last change (no `await`), which is what makes it
 * atomic in one process: Node runs nothing else in between. Stock records are replaced on every change, never mutated.
 */
export class MemoryInventoryStore implements InventoryStore {
  /** STOCK_CHANGED recorded in the same synchronous step as each change. */
  readonly outbox = new MemoryOutbox();
  private readonly locations = new Map<string, LocationRecord>();
  private readonly byId: LocationRecord[];
  /** location id → date → its dated exception to the weekly hours */
  private readonly exceptions = new Map<string, Map<string, HoursExceptionRecord>>();
  /** sku → locationId → record */
  private readonly stock = new Map<string, Map<string, StockRecord>>();
  private readonly reservations = new Map<string, ReservationRecord>();
  /** idempotency key → reservation id */
  private readonly reservationByKey = new Map<string, string>();
  /** Ids of HELD reservations: the only ones a sweep has to look at. */
  private readonly held = new Set<string>();
  /** The earliest expiry among HELD reservations, so a read with nothing due skips the sweep. */
  private nextExpiry = Infinity;
  private readonly restockKeys = new Set<string>();
  /** Used adjustment keys, each scoped to its location: JSON [locationId, key]. */
  private readonly adjustmentKeys = new Set<string>();
  /** The audit trail of onHand changes, for the stock-ledger views a later issue adds. */
  private readonly movements: StockMovement[] = [];
  private readonly now: () => Date;

  constructor(seed: InventorySeed, options: MemoryInventoryStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    for (const location of seed.locations) this.locations.set(location.id, location);
    this.byId = [...seed.locations].sort((a, b) => a.id.localeCompare(b.id));
    const ordered = [...seed.stock].sort((a, b) => a.locationId.localeCompare(b.locationId));
    for (const record of ordered) this.put(record);
    for (const exception of seed.hoursExceptions ?? []) this.exceptionsAt(exception.locationId).set(exception.date, { ...exception });
  }

  async locationsById(ids: readonly string[]) {
    return ids.map((id) => this.locations.get(id) ?? null);
  }

  async allLocations() {
    return [...this.byId];
  }

  async hoursExceptions(locationIds: readonly string[]) {
    return locationIds.map((id) => [...(this.exceptions.get(id)?.values() ?? [])].sort((a, b) => a.date.localeCompare(b.date)));
  }

  async setHoursException(exception: HoursExceptionRecord) {
    this.exceptionsAt(exception.locationId).set(exception.date, { ...exception });
  }

  async clearHoursException(locationId: string, date: string) {
    const removed = this.exceptions.get(locationId)?.get(date) ?? null;
    this.exceptions.get(locationId)?.delete(date);
    return removed;
  }

  async stockLevels(keys: readonly StockKey[]) {
    this.sweep();
    return keys.map(({ locationId, sku }) => this.record(locationId, sku));
  }

  async stockForSkus(skus: readonly string[]) {
    this.sweep();
    // Sorted on read: records created by writes land at the end of their SKU's map.
    return skus.map((sku) => [...(this.stock.get(sku)?.values() ?? [])].sort((a, b) => a.locationId.localeCompare(b.locationId)));
  }

  async adjustStock(change: StockAdjustment): Promise<AdjustmentResult> {
    this.sweep();
    const current = this.record(change.locationId, change.sku);
    const key = change.key == null ? null : JSON.stringify([change.locationId, change.key]);
    if (key !== null && this.adjustmentKeys.has(key)) return { ok: false, code: "APPLIED_EARLIER", stock: current };
    if (adjustedOnHand(current, change.delta) === null) return { ok: false, code: "NEGATIVE_STOCK", stock: current };
    if (key !== null) this.adjustmentKeys.add(key);
    const stock = this.moveOnHand(change.locationId, change.sku, change.delta, change.reason, change.by, change.safetyStockIfNew);
    this.outbox.record(stockChanged(change.channel ?? null, "ADJUSTED", [stock]));
    return { ok: true, stock };
  }

  async reserve(request: ReserveRequest): Promise<ReservationRecord> {
    this.sweep();
    const existing = this.reservationByKey.get(request.key);
    if (existing !== undefined) return this.reservations.get(existing)!;

    const available = holdableIn((locationId, sku) => this.record(locationId, sku), request.ignoreSafetyStock);
    const plan = request.plan(available);
    const at = this.now();
    if (plan.shortfalls.length > 0) return refusedReservation(request.key, plan.shortfalls, at);
    // The planner is trusted to plan within what it was shown; a hold that does not fit is a bug, and stopping
    // before anything changes keeps the invariants even then.
    const totals = totalsByStock(plan.holds);
    assertPlanFits(totals, available);
    for (const { locationId, sku, quantity } of totals) this.changeReserved(locationId, sku, quantity, at);

    const reservation = heldReservation(request.key, plan.holds, at, request.ttlSeconds);
    this.reservations.set(reservation.id, reservation);
    this.reservationByKey.set(request.key, reservation.id);
    this.held.add(reservation.id);
    this.nextExpiry = Math.min(this.nextExpiry, Date.parse(reservation.expiresAt));
    this.outbox.record(stockChanged(request.channel ?? null, "RESERVED", totals));
    return reservation;
  }

  async commitReservation(id: string, channel: SalesChannel | null = null) {
    this.sweep();
    const reservation = this.reservations.get(id);
    if (!reservation || !canSettle(reservation.status, "COMMITTED")) return reservation ?? null;
    const at = this.now();
    const totals = totalsByStock(reservation.holds);
    for (const { locationId, sku, quantity } of totals) {
      this.changeReserved(locationId, sku, -quantity, at);
      this.moveOnHand(locationId, sku, -quantity, "SALE", `reservation:${id}`, 0);
    }
    this.outbox.record(stockChanged(channel, "COMMITTED", totals));
    return this.settle(reservation, "COMMITTED", at);
  }

  async releaseReservation(id: string, channel: SalesChannel | null = null) {
    this.sweep();
    const reservation = this.reservations.get(id);
    if (!reservation || !canSettle(reservation.status, "RELEASED")) return reservation ?? null;
    this.outbox.record(stockChanged(channel, "RELEASED", reservation.holds));
    return this.giveBack(reservation, "RELEASED", this.now());
  }

  async returnReservation(id: string, channel: SalesChannel | null = null) {
    this.sweep();
    const reservation = this.reservations.get(id);
    if (!reservation || !canSettle(reservation.status, "RETURNED")) return reservation ?? null;
    const at = this.now();
    const totals = totalsByStock(reservation.holds);
    for (const { locationId, sku, quantity } of totals) this.moveOnHand(locationId, sku, quantity, "RETURN", `reservation:${id}`, 0);
    this.outbox.record(stockChanged(channel, "RESTOCKED", totals));
    return this.settle(reservation, "RETURNED", at);
  }

  async restock(request: RestockRequest) {
    this.sweep();
    if (this.restockKeys.has(request.key)) return false;
    this.restockKeys.add(request.key);
    for (const line of request.lines) {
      this.moveOnHand(request.locationId, line.sku, line.quantity, "RETURN", request.by, request.safetyStockIfNew);
    }
    this.outbox.record(
      stockChanged(
        request.channel ?? null,
        "RESTOCKED",
        request.lines.map((line) => ({ sku: line.sku, locationId: request.locationId })),
      ),
    );
    return true;
  }

  async expireReservations() {
    return this.sweep();
  }

  async nextLapse() {
    this.sweep();
    return this.nextExpiry === Infinity ? null : this.nextExpiry;
  }

  /** HELD → EXPIRED for everything due; synchronous, so it is atomic with whatever store method called it. */
  private sweep(): number {
    const at = this.now();
    if (at.getTime() < this.nextExpiry) return 0;
    const { lapsed, nextLapse } = lapsedAt(
      [...this.held].map((id) => this.reservations.get(id)!),
      at.getTime(),
    );
    for (const reservation of lapsed) this.giveBack(reservation, "EXPIRED", at);
    this.nextExpiry = nextLapse;
    return lapsed.length;
  }

  private giveBack(reservation: ReservationRecord, status: "RELEASED" | "EXPIRED", at: Date): ReservationRecord {
    for (const { locationId, sku, quantity } of totalsByStock(reservation.holds)) this.changeReserved(locationId, sku, -quantity, at);
    return this.settle(reservation, status, at);
  }

  private settle(reservation: ReservationRecord, status: "COMMITTED" | "RELEASED" | "EXPIRED" | "RETURNED", at: Date): ReservationRecord {
    const settled: ReservationRecord = { ...reservation, status, settledAt: at.toISOString() };
    this.reservations.set(settled.id!, settled);
    this.held.delete(settled.id!);
    return settled;
  }

  private exceptionsAt(locationId: string): Map<string, HoursExceptionRecord> {
    let byDate = this.exceptions.get(locationId);
    if (!byDate) this.exceptions.set(locationId, (byDate = new Map()));
    return byDate;
  }

  private record(locationId: string, sku: string): StockRecord | null {
    return this.stock.get(sku)?.get(locationId) ?? null;
  }

  private put(record: StockRecord): void {
    let atLocations = this.stock.get(record.sku);
    if (!atLocations) this.stock.set(record.sku, (atLocations = new Map()));
    atLocations.set(record.locationId, record);
  }

  /** reserved += delta; callers have checked that it stays within 0..onHand. */
  private changeReserved(locationId: string, sku: string, delta: number, at: Date): void {
    const record = this.record(locationId, sku)!;
    const reserved = record.reserved + delta;
    if (reserved < 0 || reserved > record.onHand) throw new Error(`reserved of ${sku} at ${locationId} would become ${reserved}`);
    this.put({ ...record, reserved, updatedAt: at.toISOString() });
  }

  /** onHand += delta, creating the record where needed; callers have checked that it stays at or above reserved. */
  private moveOnHand(
    locationId: string,
    sku: string,
    delta: number,
    reason: StockAdjustmentReasonName,
    by: string,
    safetyStockIfNew: number,
  ): StockRecord {
    const now = this.now();
    const at = now.toISOString();
    const current = this.record(locationId, sku) ?? emptyStock(locationId, sku, now, safetyStockIfNew);
    const onHand = current.onHand + delta;
    if (onHand < current.reserved) throw new Error(`onHand of ${sku} at ${locationId} would fall below reserved`);
    const next = { ...current, onHand, updatedAt: at };
    this.put(next);
    this.movements.push({ at, locationId, sku, delta, reason, by });
    return next;
  }
}
