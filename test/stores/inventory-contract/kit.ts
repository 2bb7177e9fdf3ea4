import { afterEach } from "vitest";
import type { InventorySeed } from "../../../subgraphs/inventory/seed.js";
import { planSourcing } from "../../../subgraphs/inventory/rules/sourcing.js";
import type {
  InventoryStore,
  LocationRecord,
  ReservationLine,
  ReservationRecord,
  StockRecord,
} from "../../../subgraphs/inventory/store/index.js";
import { T0, testSeed } from "./fixtures.js";

export interface InventoryStoreHarness {
  /** One store per subgraph instance, all on the same data. An in-process store has one instance, repeated. */
  stores: InventoryStore[];
  close(): Promise<void>;
}

export type MakeInventoryStore = (setup: { seed: InventorySeed; now: () => Date; instances: number }) => Promise<InventoryStoreHarness>;

/** What every story of the contract works with: the stores' clock, fresh stores, and reserving by sourcing. */
export interface ContractKit {
  /** The stores' clock (epoch ms): stories move it; back to T0 after each story. */
  clock: { at: number };
  /** The stores' clock as a Date. */
  now(): Date;
  /** The test network's locations, as seeded. */
  locations: LocationRecord[];
  /** A fresh store on the test network; `instances` > 1 for stories about several processes. */
  start(instances?: number): Promise<InventoryStore[]>;
  one(): Promise<InventoryStore>;
  /** Reserves `lines` under `key`, sourced on the test network. */
  reserve(
    store: InventoryStore,
    key: string,
    lines: ReservationLine[],
    options?: { ttlSeconds?: number; ignoreSafetyStock?: boolean },
  ): Promise<ReservationRecord>;
  level(store: InventoryStore, locationId: string, sku: string): Promise<StockRecord | null>;
}

/** The kit for one implementation; call inside its describe, so the stores it opens close after each story. */
export function contractKit(makeStore: MakeInventoryStore): ContractKit {
  const clock = { at: T0 };
  const now = () => new Date(clock.at);
  const open: InventoryStoreHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((harness) => harness.close()));
    clock.at = T0;
  });
  const locations = testSeed().locations;
  const start = async (instances = 1): Promise<InventoryStore[]> => {
    const harness = await makeStore({ seed: testSeed(), now, instances });
    open.push(harness);
    return harness.stores;
  };
  return {
    clock,
    now,
    locations,
    start,
    one: async () => (await start())[0],
    reserve: (store, key, lines, options = {}) =>
      store.reserve({
        key,
        skus: [...new Set(lines.map((line) => line.sku))],
        plan: (available) => planSourcing(lines, locations, available),
        ttlSeconds: options.ttlSeconds ?? 900,
        ignoreSafetyStock: options.ignoreSafetyStock ?? false,
      }),
    level: async (store, locationId, sku) => (await store.stockLevels([{ locationId, sku }]))[0],
  };
}
