import { lua, type ScriptSpec } from "../../../lib/redis-scripts.js";

/**
 * The Lua behind the Redis inventory store, one file per script in lua/ (each says what its KEYS and ARGV are and why
 * it must be one atomic step), read once when this module loads. Every script but the location and hours ones starts with
 * lua/prelude.lua: the calling convention (the expiry index, the clock, retention and the STOCK_CHANGED a write
 * records) and the sweep of expired reservations that runs before any answer. Their key counts vary with the call, so
 * the caller passes the count first (store/redis-call.ts).
 */
const withPrelude = (file: string): ScriptSpec => ({
  lua: lua(new URL("./lua/prelude.lua", import.meta.url), new URL(`./lua/${file}`, import.meta.url)),
});

/** Command names carry the subgraph, so stores of several subgraphs can share one client. */
export const INVENTORY_SCRIPTS = {
  inventoryStockLevels: withPrelude("stock-levels.lua"),
  inventoryStockForSkus: withPrelude("stock-for-skus.lua"),
  inventoryReserveRead: withPrelude("reserve-read.lua"),
  inventoryReserve: withPrelude("reserve.lua"),
  inventorySettle: withPrelude("settle.lua"),
  inventoryRestock: withPrelude("restock.lua"),
  inventoryAdjust: withPrelude("adjust.lua"),
  inventoryExpire: withPrelude("expire.lua"),
  inventoryAllLocations: { lua: lua(new URL("./lua/all-locations.lua", import.meta.url)) },
  inventoryHoursExceptions: { lua: lua(new URL("./lua/hours-exceptions.lua", import.meta.url)) },
  inventoryClearHoursException: { lua: lua(new URL("./lua/clear-hours-exception.lua", import.meta.url)), keys: 1 },
} satisfies Record<string, ScriptSpec>;

export type InventoryScriptName = keyof typeof INVENTORY_SCRIPTS;
