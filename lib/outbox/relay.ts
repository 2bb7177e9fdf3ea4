import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { DomainEvent, EventBus } from "../events.js";
import type { Logger } from "../logger.js";
import type { RedisClient } from "../redis.js";
import { outboxScripts, type OutboxScripts } from "./scripts.js";

/**
 * The transactional outbox: a store records the events of a change in the same atomic step as the change (the same
 * synchronous step in memory, the same Lua script on Redis), and a relay publishes them afterwards, retrying until
 * the bus has them. A crash then never loses an event (it stays recorded until published) and never publishes one for
 * a change that did not happen (it was never recorded). A crash between publish and removal publishes an event
 * twice, which consumers absorb: they are idempotent on `event.id`.
 */
export interface Outbox {
  /** Up to `limit` recorded events not yet published, oldest first. */
  pending(limit: number): Promise<DomainEvent[]>;
  /**
   * Removes the `count` oldest events, which were just published; `firstId` is the id of the oldest, checked so a
   * removal never drops an event it did not publish (two relays, a lease lost mid-batch): when the oldest is another
   * event, someone else removed these already and nothing is removed.
   */
  remove(count: number, firstId: string): Promise<void>;
}

export interface OutboxRelay {
  /**
   * Publishes everything pending now (best effort, bounded by a short timeout); a write path awaits this after its
   * change so that, normally, its events are on the bus before the client has its answer (the gateway's response
   * cache relies on STOCK_CHANGED arriving before the next read). Never throws: what fails stays pending.
   */
  flush(): Promise<void>;
  /** Stops the background loop (shutdown, tests). */
  stop(): Promise<void>;
}

/**
 * With several processes sharing one outbox (Redis), one relay at a time works it, so events are published in order
 * and once in the normal case: SET NX PX on `key` (same hash tag as the outbox), renewed per batch and given up when
 * the outbox is empty. A relay that dies holding it is replaced after `ttlMs` (default 5000).
 */
export interface OutboxLease {
  redis: RedisClient;
  key: string;
  ttlMs?: number;
}

export interface OutboxRelayOptions {
  logger: Logger;
  lease?: OutboxLease;
  /** How often the outbox is polled, so events recorded by a process that died are published by another. Default 200. */
  intervalMs?: number;
  /** Events read and published per round. Default 100. */
  batch?: number;
  /** The longest a `flush` waits before leaving the rest to the background loop. Default 2000. */
  flushTimeoutMs?: number;
}

export const DEFAULT_RELAY_INTERVAL_MS = 200;
export const DEFAULT_RELAY_BATCH = 100;
export const DEFAULT_LEASE_TTL_MS = 5_000;
export const DEFAULT_FLUSH_TIMEOUT_MS = 2_000;
/** The longest pause between attempts while the bus fails: long enough to spare it, short enough to catch up soon. */
const MAX_BACKOFF_MS = 5_000;
/** How often a flush looks again while another relay holds the lease. */
const LEASE_WAIT_MS = 10;

/** What one round did: the outbox was emptied, or another relay holds the lease and works it. */
type Round = "emptied" | "leased-elsewhere";

/**
 * Starts the relay: a background loop that publishes pending events in order, retries with backoff while the bus
 * fails, and polls every `intervalMs` (default ~200 ms) so events recorded by a process that died are published by
 * another. With `lease` (Redis), one relay at a time works an outbox (SET NX PX, renewed per batch).
 * With no bus (null/undefined), recorded events are simply dropped on flush (no subscriber exists).
 */
export function startOutboxRelay(outbox: Outbox, bus: EventBus | null | undefined, options: OutboxRelayOptions): OutboxRelay {
  return new Relay(outbox, bus ?? null, options);
}

class Relay implements OutboxRelay {
  private readonly intervalMs: number;
  private readonly batch: number;
  private readonly flushTimeoutMs: number;
  private readonly lease: { scripts: OutboxScripts; key: string; ttlMs: number; token: string } | null;
  /** The round running now, and the one queued behind it: a flush must see a round that starts after its change. */
  private current: Promise<Round> | null = null;
  private next: Promise<Round> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private readonly logger: Logger;

