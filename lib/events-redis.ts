import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { DomainEvent, EventBus, EventHandler } from "./events.js";
import type { Logger } from "./logger.js";
import type { RedisClient } from "./redis.js";

export interface RedisEventBusOptions {
  /** Stream key (under the client's prefix); one hash tag so cluster commands stay in one slot. */
  stream?: string;
  /** Entries kept in the stream, roughly (XADD MAXLEN ~). */
  maxLength?: number;
  /** How long a delivered entry may stay unacknowledged before another consumer of the group claims it. */
  claimIdleMs?: number;
  /** Longest wait of one blocking read; also how often pending entries are re-checked. */
  blockMs?: number;
  logger?: Logger;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Events on a Redis Stream with consumer groups: each group gets every event at least once, across processes. A
 * handler's success acknowledges the entry; a consumer that dies leaves its entries pending, and another consumer of
 * the group claims them after `claimIdleMs`. A group that was down catches up from where it stopped, because Redis
 * keeps the group's position. Handlers must be idempotent on `event.id`.
 */
export class RedisEventBus implements EventBus {
  private readonly stream: string;
  private readonly consumer = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loops = new Map<string, { stop: boolean; reader: Redis; done: Promise<void>; registered: Promise<void> }>();
  private readonly options: Required<Omit<RedisEventBusOptions, "logger">> & { logger?: Logger };

  private readonly redis: Redis;

  constructor(client: RedisClient, options: RedisEventBusOptions = {}) {
    this.options = { stream: "{events}:stream", maxLength: 100_000, claimIdleMs: 30_000, blockMs: 500, ...options };
    // ioredis applies keyPrefix to XADD but not to XGROUP or XREADGROUP, whose key it cannot locate: the bus works on
    // an unprefixed connection and prefixes the one key it uses itself.
    const prefix = (client.options as { keyPrefix?: string }).keyPrefix ?? "";
    this.stream = `${prefix}${this.options.stream}`;
    this.redis = (client as Redis).duplicate({ keyPrefix: "" });
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.redis.xadd(this.stream, "MAXLEN", "~", String(this.options.maxLength), "*", "event", JSON.stringify(event));
  }

  subscribe(group: string, handler: EventHandler): () => void {
    if (this.loops.has(group)) throw new Error(`event group "${group}" already has a handler in this process`);
    // Blocking reads hold their connection, so each group reads on its own.
    const reader = this.redis.duplicate();
    const registered = this.ensureGroup(group);
    // A failure to register is reported by ready(); it must not surface as an unhandled rejection meanwhile.
    registered.catch((error) => this.options.logger?.error("event group could not be registered", { group, error }));
    const state = { stop: false, reader, done: Promise.resolve(), registered };
    state.done = registered.then(
      () => this.run(group, handler, state),
      () => undefined,
    );
    this.loops.set(group, state);
    return () => {
      state.stop = true;
    };
  }

  async ready(): Promise<void> {
    await Promise.all([...this.loops.values()].map((state) => state.registered));
  }

  /** Resolves when every group subscribed in this process has handled and acknowledged everything in the stream. */
  async drain(): Promise<void> {
    await this.ready();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const busy = await Promise.all([...this.loops.keys()].map((group) => this.behind(group)));
      if (!busy.some(Boolean)) return;
      if (Date.now() > deadline) throw new Error("event bus did not drain within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops reading; a handler still running after 2 s is abandoned, and its entry stays pending for others. */
  async close(): Promise<void> {
    for (const state of this.loops.values()) state.stop = true;
    await Promise.race([Promise.all([...this.loops.values()].map((state) => state.done)), new Promise((r) => setTimeout(r, 2_000))]);
    await Promise.all([...this.loops.values()].map((state) => state.reader.quit().catch(() => undefined)));
    this.loops.clear();
    await this.redis.quit().catch(() => undefined);
  }

  private async behind(group: string): Promise<boolean> {
    const groups = (await this.redis.xinfo("GROUPS", this.stream)) as unknown[][];
    for (const info of groups) {
      const fields = Object.fromEntries(chunk(info as unknown[]));
      if (fields.name !== group) continue;
      return Number(fields.pending) > 0 || (fields.lag !== null && Number(fields.lag) > 0);
    }
    return false;
  }

  private async ensureGroup(group: string): Promise<void> {
    try {
      // "$": a new group starts with what is published from now on; an existing group keeps its position.
      await this.redis.xgroup("CREATE", this.stream, group, "$", "MKSTREAM");
    } catch (error) {
      if (!String((error as Error).message).includes("BUSYGROUP")) throw error;
    }
  }

  private async run(group: string, handler: EventHandler, state: { stop: boolean; reader: Redis }): Promise<void> {
    let lastClaim = 0;
    // Entries this consumer was given but did not acknowledge (a handler failed): retried first, after a pause.
    let retryOwn = true;
    while (!state.stop) {
      try {
        if (retryOwn) {
          const own = await this.read(state.reader, group, "0", false);
          retryOwn = own.length > 0 && !(await this.handle(group, handler, own));
          if (retryOwn) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        if (Date.now() - lastClaim >= this.options.claimIdleMs) {
          lastClaim = Date.now();
          const claimed = (await this.redis.xautoclaim(
            this.stream,
            group,
            this.consumer,
            this.options.claimIdleMs,
            "0-0",
            "COUNT",
            100,
          )) as [string, StreamEntry[]];
          if (claimed[1].length > 0 && !(await this.handle(group, handler, claimed[1]))) retryOwn = true;
        }
        const fresh = await this.read(state.reader, group, ">", true);
        if (fresh.length > 0 && !(await this.handle(group, handler, fresh))) retryOwn = true;
      } catch (error) {
        if (state.stop) break;
        this.options.logger?.error("event consumer failed; retrying", { group, error });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private async read(reader: Redis, group: string, from: string, block: boolean): Promise<StreamEntry[]> {
    const args: (string | number)[] = ["GROUP", group, this.consumer, "COUNT", 100];
    if (block) args.push("BLOCK", this.options.blockMs);
    const reply = (await (reader.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(...args, "STREAMS", this.stream, from)) as
      [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1]?.filter((entry) => entry[1] !== null) ?? [];
  }

  /** Handles entries in order; false when one failed (it stays pending, to be retried or claimed). */
  private async handle(group: string, handler: EventHandler, entries: StreamEntry[]): Promise<boolean> {
    let allHandled = true;
    for (const [id, fields] of entries) {
      const raw = fields[fields.indexOf("event") + 1];
      try {
        await handler(JSON.parse(raw) as DomainEvent);
        await this.redis.xack(this.stream, group, id);
      } catch (error) {
        allHandled = false;
        this.options.logger?.error("event handler failed; will retry", { group, entry: id, error });
      }
    }
    return allHandled;
  }
}

function chunk(flat: unknown[]): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([String(flat[i]), flat[i + 1]]);
  return pairs;
}
