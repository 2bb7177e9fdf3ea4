import { createHash } from "node:crypto";
import type { ChainableCommander } from "ioredis";
import type { DomainEvent } from "../../../../lib/events.js";
import type { EventsOf } from "../order-store.js";
import { orderKeys } from "./keys.js";

/**
 * One Redis write as the order scripts take it (Change: what must still hold, then the commands), what one attempt
 * of a write decided (Attempt), and the small codecs around them: JSON parsing, SHA-1, and replaying a change's
 * commands on a pipeline (seeding).
 */

export type Arg = string | number;

type Command = "SET" | "DEL" | "HSET" | "HDEL" | "HINCRBY" | "SADD" | "SREM" | "ZADD" | "ZREM" | "PEXPIRE" | "RPUSH";

/**
 * One write, as the scripts take it: what must still hold (a key's or hash field's value, compared by SHA-1), then
 * the commands to run. Every key gets a KEYS slot, so the script names all it touches.
 */
export class Change {
  readonly keys: string[] = [];
  readonly ops: { command: Command; key: string; args: Arg[] }[] = [];
  private readonly slots = new Map<string, number>();
  private readonly checks: Arg[] = [];

  constructor(leadingKeys: readonly string[] = []) {
    for (const key of leadingKeys) this.slot(key);
  }

  /** Only while `key` (or its hash `field`) still holds `value`; null: while it is still absent. */
  expect(key: string, value: string | null, field = ""): this {
    this.checks.push(this.slot(key), field, value === null ? "" : sha1(value));
    return this;
  }

  set(key: string, value: string) {
    return this.op("SET", key, value);
  }
  hset(key: string, field: string, value: string) {
    return this.op("HSET", key, field, value);
  }
  hdel(key: string, field: string) {
    return this.op("HDEL", key, field);
  }
  /** Removes the field when it reaches zero. */
  hincrby(key: string, field: string, by: number) {
    return this.op("HINCRBY", key, field, by);
  }
  sadd(key: string, member: string) {
    return this.op("SADD", key, member);
  }
  srem(key: string, member: string) {
    return this.op("SREM", key, member);
  }
  zadd(key: string, score: number, member: string) {
    return this.op("ZADD", key, score, member);
  }
  zrem(key: string, member: string) {
    return this.op("ZREM", key, member);
  }
  /** Appends to a list (the outbox: events recorded with the change). */
  rpush(key: string, value: string) {
    return this.op("RPUSH", key, value);
  }
  /** Records events in the outbox with the change. */
  record(events: readonly DomainEvent[]) {
    for (const event of events) this.rpush(orderKeys.outbox, JSON.stringify(event));
    return this;
  }
  /** Expires the key `ms` after the change is applied. */
  pexpire(key: string, ms: number) {
    return this.op("PEXPIRE", key, ms);
  }

  /** The checks and commands as COMMIT's ARGV. */
  commitArgs(): Arg[] {
    return [this.checks.length / 3, ...this.checks, ...this.opArgs()];
  }

  /** The commands alone, each as (command, key slot, arguments...). */
  opArgs(): Arg[] {
    return this.ops.flatMap(({ command, key, args }) => [command, this.slot(key), ...args]);
  }

  private op(command: Command, key: string, ...args: Arg[]): this {
    this.slot(key);
    this.ops.push({ command, key, args });
    return this;
  }

  private slot(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      this.keys.push(key);
      slot = this.keys.length;
      this.slots.set(key, slot);
    }
    return slot;
  }
}

/** What one attempt of a write decided: its answer, and the change to commit for it (none: nothing to write). */
export interface Attempt<T> {
  value: T;
  change?: Change;
}

/** A write's answer and change, with its events recorded in the outbox in the same script. */
export function recorded<T>(value: T, change: Change, events: EventsOf<T> | undefined): Attempt<T> {
  if (events) change.record(events(value));
  return { value, change };
}

export function parse<T>(json: string | null | undefined): T | null {
  return json ? (JSON.parse(json) as T) : null;
}

function sha1(value: string): string {
  return createHash("sha1").update(value, "utf8").digest("hex");
}

/** Queues one of a change's commands on a pipeline, as the scripts would run it. */
export function queue(batch: ChainableCommander, { command, key, args }: Change["ops"][number]): void {
  const [a, b] = args;
  if (command === "SET") batch.set(key, a);
  else if (command === "DEL") batch.del(key);
  else if (command === "HSET") batch.hset(key, String(a), b);
  else if (command === "HDEL") batch.hdel(key, String(a));
  else if (command === "HINCRBY") batch.hincrby(key, String(a), b);
  else if (command === "SADD") batch.sadd(key, a);
  else if (command === "SREM") batch.srem(key, a);
  else if (command === "ZADD") batch.zadd(key, a, b);
  else if (command === "RPUSH") batch.rpush(key, a);
  else if (command === "PEXPIRE") batch.pexpire(key, a);
  else batch.zrem(key, a);
}

/** Runs a pipeline and fails on the first command that failed, instead of handing back [error, result] pairs. */
export async function run(batch: ChainableCommander): Promise<void> {
  for (const [error] of (await batch.exec()) ?? []) if (error) throw error;
}
