import { cartsContract } from "./carts.js";
import { checkoutContract } from "./checkout.js";
import { concurrencyContract } from "./concurrency.js";
import type { OrderStoreHarness } from "./fixtures.js";
import { giftCardsContract } from "./gift-cards.js";
import { orderLifecycleContract } from "./orders.js";
import { outboxContract } from "./outbox.js";
import { orderReadsContract } from "./reads.js";

export type { OrderStoreHarness } from "./fixtures.js";
export { orderStoreGuestContract } from "./guest-orders.js";
export { orderStoreWorkContract } from "./store-work.js";

/**
 * What every OrderStore must do, whatever holds the data: the memory store, a single Redis and a Redis Cluster run the
 * same stories on a small hand-made world (fixtures.ts), one file per concern.
 */
export function orderStoreContract(name: string, harness: OrderStoreHarness): void {
  orderReadsContract(name, harness);
  orderLifecycleContract(name, harness);
  cartsContract(name, harness);
  checkoutContract(name, harness);
  outboxContract(name, harness);
  concurrencyContract(name, harness);
  giftCardsContract(name, harness);
}
