import { demoWorld, type DemoWorldOptions } from "../../lib/demo/world.js";
import type { LocationRecord, StockRecord } from "./store/index.js";

export interface InventorySeed {
  locations: LocationRecord[];
  stock: StockRecord[];
}

/** The demo network: 12 Chicago-area stores, 2 distribution centers and their stock (~8.5k rows times the scale). Fresh copies on every call. */
export function inventorySeed(options: DemoWorldOptions = {}): InventorySeed {
  const world = demoWorld(options);
  // Stock rows hold only strings and numbers: a spread copies one fully, many times faster than structuredClone does
  // (it matters at scale: 100 times the demo world has ~850k rows).
  return { locations: structuredClone(world.locations), stock: world.stock.map((row) => ({ ...row })) };
}
