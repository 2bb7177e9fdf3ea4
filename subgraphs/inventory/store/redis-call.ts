import { defineScripts, type Scripts } from "../../../lib/redis-scripts.js";
import type { RedisClient } from "../../../lib/redis.js";
import { inventoryKeys } from "./redis-keys.js";
import { INVENTORY_SCRIPTS, type InventoryScriptName } from "./scripts.js";

/**
 * One inventory script call in the convention of lua/prelude.lua: the expiry index first, then the clock, retention
 * and the STOCK_CHANGED a write records with its change ('' for reads), then the script's own keys and arguments.
 */
export class InventoryScripts {
  private readonly scripts: Scripts<typeof INVENTORY_SCRIPTS>;

  constructor(
    redis: RedisClient,
    private readonly now: () => Date,
    private readonly retentionMs: number,
  ) {
    this.scripts = defineScripts(redis, INVENTORY_SCRIPTS);
  }

  run(
    name: Exclude<InventoryScriptName, "inventoryAllLocations" | "inventoryHoursExceptions" | "inventoryClearHoursException">,
    keys: readonly string[],
    args: readonly (string | number)[],
    options: { at?: Date; event?: string } = {},
  ): Promise<unknown> {
    const at = options.at ?? this.now();
    return this.scripts[name](
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

  /** Every location's JSON (no sweep: locations hold nothing). */
  allLocations(): Promise<unknown> {
    return this.scripts.inventoryAllLocations(1, inventoryKeys.locations);
  }

  /** Every listed location's dated exceptions, one HGETALL answer each (no sweep: hours hold no stock). */
  hoursExceptions(locationIds: readonly string[]): Promise<unknown> {
    return this.scripts.inventoryHoursExceptions(locationIds.length, ...locationIds.map(inventoryKeys.hoursExceptions));
  }

  /** Removes one dated exception, answering its JSON (nil when there was none). */
  clearHoursException(locationId: string, date: string): Promise<unknown> {
    return this.scripts.inventoryClearHoursException(inventoryKeys.hoursExceptions(locationId), date);
  }
}
