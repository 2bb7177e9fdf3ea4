import { inBatches } from "../../../lib/batches.js";
import type { SalesChannel } from "../../../lib/channel.js";
import type { StockChangeReason } from "../../../lib/events.js";
import { RedisOutbox, type OutboxLease } from "../../../lib/outbox.js";
import type { RedisClient } from "../../../lib/redis.js";
import { availableToHold } from "../rules/availability.js";
import { stockChanged } from "./events.js";
import { heldReservation, totalsByStock } from "../rules/reservations.js";
import type { InventorySeed } from "../seed.js";
import type {
  AdjustmentResult,
  AvailabilityLookup,
  HoldRecord,
  InventoryStore,
  LocationRecord,
  ReservationRecord,
  ReserveRequest,
  RestockRequest,
  ShortfallRecord,
  StockAdjustment,
  StockKey,
  StockRecord,
} from "./index.js";
import { INVENTORY_SCRIPTS, type InventoryScriptName } from "./scripts.js";

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
/** Commands per pipeline while seeding: large enough to be quick, small enough not to stall other clients. */
const SEED_CHUNK = 1_000;
/** Seeding pipelines sent before the first answers: the connection stays busy, the client never holds the whole seed. */
const SEED_IN_FLIGHT = 4;

/**
 * Every key of the subgraph carries the `{inventory}` hash tag, so any set of them lands in one cluster slot: a Lua
 * script or MGET over several is legal on a cluster, at the price of all inventory data living on one shard.
 */
const TAG = "{inventory}";
export const inventoryKeys = {
  /** Set once, with NX, by the first seeder: its presence means "never seed again". */
  seeded: `${TAG}:seeded`,
  /** Set of every location id. */
  locations: `${TAG}:locations`,
  /** LocationRecord JSON. */
  location: (id: string) => `${TAG}:location:${id}`,
  /** Hash per SKU: location id → StockRecord JSON. Its fields are the index of the locations that carry the SKU. */
  stock: (sku: string) => `${TAG}:stock:${sku}`,
  /** ReservationRecord JSON; settled ones expire after the retention period. */
  reservation: (id: string) => `${TAG}:reservation:${id}`,
  /** Idempotency key → reservation id. */
  reservationKey: (key: string) => `${TAG}:reservation-key:${key}`,
  /** Sorted set of HELD reservation ids, scored by expiry (epoch ms): what the sweep reads. */
  expiry: `${TAG}:reservations:expiry`,
  /** A used restock idempotency key. */
  restockKey: (key: string) => `${TAG}:restock-key:${key}`,
  /** A used adjustment idempotency key, scoped to its location (JSON [locationId, key], so no two pairs collide). */
  adjustmentKey: (locationId: string, key: string) => `${TAG}:adjustment-key:${JSON.stringify([locationId, key])}`,
  /** Stream of onHand changes (StockMovement), capped, for audit. */
  movements: `${TAG}:movements`,
  /** List of STOCK_CHANGED events (JSON) recorded by the write scripts, oldest first, until the relay publishes them. */
  outbox: `${TAG}:outbox`,
  /** Which relay works the outbox now (its token, with a TTL): one at a time across instances. */
  outboxLease: `${TAG}:outbox-lease`,
} as const;

type ScriptCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;
/** What is known of each SKU's stock while planning: sku → location id → record. */
type Snapshot = Map<string, Map<string, StockRecord>>;

/**
 * Inventory in Redis, shared by any number of subgraph instances. Each write is one Lua script that sweeps expired
 * reservations, checks and changes in one atomic step (see scripts.ts); `reserve` reads, plans in JS (the planner is
 * JS and may not do I/O), then holds in one script that re-checks every hold, re-planning from the fresh counts the
 * script answers when another writer got there first. Batched reads are one command each.
 */
export class RedisInventoryStore implements InventoryStore {
  private readonly now: () => Date;
  private readonly retentionMs: number;
  private readonly maxReserveAttempts: number;
  readonly outbox: RedisOutbox;
  readonly outboxLease: OutboxLease;

  constructor(
    private readonly redis: RedisClient,
    options: RedisInventoryStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.retentionMs = (options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS) * 1000;
    this.maxReserveAttempts = options.maxReserveAttempts ?? DEFAULT_MAX_RESERVE_ATTEMPTS;
    this.outbox = new RedisOutbox(redis, inventoryKeys.outbox);
    this.outboxLease = { redis, key: inventoryKeys.outboxLease };
    // ioredis sends EVALSHA, falls back to EVAL once per connection, and applies the client's key prefix to KEYS.
    for (const [name, lua] of Object.entries(INVENTORY_SCRIPTS)) redis.defineCommand(name, { lua });
  }

