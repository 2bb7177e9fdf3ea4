import { readFileSync } from "node:fs";
import type { RedisClient } from "./redis.js";

/**
 * The one Redis style every store follows: Lua lives in `.lua` files beside the store (each with a comment on its
 * keys and why it must be one atomic step), is read once when the module loads, and is called through a typed
 * registry; batches of plain commands go through `execPipeline`, which fails loudly instead of leaving per-command
 * errors in an array nobody reads.
 */

/** The text of a Lua file, read once (call it at module level): `lua(new URL("./lua/reserve.lua", import.meta.url))`. */
export function lua(...parts: URL[]): string {
  return parts.map((part) => readFileSync(part, "utf8")).join("\n");
}

/** One script: its Lua and, when fixed, how many of its arguments are keys (the rest are ARGV). */
export interface ScriptSpec {
  lua: string;
  /** The number of KEYS; omitted when the caller passes it first on each call (a variable number of keys). */
  keys?: number;
}

/** A defined script: called with its keys then its arguments (with the key count first when the spec has none). */
export type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

export type Scripts<T extends Record<string, ScriptSpec>> = { readonly [Name in keyof T]: ScriptCall };

/**
 * Defines every script on the client and answers a typed object of callers. ioredis sends EVALSHA, falls back to
 * EVAL once per connection, and applies the client's key prefix to KEYS. Command names should carry the subgraph
 * (`inventoryReserve`), since stores of several subgraphs may share one client.
 */
export function defineScripts<T extends Record<string, ScriptSpec>>(redis: RedisClient, specs: T): Scripts<T> {
  const callers: Record<string, ScriptCall> = {};
  for (const [name, spec] of Object.entries(specs)) {
    redis.defineCommand(name, spec.keys === undefined ? { lua: spec.lua } : { numberOfKeys: spec.keys, lua: spec.lua });
    // defineCommand adds the method at run time; ioredis's typings do not know it.
    const method = (redis as unknown as Record<string, ScriptCall>)[name];
    callers[name] = method.bind(redis);
  }
  return callers as Scripts<T>;
}

export type Pipeline = ReturnType<RedisClient["pipeline"]>;

/** Sends the commands `build` queues as one pipeline; throws the first command's error, else answers every result. */
export async function execPipeline(redis: RedisClient, build: (pipeline: Pipeline) => void): Promise<unknown[]> {
  const pipeline = redis.pipeline();
  build(pipeline);
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results.map(([, value]) => value);
}
