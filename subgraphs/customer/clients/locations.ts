import { ErrorCode, OmnigraphError } from "../../../lib/errors.js";
import type { ServiceClient } from "../../../lib/service-client.js";

export type LocationKind = "STORE" | "DISTRIBUTION_CENTER";

/** The inventory service's locations, as this subgraph checks them (a preferred store, a store visit). */
export interface LocationDirectory {
  /** What the location is; null when the inventory service knows no location with that id. */
  kindOf(locationId: string, requestId: string): Promise<LocationKind | null>;
}

/** Asks the inventory subgraph, with a signed service identity; `client` is called on first use. */
export function inventoryLocations(client: () => ServiceClient): LocationDirectory {
  return {
    async kindOf(locationId, requestId) {
      const data = await client().request<{ location: { type: LocationKind } | null }>(
        `query($id: ID!) { location(id: $id) { type } }`,
        { id: locationId },
        { requestId },
      );
      return data.location?.type ?? null;
    },
  };
}

/** Without an inventory client nothing can be checked, so nothing that needs a check is changed. */
export const unconfiguredLocations: LocationDirectory = {
  async kindOf() {
    throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "Stores cannot be checked right now; nothing was changed.");
  },
};