  constructor(
    private readonly outbox: Outbox,
    private readonly bus: EventBus | null,
    options: OutboxRelayOptions,
  ) {
    this.logger = options.logger;
    this.intervalMs = options.intervalMs ?? DEFAULT_RELAY_INTERVAL_MS;
    this.batch = options.batch ?? DEFAULT_RELAY_BATCH;
    this.flushTimeoutMs = options.flushTimeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS;
    this.lease = options.lease
      ? {
          scripts: outboxScripts(options.lease.redis),
          key: options.lease.key,
          ttlMs: options.lease.ttlMs ?? DEFAULT_LEASE_TTL_MS,
          token: randomUUID(),
        }
      : null;
    // Whatever a process that died left recorded is published at once, not after the first interval.
    this.schedule(0);
  }

  async flush(): Promise<void> {
    if (this.stopped) return;
    const deadline = Date.now() + this.flushTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.flushTimeoutMs)));
    try {
      await Promise.race([this.flushUntil(deadline), timeUp]);
    } catch {
      // What failed stays recorded; the background loop retries it with backoff, and logs.
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.race([Promise.allSettled([this.current, this.next]), sleep(this.flushTimeoutMs)]);
    if (this.lease) await this.lease.scripts.outboxLeaseGiveUp(this.lease.key, this.lease.token).catch(() => undefined);
  }

  /** Rounds until the outbox is empty, or until another relay that holds the lease has emptied it. */
  private async flushUntil(deadline: number): Promise<void> {
    while (!this.stopped && Date.now() < deadline) {
      if ((await this.round()) === "emptied") return;
      // The holder is publishing right now and gives the lease up once the outbox is empty.
      if ((await this.outbox.pending(1)).length === 0) return;
      await sleep(LEASE_WAIT_MS);
    }
  }

  /** One round at a time in this process; a caller arriving mid-round gets the next one, which reads afresh. */
  private round(): Promise<Round> {
    if (this.current === null) {
      const running = this.publishPending().finally(() => {
        if (this.current === running) this.current = null;
      });
      this.current = running;
      return running;
    }
    if (this.next === null) {
      const queued = this.current
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          this.next = null;
          return this.round();
        });
      this.next = queued;
    }
    return this.next;
  }

  /** Publishes batches in order until the outbox is empty; throws when the bus or the outbox fails. */
  private async publishPending(): Promise<Round> {
    if (this.lease && !(await this.takeLease())) return "leased-elsewhere";
    try {
      for (;;) {
        const events = await this.outbox.pending(this.batch);
        if (events.length === 0) return "emptied";
        let published = 0;
        try {
          if (this.bus === null) published = events.length;
          else {
            for (const event of events) {
              await this.bus.publish(event);
              published++;
            }
          }
        } finally {
          // What reached the bus leaves the outbox even when a later event of the batch failed.
          if (published > 0) await this.outbox.remove(published, events[0].id);
        }
        // Renewed per batch; lost (this relay stalled past its ttl and another took over): leave the rest to it.
        if (this.lease && !(await this.takeLease())) return "leased-elsewhere";
      }
    } finally {
      // Held only while working: another process's flush may then publish its own events at once.
      if (this.lease) await this.lease.scripts.outboxLeaseGiveUp(this.lease.key, this.lease.token).catch(() => undefined);
    }
  }

  /** Takes or renews the lease; false when another relay holds it. */
  private async takeLease(): Promise<boolean> {
    const lease = this.lease!;
    return (await lease.scripts.outboxLeaseTake(lease.key, lease.token, String(lease.ttlMs))) === 1;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // The relay must never keep a process alive on its own.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    let delay = this.intervalMs;
    try {
      await this.round();
      if (this.failures > 0) this.logger.info("outbox relay publishes again", { failedRounds: this.failures });
      this.failures = 0;
    } catch (error) {
      this.failures++;
      // Full jitter up to an exponentially growing ceiling, so relays that failed together do not retry together.
      delay = Math.max(this.intervalMs / 2, Math.random() * Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** this.failures));
      this.logger.error("outbox relay could not publish; events stay recorded and are retried", {
        failedRounds: this.failures,
        retryInMs: Math.round(delay),
        error,
      });
    }
    if (this.timer === null) this.schedule(delay);
  }
}