  /**
   * Loads `seed` when this Redis has never been seeded; answers whether it did. The marker is claimed first (SET NX),
   * so of several instances starting together exactly one writes, and a Redis holding live data is never overwritten.
   */
  async seedIfEmpty(seed: InventorySeed): Promise<boolean> {
    const claimed = await this.redis.set(inventoryKeys.seeded, this.now().toISOString(), "NX");
    if (claimed !== "OK") return false;
    type Pipeline = ReturnType<RedisClient["pipeline"]>;
    const send = async (write: (pipeline: Pipeline) => void) => {
      const pipeline = this.redis.pipeline();
      write(pipeline);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    };
    await inBatches(seed.locations, SEED_CHUNK, SEED_IN_FLIGHT, (locations) =>
      send((pipeline) => {
        for (const location of locations) {
          pipeline.set(inventoryKeys.location(location.id), JSON.stringify(location));
          pipeline.sadd(inventoryKeys.locations, location.id);
        }
      }),
    );
    // One HSET per SKU with the rows of every location that carries it: a tenth of the commands of one per row.
    const rowsBySku = new Map<string, StockRecord[]>();
    for (const record of seed.stock) {
      const rows = rowsBySku.get(record.sku) ?? [];
      if (rows.length === 0) rowsBySku.set(record.sku, rows);
      rows.push(record);
    }
    await inBatches([...rowsBySku.values()], SEED_CHUNK, SEED_IN_FLIGHT, (skus) =>
      send((pipeline) => {
        for (const rows of skus)
          pipeline.hset(inventoryKeys.stock(rows[0].sku), new Map(rows.map((row) => [row.locationId, JSON.stringify(row)])));
      }),
    );
    return true;
  }

