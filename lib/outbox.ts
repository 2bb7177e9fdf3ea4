import type { DomainEvent } from "./events.js";
import type { RedisClient } from "./redis.js";
import type { Outbox } from "./outbox/relay.js";
import { outboxScripts, type OutboxScripts } from "./outbox/scripts.js";

export {
  DEFAULT_FLUSH_TIMEOUT_MS,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_RELAY_BATCH,
  DEFAULT_RELAY_INTERVAL_MS,
  startOutboxRelay,
} from "./outbox/relay.js";
export type { Outbox, OutboxLease, OutboxRelay, OutboxRelayOptions } from "./outbox/relay.js";

/** In-process: the memory stores call `record` synchronously inside the same step as their change. */
export class MemoryOutbox implements Outbox {
  private events: DomainEvent[] = [];

  record(...events: DomainEvent[]): void {
    this.events.push(...events);
  }

  /** Events recorded and not yet published (tests, /ready-style checks). */
  get size(): number {
    return this.events.length;
  }

  async pending(limit: number): Promise<DomainEvent[]> {
    return this.events.slice(0, limit);
  }

  async remove(count: number, firstId: string): Promise<void> {
    // Events leave only from the head and join only at the tail: while the head is still `firstId`, the `count`
    // oldest are exactly the events the caller read and published.
    if (count > 0 && this.events[0]?.id === firstId) this.events = this.events.slice(count);
  }
}

/**
 * On Redis: a LIST of JSON-encoded events at `key`, which uses the SAME hash tag as the store's own keys (e.g.
 * "{order}:outbox", "{inventory}:outbox") so the store's Lua scripts can `RPUSH` the events (passed to the script as
 * ARGV JSON strings, encoded by the caller with JSON.stringify) in the same script as the change — atomic, and
 * cluster-safe. Key names are given without the client's keyPrefix, as every store here does.
 */
export class RedisOutbox implements Outbox {
  private readonly scripts: OutboxScripts;

  constructor(
    private readonly redis: RedisClient,
    readonly key: string,
  ) {
    this.scripts = outboxScripts(redis);
  }

  /** Appends events outside a store script: for writes that have no script of their own (and tests). */
  async record(...events: DomainEvent[]): Promise<void> {
    if (events.length > 0) await this.redis.rpush(this.key, ...events.map((event) => JSON.stringify(event)));
  }

  async pending(limit: number): Promise<DomainEvent[]> {
    if (limit < 1) return [];
    const raws = await this.redis.lrange(this.key, 0, limit - 1);
    return raws.map((raw) => JSON.parse(raw) as DomainEvent);
  }

  async remove(count: number, firstId: string): Promise<void> {
    if (count > 0) await this.scripts.outboxRemove(this.key, String(count), firstId);
  }
}
