import type { SalesChannel } from "../../../lib/channel.js";
import { RedisOutbox, type OutboxLease } from "../../../lib/outbox.js";
import type { RedisClient } from "../../../lib/redis.js";
import { assertPlanFits, heldReservation, refusedReservation, totalsByStock } from "../rules/reservations.js";
import type { InventorySeed } from "../seed.js";
import type { InventoryStore } from "./index.js";
import type { HoursExceptionRecord, LocationRecord, ReservationRecord, StockKey } from "./records.js";
import type { AdjustmentResult, ReserveRequest, RestockRequest, StockAdjustment } from "./requests.js";
import { InventoryScripts } from "./redis-call.js";
import { eventTemplate, lookup, parseHoursException, parseReservation, parseStock, recordsOf, snapshotOf } from "./redis-codec.js";
import { inventoryKeys } from "./redis-keys.js";
import { seedInventoryIfEmpty } from "./redis-seed.js";

export { inventoryKeys } from "./redis-keys.js";

export interface RedisInventoryStoreOptions {
  /** The clock behind expiry and updatedAt; the subgraph passes its own so tests can move time. */
  now?: () => Date;
  /**
   * How long settled reservations, their idempotency keys and used restock and adjustment keys are kept. Far beyond
   * any caller's retry window; without a limit they would grow with every order forever.
   */
  retentionSeconds?: number;
  /** Read-plan-hold cycles reserve tries before giving up, when concurrent writers keep taking the planned units. */
  maxReserveAttempts?: number;
}

export const DEFAULT_RETENTION_SECONDS = 30 * 86_400;
export const DEFAULT_MAX_RESERVE_ATTEMPTS = 10;

/**
 * Inventory in Redis, shared by any number of subgraph instances. Each write is one Lua script that sweeps expired
 * reservations, checks and changes in one atomic step (see lua/); `reserve` reads, plans in JS (the planner is JS and
 * may not do I/O), then holds in one script that re-checks every hold, re-planning from the fresh counts the script
 * answers when another writer got there first. Batched reads are one command each.
 */
export class RedisInventoryStore implements InventoryStore {
  private readonly now: () => Date;
  private readonly maxReserveAttempts: number;
  private readonly scripts: InventoryScripts;
  readonly outbox: RedisOutbox;
  readonly outboxLease: OutboxLease;

  constructor(
    private readonly redis: RedisClient,
    options: RedisInventoryStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxReserveAttempts = options.maxReserveAttempts ?? DEFAULT_MAX_RESERVE_ATTEMPTS;
    this.scripts = new InventoryScripts(redis, this.now, (options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS) * 1000);
    this.outbox = new RedisOutbox(redis, inventoryKeys.outbox);
    this.outboxLease = { redis, key: inventoryKeys.outboxLease };
  }

  /** Loads `seed` when this Redis has never been seeded; answers whether it did (redis-seed.ts). */
  seedIfEmpty(seed: InventorySeed): Promise<boolean> {
    return seedInventoryIfEmpty(this.redis, seed, this.now());
  }

