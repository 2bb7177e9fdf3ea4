import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { DomainEvent, EventBus } from "../../lib/events.js";
import type { Logger } from "../../lib/logger.js";
import type { RedisClient } from "../../lib/redis.js";

/** One domain event as the gateway heard it, with the id the bus gave it (the SSE event id). */
export interface FeedEntry {
  /** The stream id, `<ms>-<seq>`: ordered, and what an SSE client sends back as Last-Event-ID. */
  id: string;
  event: DomainEvent;
}

/**
 * Every domain event, to every gateway instance: subscribers of one instance hear what was caused through another.
 * Unlike a consumer group, which hands each event to one instance, a feed is a broadcast.
 */
export interface EventFeed {
  /** Calls `handler` for every event from now on, in stream order; returns the stop. */
  listen(handler: (entry: FeedEntry) => void): () => void;
  /** Up to `limit` events after `id`, oldest first (what a reconnecting client missed). */
  since(id: string, limit: number): Promise<FeedEntry[]>;
  /** Resolves once listening has begun: an event published afterwards is heard. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** `<ms>-<seq>` ids compare by their two numbers. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am !== bm ? am - bm : as - bs;
}

/** A well-formed stream id, or null: Last-Event-ID comes from the client. */
export function parseStreamId(value: string | null | undefined): string | null {
  return typeof value === "string" && /^\d{1,16}-\d{1,16}$/.test(value.trim()) ? value.trim() : null;
}

/**
 * In one process (the embedded default): a consumer group of its own on the memory bus, so this gateway gets every
 * event, ids made like a stream's, and the last `keep` events held for replay.
 */
export class MemoryEventFeed implements EventFeed {
  private readonly handlers = new Set<(entry: FeedEntry) => void>();
  private readonly recent: FeedEntry[] = [];
  private lastMs = 0;
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly keep: number,
  ) {
    this.unsubscribe = bus.subscribe(`gateway-subscriptions-${randomUUID()}`, async (event) => this.push(event));
  }

  private push(event: DomainEvent): void {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    } else this.seq++;
    const entry = { id: `${this.lastMs}-${this.seq}`, event };
    if (this.keep > 0) {
      this.recent.push(entry);
      if (this.recent.length > this.keep) this.recent.shift();
    }
    for (const handler of this.handlers) handler(entry);
  }

  listen(handler: (entry: FeedEntry) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async since(id: string, limit: number): Promise<FeedEntry[]> {
    return this.recent.filter((entry) => compareIds(entry.id, id) > 0).slice(0, limit);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.unsubscribe();
    this.handlers.clear();
  }
}

type StreamEntry = [id: string, fields: string[]];

/**
 * On Redis: the bus's own stream (lib/events-redis.ts), read with plain XREAD from its end — no consumer group, so
 * every gateway instance reads every entry — and XRANGE for replay. Entry ids are Redis's.
 */
export class RedisEventFeed implements EventFeed {
  private readonly handlers = new Set<(entry: FeedEntry) => void>();
  private readonly reader: Redis;
  private readonly stream: string;
  private stopped = false;
  private readonly started: Promise<void>;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    client: RedisClient,
    private readonly options: { logger: Logger; blockMs?: number; stream?: string },
  ) {
    // The key as RedisEventBus writes it: its stream under the client's prefix, on a connection without one (XREAD's
    // keys are not prefixed by ioredis).
    const prefix = (client.options as { keyPrefix?: string }).keyPrefix ?? "";
    this.stream = `${prefix}${options.stream ?? "{events}:stream"}`;
    this.reader = (client as Redis).duplicate({ keyPrefix: "" });
    this.started = this.lastId().then((from) => {
      this.loop = this.run(from);
    });
    this.started.catch((error: unknown) => options.logger.error("event feed could not start", { error }));
  }

  private async lastId(): Promise<string> {
    const last = (await this.reader.xrevrange(this.stream, "+", "-", "COUNT", 1)) as StreamEntry[];
    return last[0]?.[0] ?? "0-0";
  }

  private async run(from: string): Promise<void> {
    let last = from;
    while (!this.stopped) {
      try {
        const reply = (await this.reader.xread("COUNT", 500, "BLOCK", this.options.blockMs ?? 1_000, "STREAMS", this.stream, last)) as
          [string, StreamEntry[]][] | null;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          last = id;
          const entry = toEntry(id, fields);
          if (entry) for (const handler of this.handlers) handler(entry);
        }
      } catch (error) {
        if (this.stopped) return;
        this.options.logger.warn("event feed read failed; retrying", { error });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  listen(handler: (entry: FeedEntry) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async since(id: string, limit: number): Promise<FeedEntry[]> {
    if (limit <= 0) return [];
    const entries = (await this.reader.xrange(this.stream, `(${id}`, "+", "COUNT", limit)) as StreamEntry[];
    return entries.map(([entryId, fields]) => toEntry(entryId, fields)).filter((entry): entry is FeedEntry => entry !== null);
  }

  ready(): Promise<void> {
    return this.started;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.handlers.clear();
    // A blocking read would hold the close for its whole BLOCK: the connection is cut instead.
    this.reader.disconnect();
    await this.loop.catch(() => undefined);
  }
}

function toEntry(id: string, fields: string[]): FeedEntry | null {
  const at = fields.indexOf("event");
  if (at === -1) return null;
  try {
    return { id, event: JSON.parse(fields[at + 1]) as DomainEvent };
  } catch {
    return null;
  }
}
