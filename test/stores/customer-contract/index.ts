import { caseQueueContract } from "./case-queue.js";
import { eventsAndTimelineContract } from "./events-timeline.js";
import type { CustomerStoreHarness } from "./fixtures.js";
import { profilesAndCasesContract } from "./profiles-cases.js";

export type { CustomerStoreHarness } from "./fixtures.js";

/** What every CustomerStore must do, whatever holds the data (see fixtures.ts for the harness). */
export function customerStoreContract(name: string, harness: CustomerStoreHarness): void {
  eventsAndTimelineContract(name, harness);
  profilesAndCasesContract(name, harness);
  caseQueueContract(name, harness);
}