  async locationsById(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map(inventoryKeys.location));
    return raws.map((raw) => (raw === null ? null : (JSON.parse(raw) as LocationRecord)));
  }

  async allLocations() {
    const raws = (await this.command("inventoryAllLocations")(1, inventoryKeys.locations)) as (string | null)[];
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as LocationRecord)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async stockLevels(keys: readonly StockKey[]) {
    if (keys.length === 0) return [];
    const raws = (await this.run(
      "inventoryStockLevels",
      keys.map((key) => inventoryKeys.stock(key.sku)),
      keys.map((key) => key.locationId),
    )) as (string | null)[];
    return raws.map((raw) => (raw === null ? null : parseStock(raw)));
  }

  async stockForSkus(skus: readonly string[]) {
    if (skus.length === 0) return [];
    const hashes = (await this.run("inventoryStockForSkus", skus.map(inventoryKeys.stock), [])) as string[][];
    return hashes.map((fields) => recordsOf(fields).sort((a, b) => a.locationId.localeCompare(b.locationId)));
  }

  async adjustStock(change: StockAdjustment): Promise<AdjustmentResult> {
    const keys = [inventoryKeys.stock(change.sku)];
    if (change.key != null) keys.push(inventoryKeys.adjustmentKey(change.locationId, change.key));
    const [outcome, raw] = (await this.run(
      "inventoryAdjust",
      keys,
      [change.locationId, change.sku, change.delta, change.reason, change.safetyStockIfNew, change.by],
      { event: template(change.channel, "ADJUSTED") },
    )) as [string, string | null];
    const stock = raw === null ? null : parseStock(raw);
    if (outcome === "ok") return { ok: true, stock: stock! };
    if (outcome === "earlier") return { ok: false, code: "APPLIED_EARLIER", stock };
    return { ok: false, code: "NEGATIVE_STOCK", stock };
  }

  async reserve(request: ReserveRequest): Promise<ReservationRecord> {
    const keyKey = inventoryKeys.reservationKey(request.key);
    const [existing, ...hashes] = (await this.run("inventoryReserveRead", [keyKey, ...request.skus.map(inventoryKeys.stock)], [])) as [
      string | null,
      ...string[][],
    ];
    if (existing !== null) return parseReservation(existing);
    let snapshot = snapshotOf(request.skus, hashes);

    for (let attempt = 1; ; attempt++) {
      const at = this.now();
      const plan = request.plan(lookup(snapshot, request.ignoreSafetyStock));
      if (plan.shortfalls.length > 0) return refusal(request.key, plan.shortfalls, at);

      // As in the memory store: a planner that plans beyond what it was shown is a bug, not a conflict.
      const totals = totalsByStock(plan.holds);
      const available = lookup(snapshot, request.ignoreSafetyStock);
      for (const { locationId, sku, quantity } of totals) {
        if (available(locationId, sku) < quantity)
          throw new Error(`sourcing planned ${quantity} of ${sku} at ${locationId}, more than is available`);
      }

      const skus = [...new Set([...request.skus, ...totals.map((total) => total.sku)])];
      const reservation = heldReservation(request.key, plan.holds, at, request.ttlSeconds);
      const { id } = reservation;
      const [outcome, ...rest] = (await this.run(
        "inventoryReserve",
        [keyKey, inventoryKeys.reservation(id), ...skus.map(inventoryKeys.stock)],
        [
          id,
          JSON.stringify(reservation),
          Date.parse(reservation.expiresAt!),
          request.ignoreSafetyStock ? "1" : "0",
          ...totals.flatMap((total) => [total.locationId, total.sku, total.quantity]),
        ],
        { at, event: template(request.channel, "RESERVED") },
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
    const applied = await this.run(
      "inventoryRestock",
      [inventoryKeys.restockKey(request.key), ...request.lines.map((line) => inventoryKeys.stock(line.sku))],
      [request.locationId, request.safetyStockIfNew, request.by, ...request.lines.flatMap((line) => [line.sku, line.quantity])],
      { event: template(request.channel, "RESTOCKED") },
    );
    return applied === 1;
  }

  async expireReservations() {
    return (await this.run("inventoryExpire", [], [])) as number;
  }

  async nextLapse() {
    // Unswept lapsed entries answer a time already past: earlier than the truth, which the contract allows.
    const [, score] = await this.redis.zrange(inventoryKeys.expiry, 0, 0, "WITHSCORES");
    return score === undefined ? null : Number(score);
  }

  private async settle(id: string, status: "COMMITTED" | "RELEASED" | "RETURNED", channel: SalesChannel | null) {
    const reason = status === "RETURNED" ? "RESTOCKED" : status;
    const raw = (await this.run("inventorySettle", [inventoryKeys.reservation(id)], [status], { event: template(channel, reason) })) as
      string | null;
    return raw === null ? null : parseReservation(raw);
  }

  /**
   * One script call in the shared convention of scripts.ts: the expiry index first, then the clock, retention and the
   * STOCK_CHANGED a write records with its change ('' for reads).
   */
  private run(
    name: InventoryScriptName,
    keys: readonly string[],
    args: readonly (string | number)[],
    options: { at?: Date; event?: string } = {},
  ) {
    const at = options.at ?? this.now();
    return this.command(name)(
      keys.length + 1,
      inventoryKeys.expiry,
      ...keys,
      String(at.getTime()),
      at.toISOString(),
      String(this.retentionMs),
      options.event ?? "",
      ...args.map(String),
    );
  }

  private command(name: InventoryScriptName): ScriptCommand {
    // defineCommand adds the method at run time; its type is not known to ioredis's typings.
    const method = (this.redis as unknown as Record<InventoryScriptName, ScriptCommand>)[name];
    return method.bind(this.redis);
  }
}

/** The Redis inventory store; call `seedIfEmpty` to load demo data into an empty Redis. */
export async function createRedisInventoryStore(
  redis: RedisClient,
  options: RedisInventoryStoreOptions = {},
): Promise<RedisInventoryStore> {
  return new RedisInventoryStore(redis, options);
}

/** The event a write script records with its change, its levels left for the script to fill with what it changed. */
function template(channel: SalesChannel | null | undefined, reason: StockChangeReason): string {
  return JSON.stringify(stockChanged(channel ?? null, reason, []));
}

function parseStock(raw: string): StockRecord {
  const record = JSON.parse(raw) as StockRecord;
  return {
    locationId: record.locationId,
    sku: record.sku,
    onHand: record.onHand,
    reserved: record.reserved,
    safetyStock: record.safetyStock,
    updatedAt: record.updatedAt,
  };
}

/** An HGETALL answer (location id, JSON, ...) as records. */
function recordsOf(fields: readonly string[]): StockRecord[] {
  const records: StockRecord[] = [];
  for (let i = 1; i < fields.length; i += 2) records.push(parseStock(fields[i]));
  return records;
}

function snapshotOf(skus: readonly string[], hashes: readonly string[][]): Snapshot {
  const snapshot: Snapshot = new Map();
  skus.forEach((sku, i) => snapshot.set(sku, new Map(recordsOf(hashes[i]).map((record) => [record.locationId, record]))));
  return snapshot;
}

function lookup(snapshot: Snapshot, ignoreSafetyStock: boolean): AvailabilityLookup {
  return (locationId, sku) => {
    const record = snapshot.get(sku)?.get(locationId);
    return record ? availableToHold(record, ignoreSafetyStock) : 0;
  };
}

/** Lua's JSON encoder cannot tell an empty array from an empty object; every list is read back as an array. */
function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function parseReservation(raw: string): ReservationRecord {
  const record = JSON.parse(raw) as ReservationRecord;
  return {
    id: record.id,
    key: record.key,
    status: record.status,
    holds: list<HoldRecord>(record.holds).map((hold) => ({
      lineKey: hold.lineKey,
      locationId: hold.locationId,
      sku: hold.sku,
      quantity: hold.quantity,
    })),
    shortfalls: list<ShortfallRecord>(record.shortfalls).map((shortfall) => ({
      ...shortfall,
      alternatives: list<string>(shortfall.alternatives),
    })),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    settledAt: record.settledAt,
  };
}

function refusal(key: string, shortfalls: ShortfallRecord[], at: Date): ReservationRecord {
  return { id: null, key, status: "REFUSED", holds: [], shortfalls, createdAt: at.toISOString(), expiresAt: null, settledAt: null };
}
