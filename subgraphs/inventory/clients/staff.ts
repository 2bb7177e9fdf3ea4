import { ErrorCode, OmnigraphError } from "../../../lib/errors.js";
import type { ServiceClient } from "../../../lib/service-client.js";

/** The customer service's staff records, as this subgraph checks them: who manages which store. */
export interface StaffDirectory {
  /** Whether the associate is a STORE_MANAGER whose home store is `storeId`; false for anyone else or no one. */
  managesStore(associateId: string, storeId: string, requestId: string): Promise<boolean>;
}

/** Asks the customer subgraph, with a signed service identity; `client` is called on first use. */
export function customerStaff(client: () => ServiceClient): StaffDirectory {
  return {
    async managesStore(associateId, storeId, requestId) {
      const data = await client().request<{ associate: { role: string; homeStore: { id: string } | null } | null }>(
        `query($id: ID!) { associate(id: $id) { role homeStore { id } } }`,
        { id: associateId },
        { requestId },
      );
      return data.associate?.role === "STORE_MANAGER" && data.associate.homeStore?.id === storeId;
    },
  };
}

/** Without a customer client no one's role can be checked, so nothing that needs a manager is changed. */
export const unconfiguredStaff: StaffDirectory = {
  async managesStore() {
    throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "Store managers cannot be checked right now; nothing was changed.");
  },
};
