import { describe } from "vitest";
import { expiryAndRestock } from "./expiry-restock.js";
import { storeHours } from "./hours.js";
import { contractKit, type MakeInventoryStore } from "./kit.js";
import { readsAndAdjustments } from "./reads-adjust.js";
import { reservations } from "./reserve.js";
import { settlements } from "./settle.js";

export type { InventoryStoreHarness, MakeInventoryStore } from "./kit.js";

/**
 * The inventory store's contract, run against every implementation. Each story opens a fresh store on a small
 * network of its own; stories about concurrency open several instances of one store, as several subgraph processes
 * sharing one database would be.
 */
export function inventoryStoreContract(name: string, makeStore: MakeInventoryStore): void {
  describe(`the ${name} inventory store`, () => {
    const kit = contractKit(makeStore);
    readsAndAdjustments(kit);
    reservations(kit);
    settlements(kit);
    expiryAndRestock(kit);
    storeHours(kit);
  });
}
