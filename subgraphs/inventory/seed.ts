import { demoWorld, type DemoWorldOptions } from "../../lib/demo/world.js";
import { demoHoursExceptions } from "./demo.js";
import type { HoursExceptionRecord, LocationRecord, StockRecord } from "./store/index.js";

export interface InventorySeed {
  locations: LocationRecord[];
  stock: StockRecord[];
  /** Dated exceptions to the weekly hours (holidays, special hours); none when omitted. */
  hoursExceptions?: HoursExceptionRecord[];
}

/** The demo network: 12 Chicago-area stores, 2 distribution centers and their stock (~8.5k rows times the scale). Fresh copies on every call. */
export function inventorySeed(options: DemoWorldOptions = {}): InventorySeed {
  const world = demoWorld(options);
  // Stock rows hold only strings and numbers: a spread copies one fully, many times faster than structuredClone does
  // (it matters at scale: 100 times the demo world has ~850k rows).
  return {
    locations: structuredClone(world.locations),
    stock: world.stock.map((row) => ({ ...row })),
    hoursExceptions: demoHoursExceptions(world.locations),
  };
}
