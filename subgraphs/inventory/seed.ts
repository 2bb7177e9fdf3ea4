import { demoWorld } from "../../lib/demo/world.js";
import type { LocationRecord, StockRecord } from "./store/index.js";

export interface InventorySeed {
  locations: LocationRecord[];
  stock: StockRecord[];
}

/** The demo network: 12 Chicago-area stores, 2 distribution centers and their stock. Fresh copies on every call. */
export function inventorySeed(): InventorySeed {
  const world = demoWorld();
  return structuredClone({ locations: world.locations, stock: world.stock });
}