  async locationsById(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map(inventoryKeys.location));
    return raws.map((raw) => (raw === null ? null : (JSON.parse(raw) as LocationRecord)));
  }

  async allLocations() {
    const raws = (await this.scripts.allLocations()) as (string | null)[];
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as LocationRecord)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async hoursExceptions(locationIds: readonly string[]) {
    if (locationIds.length === 0) return [];
    const hashes = (await this.scripts.hoursExceptions(locationIds)) as string[][];
    return hashes.map((fields) => {
      const exceptions: HoursExceptionRecord[] = [];
      for (let i = 1; i < fields.length; i += 2) exceptions.push(parseHoursException(fields[i]));
      return exceptions.sort((a, b) => a.date.localeCompare(b.date));
    });
  }

  async setHoursException(exception: HoursExceptionRecord) {
    await this.redis.hset(inventoryKeys.hoursExceptions(exception.locationId), exception.date, JSON.stringify(exception));
  }

  async clearHoursException(locationId: string, date: string) {
    const raw = (await this.scripts.clearHoursException(locationId, date)) as string | null;
    return raw === null ? null : parseHoursException(raw);
  }

  async stockLevels(keys: readonly StockKey[]) {
    if (keys.length === 0) return [];
    const raws = (await this.scripts.run(
      "inventoryStockLevels",
      keys.map((key) => inventoryKeys.stock(key.sku)),
      keys.map((key) => key.locationId),
    )) as (string | null)[];
    return raws.map((raw) => (raw === null ? null : parseStock(raw)));
  }

  async stockForSkus(skus: readonly string[]) {
    if (skus.length === 0) return [];
    const hashes = (await this.scripts.run("inventoryStockForSkus", skus.map(inventoryKeys.stock), [])) as string[][];
    return hashes.map((fields) => recordsOf(fields).sort((a, b) => a.locationId.localeCompare(b.locationId)));
  }

  async adjustStock(change: StockAdjustment): Promise<AdjustmentResult> {
    const keys = [inventoryKeys.stock(change.sku)];
    if (change.key != null) keys.push(inventoryKeys.adjustmentKey(change.locationId, change.key));
    const [outcome, raw] = (await this.scripts.run(
      "inventoryAdjust",
      keys,
      [change.locationId, change.sku, change.delta, change.reason, change.safetyStockIfNew, change.by],
      { event: eventTemplate(change.channel, "ADJUSTED") },
    )) as [string, string | null];
    const stock = raw === null ? null : parseStock(raw);
    if (outcome === "ok") return { ok: true, stock: stock! };
    if (outcome === "earlier") return { ok: false, code: "APPLIED_EARLIER", stock };
    return { ok: false, code: "NEGATIVE_STOCK", stock };
  }

  async reserve(request: ReserveRequest): Promise<ReservationRecord> {
    const keyKey = inventoryKeys.reservationKey(request.key);
    const [existing, ...hashes] = (await this.scripts.run(
      "inventoryReserveRead",
      [keyKey, ...request.skus.map(inventoryKeys.stock)],
      [],
    )) as [string | null, ...string[][]];
    if (existing !== null) return parseReservation(existing);
    let snapshot = snapshotOf(request.skus, hashes);

    for (let attempt = 1; ; attempt++) {
      const at = this.now();
      const available = lookup(snapshot, request.ignoreSafetyStock);
      const plan = request.plan(available);
      if (plan.shortfalls.length > 0) return refusedReservation(request.key, plan.shortfalls, at);
      // As in the memory store: a planner that plans beyond what it was shown is a bug, not a conflict.
      const totals = totalsByStock(plan.holds);
      assertPlanFits(totals, available);

      const skus = [...new Set([...request.skus, ...totals.map((total) => total.sku)])];
      const reservation = heldReservation(request.key, plan.holds, at, request.ttlSeconds);
      const [outcome, ...rest] = (await this.scripts.run(
        "inventoryReserve",
        [keyKey, inventoryKeys.reservation(reservation.id), ...skus.map(inventoryKeys.stock)],
        [
          reservation.id,
          JSON.stringify(reservation),
          Date.parse(reservation.expiresAt),
          request.ignoreSafetyStock ? "1" : "0",
          ...totals.flatMap((total) => [total.locationId, total.sku, total.quantity]),
        ],
        { at, event: eventTemplate(request.channel, "RESERVED") },
      )) as [string, ...unknown[]];
      if (outcome === "held") return reservation;
      if (outcome === "existing") return parseReservation(rest[0] as string);
      if (attempt >= this.maxReserveAttempts) {
        throw new Error(`reservation ${request.key} still conflicted with concurrent writes after ${attempt} attempts`);
      }
      // The script answered the counts as they are now: plan again from those, no extra read.
      snapshot = snapshotOf(skus, rest as string[][]);
    }
  }

  async commitReservation(id: string, channel: SalesChannel | null = null) {
    return this.settle(id, "COMMITTED", channel);
  }

  async releaseReservation(id: string, channel: SalesChannel | null = null) {
    return this.settle(id, "RELEASED", channel);
  }

  async returnReservation(id: string, channel: SalesChannel | null = null) {
    return this.settle(id, "RETURNED", channel);
  }

  async restock(request: RestockRequest) {
    const applied = await this.scripts.run(
      "inventoryRestock",
      [inventoryKeys.restockKey(request.key), ...request.lines.map((line) => inventoryKeys.stock(line.sku))],
      [request.locationId, request.safetyStockIfNew, request.by, ...request.lines.flatMap((line) => [line.sku, line.quantity])],
      { event: eventTemplate(request.channel, "RESTOCKED") },
    );
    return applied === 1;
  }

  async expireReservations() {
    return (await this.scripts.run("inventoryExpire", [], [])) as number;
  }

  async nextLapse() {
    // Unswept lapsed entries answer a time already past: earlier than the truth, which the contract allows.
    const [, score] = await this.redis.zrange(inventoryKeys.expiry, 0, 0, "WITHSCORES");
    return score === undefined ? null : Number(score);
  }

  private async settle(id: string, status: "COMMITTED" | "RELEASED" | "RETURNED", channel: SalesChannel | null) {
    const reason = status === "RETURNED" ? "RESTOCKED" : status;
    const raw = (await this.scripts.run("inventorySettle", [inventoryKeys.reservation(id)], [status], {
      event: eventTemplate(channel, reason),
    })) as string | null;
    return raw === null ? null : parseReservation(raw);
  }
}

/** The Redis inventory store; call `seedIfEmpty` to load demo data into an empty Redis. */
export async function createRedisInventoryStore(
  redis: RedisClient,
  options: RedisInventoryStoreOptions = {},
): Promise<RedisInventoryStore> {
  return new RedisInventoryStore(redis, options);
}
